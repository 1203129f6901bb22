/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MMIO emulation: every stage-2 data abort on an emulated address is decoded
 * once (arch code, from its fault syndrome and address) into a `struct
 * mmio_access` and dispatched to the emulated device that owns the address.
 */
#ifndef HV_EMUL_H
#define HV_EMUL_H

#include <hv/types.h>
#include <hv/vmconfig.h>

struct vcpu;
struct vm;

/*
 * What a device needs of an access, in three words the trap path fills
 * with two stores. Where the result goes (register number, sign extension,
 * W/X destination) is the arch's business: it keeps that part of the
 * syndrome and writes the register back itself after the device returns,
 * so nothing here is read back but `value`.
 */
struct mmio_access {
	uint64_t addr;     /* guest IPA of the access */
	uint64_t value;    /* write: data from the guest; read: filled by device */
	uint32_t width;    /* bytes: 1, 2, 4 or 8 */
	bool write;
};

struct emul_dev;

/*
 * Handle one access; `acc->addr - dev->base` is the register offset.
 * Return HV_OK when emulated (for a read, acc->value holds the result), or
 * an error: the caller then injects a synchronous external abort.
 */
typedef enum hv_err (*emul_fn)(struct vcpu *vcpu, struct emul_dev *dev,
			       struct mmio_access *acc);

struct emul_dev {
	uint64_t base; /* IPA */
	uint64_t size;
	emul_fn access;
	void *priv;
	const struct vmcfg_emu_dev *cfg;
};

/*
 * Set up `dev` for the emu_devices entry `cfg` of `vm`: fill access (and
 * priv). Called once per VM build; reset is the device's business (it may
 * look at vm->boots).
 */
typedef enum hv_err (*emul_init_fn)(struct vm *vm, const struct vmcfg_emu_dev *cfg,
				    struct emul_dev *dev);

/*
 * The one place mapping emu_type → init function is the table in
 * core/emul.c: a module adds its line there and links its file.
 */
enum hv_err emul_dev_init(struct vm *vm, const struct vmcfg_emu_dev *cfg,
			  struct emul_dev *dev);
/** Dispatch a decoded access to the owning device; HV_ERR_NOTFOUND if none. */
enum hv_err emul_mmio(struct vcpu *vcpu, struct mmio_access *acc);
/** Forget the vCPU's last-hit device (every vCPU start, VM build). */
void emul_vcpu_reset(struct vcpu *vcpu);

#endif /* HV_EMUL_H */

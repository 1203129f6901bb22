/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MMIO emulation: every stage-2 data abort on an emulated address is decoded
 * once (arch code, from ESR_EL2.ISS and FAR/HPFAR) into a `struct
 * mmio_access` and dispatched to the emulated device that owns the address.
 */
#ifndef HV_EMUL_H
#define HV_EMUL_H

#include <hv/types.h>

struct vcpu;

struct mmio_access {
	uint64_t addr;     /* guest IPA of the access */
	uint64_t value;    /* write: data from the guest; read: filled by device */
	uint8_t width;     /* bytes: 1, 2, 4 or 8 */
	uint8_t reg;       /* guest register number (31 = xzr) */
	bool write;
	bool sign_extend;  /* ISS.SSE: sign-extend a narrow load */
	bool reg64;        /* ISS.SF: destination is an X register */
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
};

#endif /* HV_EMUL_H */

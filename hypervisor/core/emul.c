/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Emulated devices: the one table from AxVisor emu_type to the init
 * function of the module that implements it, and MMIO dispatch.
 *
 * To add a device type: implement `enum hv_err <mod>_emul_init(struct vm *,
 * const struct vmcfg_emu_dev *, struct emul_dev *)`, declare it in your
 * header, add one line to emul_types[] below and link your file.
 */
#include <hv/emul.h>
#include <hv/log.h>
#include <hv/vm.h>
#include <hv/vpl011.h>

/* emu_type 0x0: a window that reads as zero and ignores writes. */
static enum hv_err dummy_access(struct vcpu *vcpu, struct emul_dev *dev,
				struct mmio_access *acc)
{
	(void)vcpu;
	(void)dev;
	if (!acc->write)
		acc->value = 0;
	return HV_OK;
}

static enum hv_err dummy_emul_init(struct vm *vm, const struct vmcfg_emu_dev *cfg,
				   struct emul_dev *dev)
{
	(void)vm;
	(void)cfg;
	dev->access = dummy_access;
	return HV_OK;
}

static const struct {
	uint32_t type;
	emul_init_fn init;
} emul_types[] = {
	{VMCFG_EMU_DUMMY, dummy_emul_init},
	{VMCFG_EMU_CONSOLE, vpl011_emul_init},
};

enum hv_err emul_dev_init(struct vm *vm, const struct vmcfg_emu_dev *cfg,
			  struct emul_dev *dev)
{
	*dev = (struct emul_dev){.base = cfg->ipa, .size = cfg->size, .cfg = cfg};
	for (size_t i = 0; i < ARRAY_SIZE(emul_types); i++) {
		if (emul_types[i].type == cfg->type)
			return emul_types[i].init(vm, cfg, dev);
	}
	return HV_ERR_UNSUPP;
}

/*
 * Device lookup with a per-vCPU last-hit cache: a guest driver polls the
 * same device over and over. The cached pointer is into the vCPU's own
 * vm->emus[] (so never another VM's device) and only used when its range
 * contains the address; emulated devices of a VM never overlap (axvmconfig
 * refuses it), so a hit is the device the search would return.
 */
static struct emul_dev *emul_find(struct vcpu *vcpu, uint64_t ipa)
{
	struct emul_dev *d = vcpu->emul_last;

	if (d && ipa - d->base < d->size)
		return d;
	d = vm_find_emul(vcpu->vm, ipa);
	if (d)
		vcpu->emul_last = d;
	return d;
}

void emul_vcpu_reset(struct vcpu *vcpu)
{
	vcpu->emul_last = NULL;
}

enum hv_err emul_mmio(struct vcpu *vcpu, struct mmio_access *acc)
{
	struct emul_dev *dev = emul_find(vcpu, acc->addr);

	if (!dev || !dev->access)
		return HV_ERR_NOTFOUND;
	if (acc->width > 8 || acc->addr - dev->base + acc->width > dev->size)
		return HV_ERR_RANGE; /* straddles the end of the device */
	return dev->access(vcpu, dev, acc);
}

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

enum hv_err emul_mmio(struct vcpu *vcpu, struct mmio_access *acc)
{
	struct emul_dev *dev = vm_find_emul(vcpu->vm, acc->addr);

	if (!dev || !dev->access)
		return HV_ERR_NOTFOUND;
	if (acc->width > 8 || acc->addr + acc->width > dev->base + dev->size)
		return HV_ERR_RANGE; /* straddles the end of the device */
	return dev->access(vcpu, dev, acc);
}

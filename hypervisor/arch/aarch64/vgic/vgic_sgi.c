/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SGIs a guest sends by writing ICC_SGI1R_EL1, trapped to EL2 because
 * HCR_EL2.IMO = 1 (IHI 0069 12.2.22, 12.8.1 "ICC_SGI1R_EL1"). Targets are
 * looked up among the vCPUs of the sender's own VM only: an affinity that
 * matches no vCPU of that VM is dropped, whatever runs on that pCPU.
 */
#include "vgic_internal.h"

/* ICC_SGI1R_EL1 fields */
#define SGI1R_TARGETS(v) ((uint32_t)((v) & 0xffff))
#define SGI1R_AFF1(v)    (((v) >> 16) & 0xff)
#define SGI1R_INTID(v)   ((uint32_t)(((v) >> 24) & 0xf))
#define SGI1R_AFF2(v)    (((v) >> 32) & 0xff)
#define SGI1R_IRM        BIT(40)
#define SGI1R_RS(v)      (((v) >> 44) & 0xf)
#define SGI1R_AFF3(v)    (((v) >> 48) & 0xff)

/* MPIDR affinity fields: Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0. */
#define MPIDR_AFF_MASK (GENMASK(39, 32) | GENMASK(23, 0))

static void sgi_to_all_but_self(struct vcpu *self, uint32_t intid)
{
	struct vm *vm = self->vm;
	uint32_t i;

	for (i = 0; i < vm->cfg->vcpu_num; i++)
		if (&vm->vcpus[i] != self)
			vgic_irq_make_pending(vm, &vm->vcpus[i], intid);
}

static void sgi_to_list(struct vcpu *self, uint64_t val, uint32_t intid)
{
	struct vm *vm = self->vm;
	uint64_t cluster = (SGI1R_AFF3(val) << 32) | (SGI1R_AFF2(val) << 16) |
			   (SGI1R_AFF1(val) << 8);
	uint32_t targets = SGI1R_TARGETS(val), i;
	uint64_t aff;

	for (i = 0; i < vm->cfg->vcpu_num; i++) {
		aff = vm->vcpus[i].hwid & MPIDR_AFF_MASK;
		if ((aff & ~0xffULL) != cluster)
			continue;
		/* Aff0 = RS * 16 + bit number in TargetList */
		if ((aff & 0xff) / 16 != SGI1R_RS(val))
			continue;
		if (targets & BIT(aff & 0xf))
			vgic_irq_make_pending(vm, &vm->vcpus[i], intid);
	}
}

enum hv_err vgic_sgi1r_write(struct vcpu *vcpu, uint64_t val)
{
	struct vm *vm = vcpu->vm;
	uint32_t intid = SGI1R_INTID(val);

	vgic_lock(&vm->arch.vgic);
	if (val & SGI1R_IRM)
		sgi_to_all_but_self(vcpu, intid);
	else
		sgi_to_list(vcpu, val, intid);
	vgic_unlock(&vm->arch.vgic);
	return HV_OK;
}

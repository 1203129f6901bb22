/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The generic timer for guests (ARM DDI 0487 D11 "The Generic Timer").
 *
 * - The EL1 virtual timer is the guest's own: its registers are not
 *   trapped; its PPI 27 fires at EL2 (HCR_EL2.IMO = 1) and is forwarded
 *   hardware-linked (vgic.c), so the guest's deactivation ends it.
 * - CNTVOFF_EL2 is the physical count at the VM's (re)start, the same for
 *   every vCPU of the VM, so the guest's virtual counter starts near 0 and
 *   is coherent across its CPUs.
 * - The EL1 physical timer (CNTP_CTL/CVAL/TVAL_EL0) is trapped
 *   (CNTHCTL_EL2.EL1PCEN = 0) and emulated as a timer that never fires:
 *   reads and writes behave, ISTATUS is computed, no interrupt is raised.
 *   Linux at EL1 uses the virtual timer and only needs the probe to work.
 */
#include "vgic_internal.h"

#include <arch/gic.h>
#include <hv/arch/timer.h>
#include <arch/generic_timer.h>

#define CNTP_TVAL_EL0 SYSREG_KEY(3, 3, 14, 2, 0)
#define CNTP_CTL_EL0  SYSREG_KEY(3, 3, 14, 2, 1)
#define CNTP_CVAL_EL0 SYSREG_KEY(3, 3, 14, 2, 2)

/* CNTP_CTL_EL0 (DDI 0487 D13.8.16) */
#define CNT_CTL_ENABLE  BIT(0)
#define CNT_CTL_IMASK   BIT(1)
#define CNT_CTL_ISTATUS BIT(2)

void vtimer_vm_init(struct vm *vm)
{
	vm->arch.vgic.cntvoff = arch_timer_count();
}

void vtimer_vcpu_reset(struct vcpu *vcpu)
{
	struct vgic_irq *irq = &vcpu->arch.vgic.priv[VTIMER_INTID];

	/* vCPU 0 starts the VM (boot or reboot): the clock restarts too. */
	if (vcpu->id == 0)
		vtimer_vm_init(vcpu->vm);
	vcpu->arch.vgic.timer = (struct vtimer_cpu){0};
	irq->flags |= VGIC_IRQ_HW; /* level-sensitive, hardware-linked */
	arch_timer_guest_setup(vcpu->vm->arch.vgic.cntvoff);
	arch_gic_ppi_enable(VTIMER_INTID, true);
}

static uint64_t cntp_ctl(const struct vtimer_cpu *t)
{
	uint64_t ctl = t->cntp_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK);

	if ((ctl & CNT_CTL_ENABLE) && arch_timer_count() >= t->cntp_cval)
		ctl |= CNT_CTL_ISTATUS;
	return ctl;
}

static void cntp_tval_write(struct vtimer_cpu *t, uint64_t val)
{
	/* TVAL is a signed 32-bit offset from the physical count. */
	t->cntp_cval = arch_timer_count() + (uint64_t)(int64_t)(int32_t)val;
}

static uint64_t cntp_tval_read(const struct vtimer_cpu *t)
{
	return (uint32_t)(t->cntp_cval - arch_timer_count());
}

enum hv_err vtimer_sysreg(struct vcpu *vcpu, uint32_t key, uint64_t *val,
			  bool write)
{
	struct vtimer_cpu *t = &vcpu->arch.vgic.timer;

	switch (key) {
	case CNTP_CTL_EL0:
		if (write)
			t->cntp_ctl = *val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
		else
			*val = cntp_ctl(t);
		return HV_OK;
	case CNTP_CVAL_EL0:
		if (write)
			t->cntp_cval = *val;
		else
			*val = t->cntp_cval;
		return HV_OK;
	case CNTP_TVAL_EL0:
		if (write)
			cntp_tval_write(t, *val);
		else
			*val = cntp_tval_read(t);
		return HV_OK;
	default:
		return HV_ERR_UNSUPP;
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's per-CPU interrupt sources: both EL1 timers (ARM DDI 0487 D11
 * "The Generic Timer") and the PMU overflow interrupt.
 *
 * - The vCPU owns its physical CPU, so the EL1 virtual and physical timers
 *   and the PMU are the guest's own hardware: nothing traps (CNTHCTL_EL2
 *   EL1PCTEN = EL1PCEN = 1, MDCR_EL2 in sysreg.h). Their PPIs 27, 30 and
 *   23 fire at EL2 (HCR_EL2.IMO = 1) and are forwarded hardware-linked
 *   (vgic.c): the physical interrupt stays active until the guest
 *   deactivates the virtual one, or until vtimer_resample() finds the line
 *   low and deactivates it itself.
 * - Level semantics (IHI 0069 4.1.2: a level-sensitive interrupt is
 *   pending while its line is asserted): a forwarded interrupt latched
 *   while the guest cannot take it (disabled, or its LR not yet taken)
 *   is re-sampled whenever the guest can observe it (flush into an LR,
 *   GICR_ISPENDR0 read, ISENABLER0 write), as KVM does on every exit; a
 *   line that dropped (CNTV_CTL cleared, CVAL moved, IMASK set) leaves no
 *   stale pending state, and the physical interrupt is deactivated so its
 *   next rising edge reaches us again.
 * - CNTVOFF_EL2 = 0 for every VM. QEMU 7.2 computes the virtual timer's
 *   next expiry as CVAL + CNTVOFF in unsigned 64-bit arithmetic and re-arms
 *   at once when that wraps into the past while ISTATUS is still 0: with a
 *   non-zero offset, a guest CVAL in [2^64 - offset, 2^64) spins QEMU's
 *   timer loop forever and freezes the whole machine (fixed in QEMU 8.2).
 *   With offset 0 the sum cannot wrap. The cost: a guest's virtual counter
 *   does not restart at 0 when its VM does (it is the machine's count,
 *   coherent across its vCPUs as before).
 */
#include "vgic_internal.h"

#include <arch/gic.h>
#include <arch/generic_timer.h>
#include <arch/vgic_hw.h>
#include <arch/vdebug.h>
#include <hv/arch/timer.h>

void vtimer_vm_init(struct vm *vm)
{
	vm->arch.vgic.cntvoff = 0; /* see the top of this file: QEMU 7.2 */
}

bool vtimer_is_fwd(uint32_t intid)
{
	return intid < VGIC_NR_PRIVATE && (VGIC_FWD_PPIS & BIT(intid));
}

/* The output line of forwarded PPI `intid` on this CPU. */
static bool fwd_line(uint32_t intid)
{
	if (intid == VTIMER_INTID)
		return arch_timer_guest_line(true);
	if (intid == PTIMER_INTID)
		return arch_timer_guest_line(false);
	return vdebug_pmu_line();
}

void vtimer_vcpu_reset(struct vcpu *vcpu)
{
	uint32_t intid;

	vtimer_vm_init(vcpu->vm);
	vcpu->arch.vgic.timer = (struct vtimer_cpu){0};
	arch_timer_guest_setup(vcpu->vm->arch.vgic.cntvoff);
	for (intid = 0; intid < VGIC_NR_PRIVATE; intid++) {
		if (!vtimer_is_fwd(intid))
			continue;
		/* level-sensitive, hardware-linked */
		vcpu->arch.vgic.priv[intid].flags |= VGIC_IRQ_HW;
		/* Whatever the VM's previous life left active (a latched
		 * pending state, an ICPENDR'd LR) fires again. */
		arch_gic_ppi_clear_active(intid);
		arch_gic_ppi_enable(intid, true);
	}
}

/* A hardware-linked LR of `vcpu` in state `st` (pending only, or any
 * non-zero state when st = ICH_LR_STATE), on this pCPU. */
static bool lr_in_state(struct vcpu *vcpu, const struct vgic_irq *irq,
			uint64_t st)
{
	uint64_t lr;

	if (!(irq->flags & VGIC_IRQ_INLR) || irq->holder != vcpu->id)
		return false;
	lr = arch_vgic_lr_read(irq->lr) & ICH_LR_STATE;
	return st == ICH_LR_STATE ? lr != 0 : lr == st;
}

void vtimer_drop_pending(struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *irq = &vcpu->arch.vgic.priv[intid];

	if (irq->flags & VGIC_IRQ_PENDING) {
		irq->flags &= (uint8_t)~VGIC_IRQ_PENDING;
		vgic_pend_clear(&vcpu->arch.vgic, intid);
	}
	if (lr_in_state(vcpu, irq, ICH_LR_PENDING))
		arch_vgic_lr_write(irq->lr, 0); /* released at the next sync */
	/* Not active in the guest either: the physical one must not stay
	 * active, or this CPU's timer never interrupts again. */
	if (!lr_in_state(vcpu, irq, ICH_LR_STATE))
		arch_gic_ppi_clear_active(intid);
}

bool vtimer_here(const struct vcpu *vcpu, uint32_t intid)
{
	return vtimer_is_fwd(intid) &&
	       (vcpu->arch.vgic.priv[intid].flags & VGIC_IRQ_HW) &&
	       vcpu->pcpu == arch_gic_cpu_index();
}

void vtimer_resample(struct vcpu *vcpu, uint32_t intid)
{
	if (vtimer_here(vcpu, intid) && !fwd_line(intid))
		vtimer_drop_pending(vcpu, intid);
}

void vtimer_resample_all(struct vcpu *vcpu)
{
	vtimer_resample(vcpu, PMU_INTID);
	vtimer_resample(vcpu, VTIMER_INTID);
	vtimer_resample(vcpu, PTIMER_INTID);
}

/* Nothing of the timers or the PMU traps any more (see the top). */
enum hv_err vtimer_sysreg(struct vcpu *vcpu, uint32_t key, uint64_t *val,
			  bool write)
{
	(void)vcpu, (void)key, (void)val, (void)write;
	return HV_ERR_UNSUPP;
}

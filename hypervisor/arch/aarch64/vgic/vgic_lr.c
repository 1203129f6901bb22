/* SPDX-License-Identifier: Apache-2.0 */
/*
 * List registers (IHI 0069 4.9 "Virtual interrupt handling", 12.4.6
 * ICH_LR<n>_EL2). Runs on the pCPU of `vcpu` with the VM lock held.
 *
 * sync:  LRs the guest has finished with (ICH_ELRSR_EL2) are given back.
 * flush: interrupts of the pending set go into free LRs, highest priority
 *        first; a pending-only LR of lower priority is evicted back into
 *        the pending set to make room; what still does not fit stays
 *        pending and ICH_HCR_EL2.UIE asks for a maintenance interrupt.
 */
#include "vgic_internal.h"

#include <arch/gic.h>
#include <arch/vgic_hw.h>

uint64_t vgic_lr_encode(uint32_t intid, const struct vgic_irq *irq,
			uint64_t state)
{
	uint64_t lr = intid | ICH_LR_GROUP1 | state;

	lr |= (uint64_t)(irq->prio & VGIC_PRIO_MASK) << ICH_LR_PRIO_SHIFT;
	if (irq->flags & VGIC_IRQ_HW)
		lr |= ICH_LR_HW | ((uint64_t)intid << ICH_LR_PINTID_SHIFT);
	else if (!(irq->flags & VGIC_IRQ_EDGE))
		lr |= ICH_LR_EOI; /* level: resample the line at EOI (4.9.4) */
	return lr;
}

static struct vgic_irq *lr_irq(struct vcpu *vcpu, uint32_t n)
{
	return vgic_irq_get(vcpu->vm, vcpu, vcpu->arch.vgic.lr_intid[n]);
}

/* Is `irq` held by LR n of `vcpu`? No longer, once a rerouted SPI has
 * been placed in another vCPU's LR (see lr_candidate()). */
static bool lr_holds(const struct vcpu *vcpu, uint32_t n,
		     const struct vgic_irq *irq)
{
	return irq && (irq->flags & VGIC_IRQ_INLR) && irq->lr == n &&
	       irq->holder == vcpu->id;
}

/* Out of `vcpu`'s LR and pending: into the pending set of its target,
 * which is another vCPU if the SPI was rerouted meanwhile (and may have
 * been waiting for this release, see lr_candidate()). */
static void lr_repend(struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	struct vcpu *t = vgic_irq_target(vcpu->vm, vcpu, intid, irq);

	irq->flags |= VGIC_IRQ_PENDING;
	if (!t)
		return; /* routed nowhere: stays pending until IROUTER changes */
	vgic_pend_set(&t->arch.vgic, intid);
	if (t != vcpu)
		vgic_kick(t);
}

static void lr_release(struct vcpu *vcpu, uint32_t n)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	uint32_t intid = c->lr_intid[n];
	struct vgic_irq *irq = lr_irq(vcpu, n);

	c->lr_used &= ~(uint32_t)BIT(n);
	c->lr_intid[n] = VGIC_LR_NONE;
	if (!lr_holds(vcpu, n, irq))
		return;
	irq->flags &= (uint8_t)~(VGIC_IRQ_INLR | VGIC_IRQ_ACTIVE);
	/* A virtual level line still high is pending again (IHI 0069 4.1.2);
	 * so is one made pending again while we held it. */
	if ((!(irq->flags & (VGIC_IRQ_EDGE | VGIC_IRQ_HW)) &&
	     (irq->flags & VGIC_IRQ_LINE)) || (irq->flags & VGIC_IRQ_PENDING))
		lr_repend(vcpu, intid, irq);
}

/* Finished LRs: in ELRSR, or in EISR when they asked for an EOI
 * maintenance interrupt (level-sensitive virtual interrupts), which must
 * then be cleared for the maintenance interrupt to drop (12.4.4). Only
 * LRs we gave out are visited. */
void vgic_lr_sync(struct vcpu *vcpu)
{
	uint64_t eoi = arch_vgic_eisr();
	uint64_t done = (arch_vgic_elrsr() | eoi) & vcpu->arch.vgic.lr_used;
	uint32_t n;

	for (; done; done &= done - 1) {
		n = (uint32_t)__builtin_ctzll(done);
		if (eoi & BIT(n))
			arch_vgic_lr_write(n, 0);
		lr_release(vcpu, n);
	}
}

/* Re-pended while still in an LR: add pending to that LR in place. */
static void lr_merge(struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	uint64_t lr;

	if (irq->flags & VGIC_IRQ_HW)
		return; /* physical stays active: it cannot fire again yet */
	lr = arch_vgic_lr_read(irq->lr);
	if (!(lr & ICH_LR_PENDING))
		arch_vgic_lr_write(irq->lr, lr | ICH_LR_PENDING);
	irq->flags &= (uint8_t)~VGIC_IRQ_PENDING;
	vgic_pend_clear(&vcpu->arch.vgic, intid);
}

static bool vgic_group_on(const struct vm *vm)
{
	return (vm->arch.vgic.ctlr & GICD_CTLR_ENGRP1) != 0;
}

/* Visit every non-zero word w of the pending set (through the pend_words
 * summary) and each of its set bits: INTID = w * 64 + ctz(bits). Both are
 * snapshots, so the body may clear pending bits as it goes. */
#define for_each_pending(c, words, w, bits)                                   \
	for (words = (c)->pend_words; words; words &= words - 1)              \
		for (w = (uint32_t)__builtin_ctz(words), bits = (c)->pend[w]; \
		     bits; bits &= bits - 1)

/* A pending INTID worth an LR: exists and is enabled. A stale bit (no such
 * interrupt any more) is dropped; one already in an LR is merged there. */
static struct vgic_irq *lr_candidate(struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq_get(vcpu->vm, vcpu, intid);

	if (!irq) {
		vgic_pend_clear(&vcpu->arch.vgic, intid); /* stale */
		return NULL;
	}
	if (!(irq->flags & VGIC_IRQ_ENABLED))
		return NULL;
	if (intid < VGIC_NR_PRIVATE && vtimer_here(vcpu, intid)) {
		vtimer_resample(vcpu, intid); /* level: no stale pending */
		if (!vgic_pend_test(&vcpu->arch.vgic, intid))
			return NULL;
	}
	if (!(irq->flags & VGIC_IRQ_INLR))
		return irq;
	if (irq->holder == vcpu->id) {
		lr_merge(vcpu, intid, irq);
		return NULL;
	}
	/*
	 * In another vCPU's LR: the SPI was rerouted since. Hardware-linked,
	 * it can only have fired again after the guest deactivated it there
	 * (the physical one stays active until then, IHI 0069 4.9.4 / 12.4.6
	 * HW), so that LR is finished, merely not folded back yet (lazy
	 * sync): take it here. A virtual one may still be live there: it
	 * waits for that vCPU to release it (lr_release() kicks us).
	 */
	return (irq->flags & VGIC_IRQ_HW) ? irq : NULL;
}

/* Highest-priority deliverable INTID of the pending set, or VGIC_LR_NONE. */
static uint32_t lr_best(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	uint32_t best = VGIC_LR_NONE, best_prio = 0x100, words, w, intid;
	struct vgic_irq *irq;
	uint64_t bits;

	for_each_pending(c, words, w, bits) {
		intid = w * 64 + (uint32_t)__builtin_ctzll(bits);
		irq = lr_candidate(vcpu, intid);
		if (irq && irq->prio < best_prio) {
			best_prio = irq->prio;
			best = intid;
		}
	}
	return best;
}

static int lr_free(const struct vcpu *vcpu)
{
	uint32_t free = vcpu->arch.vgic.lr_all & ~vcpu->arch.vgic.lr_used;

	return free ? __builtin_ctz(free) : -1;
}

/* The pending-only LR with the lowest priority below `prio`, or -1. */
static int lr_victim(const struct vcpu *vcpu, uint8_t prio)
{
	uint32_t n, nr = arch_vgic_lr_num();
	int victim = -1;
	uint8_t worst = prio;
	uint64_t lr;
	uint8_t p;

	for (n = 0; n < nr; n++) {
		if (!(vcpu->arch.vgic.lr_used & BIT(n)))
			continue;
		lr = arch_vgic_lr_read(n);
		if ((lr & ICH_LR_STATE) != ICH_LR_PENDING)
			continue;
		p = (uint8_t)((lr & ICH_LR_PRIO_MASK) >> ICH_LR_PRIO_SHIFT);
		if (p > worst) {
			worst = p;
			victim = (int)n;
		}
	}
	return victim;
}

static void lr_evict(struct vcpu *vcpu, uint32_t n)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	struct vgic_irq *irq = lr_irq(vcpu, n);

	arch_vgic_lr_write(n, 0);
	if (lr_holds(vcpu, n, irq)) {
		irq->flags &= (uint8_t)~VGIC_IRQ_INLR;
		lr_repend(vcpu, c->lr_intid[n], irq);
	}
	c->lr_used &= ~(uint32_t)BIT(n);
	c->lr_intid[n] = VGIC_LR_NONE;
}

static void lr_place(struct vcpu *vcpu, uint32_t n, uint32_t intid,
		     struct vgic_irq *irq)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;

	irq->flags &= (uint8_t)~VGIC_IRQ_PENDING;
	irq->flags |= VGIC_IRQ_INLR;
	irq->lr = (uint8_t)n;
	irq->holder = (uint8_t)vcpu->id;
	vgic_pend_clear(c, intid);
	c->lr_used |= (uint32_t)BIT(n);
	c->lr_intid[n] = (uint16_t)intid;
	arch_vgic_lr_write(n, vgic_lr_encode(intid, irq, ICH_LR_PENDING));
}

/* Place one interrupt; false when every LR is busy with better ones. */
static bool lr_fill_one(struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq_get(vcpu->vm, vcpu, intid);
	int n = lr_free(vcpu);

	if (n < 0) {
		n = lr_victim(vcpu, irq->prio);
		if (n < 0)
			return false;
		lr_evict(vcpu, (uint32_t)n);
	}
	lr_place(vcpu, (uint32_t)n, intid, irq);
	return true;
}

/*
 * While LRs are free, every deliverable pending interrupt gets one, in
 * INTID order: the virtual CPU interface itself presents the highest
 * priority among the LRs (IHI 0069 4.9.1), so their order is irrelevant.
 * False when one is left over with no free LR: then priorities decide.
 */
static bool lr_fill_free(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	struct vgic_irq *irq;
	uint32_t words, w, intid;
	uint64_t bits;
	int n;

	for_each_pending(c, words, w, bits) {
		intid = w * 64 + (uint32_t)__builtin_ctzll(bits);
		irq = lr_candidate(vcpu, intid);
		if (!irq)
			continue;
		n = lr_free(vcpu);
		if (n < 0)
			return false;
		lr_place(vcpu, (uint32_t)n, intid, irq);
	}
	return true;
}

/* LRs full: best first, evicting worse pending-only LRs; true if all fit. */
static bool lr_fill_by_prio(struct vcpu *vcpu)
{
	uint32_t intid;

	for (;;) {
		intid = lr_best(vcpu);
		if (intid == VGIC_LR_NONE)
			return true;
		if (!lr_fill_one(vcpu, intid))
			return false;
	}
}

/* Some LR we gave out is in the pending state: pending only, as
 * ICH_MISR_EL2.NP counts it (IHI 0069 12.4.9); a pending+active one does
 * not keep NP low, and NPIE with only those would storm. */
static bool lr_any_pending(const struct vcpu *vcpu)
{
	uint32_t used = vcpu->arch.vgic.lr_used, n;

	for (; used; used &= used - 1) {
		n = (uint32_t)__builtin_ctz(used);
		if ((arch_vgic_lr_read(n) & ICH_LR_STATE) == ICH_LR_PENDING)
			return true;
	}
	return false;
}

/*
 * Interrupts left over with every LR busy: ICH_HCR_EL2.UIE asks for a
 * maintenance interrupt once at most one LR is valid, which never comes
 * while two or more LRs stay active or pending+active (an interrupt the
 * guest is servicing, or made active with ISACTIVER). NPIE (IHI 0069
 * 12.4.3) asks for one as soon as no LR is pending any more, i.e. when the
 * guest has taken what we gave it: the refill then uses the LRs that were
 * freed meanwhile. Only set while some LR is pending, or the maintenance
 * interrupt would stay asserted with nothing to refill.
 */
void vgic_lr_flush(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	bool was = c->overflow;

	if (c->lr_used)
		vgic_lr_sync(vcpu);
	c->overflow = false;
	if (vgic_group_on(vcpu->vm) && !lr_fill_free(vcpu))
		c->overflow = !lr_fill_by_prio(vcpu);
	if (c->overflow)
		arch_vgic_hcr_write(ICH_HCR_EN | ICH_HCR_UIE |
				    (lr_any_pending(vcpu) ? ICH_HCR_NPIE : 0));
	else if (was)
		arch_vgic_hcr_write(ICH_HCR_EN);
}

/*
 * Straight into a list register, bypassing the pending set: a
 * hardware-linked interrupt of the vCPU running on this pCPU (the vtimer
 * PPI). Only while that is exactly what a flush would do: enabled, not
 * pending already, group on, nothing waiting for an LR (no overflow, so no
 * priority can be overtaken) and an LR for it. Its previous LR, once the
 * guest has deactivated it (empty in ELRSR, IHI 0069 12.4.5), is simply
 * written again: one LR write per interrupt. A hardware-linked LR still
 * pending or active means the physical interrupt is still active and
 * cannot have fired, so that case is left to the slow path. False: make
 * it pending the ordinary way.
 */
bool vgic_lr_inject_hw(struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	const uint8_t want = VGIC_IRQ_HW | VGIC_IRQ_ENABLED;
	int n;

	if ((irq->flags & (want | VGIC_IRQ_PENDING)) != want ||
	    vcpu->arch.vgic.overflow || !vgic_group_on(vcpu->vm))
		return false;
	if (irq->flags & VGIC_IRQ_INLR) {
		if (!(arch_vgic_elrsr() & BIT(irq->lr)))
			return false;
		/* Its own LR, done with: reuse it, the bookkeeping stands. */
		irq->flags &= (uint8_t)~VGIC_IRQ_ACTIVE;
		arch_vgic_lr_write(irq->lr,
				   vgic_lr_encode(intid, irq, ICH_LR_PENDING));
		return true;
	}
	n = lr_free(vcpu);
	if (n < 0)
		return false;
	lr_place(vcpu, (uint32_t)n, intid, irq);
	return true;
}

void vgic_lr_reset(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	uint32_t n, nr = arch_vgic_lr_num();
	uint64_t lr;

	for (n = 0; n < nr; n++) {
		lr = arch_vgic_lr_read(n);
		/* A forwarded physical interrupt must not stay active forever. */
		if ((lr & ICH_LR_HW) && (lr & ICH_LR_STATE))
			arch_gic_deactivate((uint32_t)((lr & ICH_LR_PINTID_MASK) >>
						       ICH_LR_PINTID_SHIFT));
		arch_vgic_lr_write(n, 0);
	}
	for (n = 0; n < VGIC_MAX_LRS; n++)
		c->lr_intid[n] = VGIC_LR_NONE;
	c->lr_all = (uint32_t)BIT(nr) - 1;
	c->lr_used = 0;
	c->overflow = false;
	arch_vgic_apr_clear();
	arch_vgic_vmcr_write(0);
	arch_vgic_hcr_write(ICH_HCR_EN);
}

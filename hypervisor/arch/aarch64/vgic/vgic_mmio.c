/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Register-table dispatch for the virtual distributor and redistributors,
 * and the per-interrupt accessors both share (IHI 0069 12.9 / 12.11).
 *
 * A table is sorted by offset; one binary search per access finds the
 * register, which declares the access sizes it allows. Offsets no entry
 * covers are reserved or unimplemented: read as zero, writes ignored
 * (IHI 0069 12.1.2 "GIC memory-mapped register access").
 */
#include "vgic_internal.h"

#include <arch/gic.h>
#include <arch/vgic_hw.h>

const struct vgic_reg *vgic_mmio_find(const struct vgic_reg *tab, size_t n,
				      uint32_t off)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (off < tab[mid].off)
			hi = mid;
		else if (off - tab[mid].off >= tab[mid].len)
			lo = mid + 1;
		else
			return &tab[mid];
	}
	return NULL;
}

static uint64_t mmio_mask(uint8_t width)
{
	return width >= 8 ? ~0ULL : BIT(width * 8) - 1;
}

/* Registers wider than the access (IROUTER, GICR_TYPER halves,
 * IPRIORITYR bytes) are read whole and modified in part; `shift` is the
 * bit position of the accessed part. */
static void mmio_partial(const struct vgic_reg *r, struct vgic_mmio_ctx *c,
			 struct mmio_access *acc, uint32_t shift)
{
	uint64_t mask = mmio_mask(acc->width) << shift;
	uint64_t full;

	if (!acc->write) {
		acc->value = (r->read(c) & mask) >> shift;
		return;
	}
	full = acc->value << shift;
	full = (r->read(c) & ~mask) | (full & mask);
	r->write(c, full);
}

static void mmio_do(const struct vgic_reg *r, struct vgic_mmio_ctx *c,
		    struct mmio_access *acc)
{
	uint32_t size = (r->widths & VGIC_W64) ? 8 : 4;
	uint32_t sub = c->off & (size - 1);

	c->off -= sub;
	if (r->bpi)
		c->intid = r->base + c->off * 8 / r->bpi;
	if (acc->width != size || sub) {
		mmio_partial(r, c, acc, sub * 8);
		return;
	}
	if (acc->write)
		r->write(c, acc->value);
	else
		acc->value = r->read(c) & mmio_mask(acc->width);
}

/* Everything but the identification registers: under the VM's vGIC lock. */
static void mmio_locked(const struct vgic_reg *r,
			struct vgic_mmio_ctx *c,
						  struct mmio_access *acc)
{
	vgic_lock(&c->vm->arch.vgic);
	mmio_do(r, c, acc);
	vgic_unlock(&c->vm->arch.vgic);
}

enum hv_err vgic_mmio_slow(const struct vgic_reg *r, struct vcpu *vcpu, uint32_t off,
			   struct mmio_access *acc)
{
	struct vgic_mmio_ctx c = {.vm = vcpu->vm, .vcpu = vcpu, .width = (uint8_t)acc->width};

	if (!IS_ALIGNED(off, acc->width))
		return HV_ERR_INVAL; /* IHI 0069 12.1.3: UNPREDICTABLE */
	if (!r) {
		if (!acc->write)
			acc->value = 0;
		return HV_OK;
	}
	if (!(r->widths & acc->width))
		return HV_ERR_INVAL;
	c.off = off - r->off;
	if (!(r->flags & VGIC_REG_FIXED))
		mmio_locked(r, &c, acc);
	else if (acc->write)
		; /* identification registers are read-only: WI (IHI 0069 12.1.2) */
	else
		mmio_do(r, &c, acc); /* part of GICR_TYPER */
	return HV_OK;
}

enum hv_err vgic_mmio_dispatch(const struct vgic_reg *tab, size_t n, struct vcpu *vcpu,
			       uint32_t off, struct mmio_access *acc)
{
	return vgic_mmio_access(vgic_mmio_find(tab, n, off), vcpu, off, acc);
}

uint64_t vgic_mmio_raz(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return 0;
}

uint64_t vgic_mmio_rao(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return ~0ULL;
}

void vgic_mmio_wi(const struct vgic_mmio_ctx *c, uint64_t val)
{
	(void)c;
	(void)val;
}

/* --- per-interrupt helpers ---------------------------------------------- */

static struct vgic_irq *ctx_irq(const struct vgic_mmio_ctx *c, uint32_t i)
{
	return vgic_irq_get(c->vm, c->vcpu, c->intid + i);
}

static bool irq_is_hw_spi(const struct vgic_irq *irq, uint32_t intid)
{
	return intid >= VGIC_NR_PRIVATE && (irq->flags & VGIC_IRQ_HW);
}

/* The LR holding `irq`, if it is loaded on this very pCPU, else -1. */
static int irq_local_lr(const struct vgic_mmio_ctx *c, uint32_t intid,
			struct vgic_irq *irq)
{
	struct vcpu *t;

	(void)intid;
	if (!(irq->flags & VGIC_IRQ_INLR))
		return -1;
	t = &c->vm->vcpus[irq->holder]; /* not the target after a reroute */
	if (t->pcpu != arch_gic_cpu_index())
		return -1;
	return irq->lr;
}

/* Current state bits (ICH_LR_PENDING/ACTIVE) as the guest would see them. */
static uint64_t irq_state(const struct vgic_mmio_ctx *c, uint32_t intid,
			  struct vgic_irq *irq)
{
	int n = irq_local_lr(c, intid, irq);
	uint64_t st = 0;

	if (n >= 0)
		st = arch_vgic_lr_read((uint32_t)n) & ICH_LR_STATE;
	if (irq->flags & VGIC_IRQ_PENDING)
		st |= ICH_LR_PENDING;
	if (irq->flags & VGIC_IRQ_ACTIVE)
		st |= ICH_LR_ACTIVE;
	return st;
}

typedef bool (*bit_get_fn)(const struct vgic_mmio_ctx *c, uint32_t intid,
			   struct vgic_irq *irq);
typedef void (*bit_set_fn)(const struct vgic_mmio_ctx *c, uint32_t intid,
			   struct vgic_irq *irq);

static uint64_t bits_read(const struct vgic_mmio_ctx *c, bit_get_fn get)
{
	uint64_t v = 0;
	struct vgic_irq *irq;
	uint32_t i;

	for (i = 0; i < 32; i++) {
		irq = ctx_irq(c, i);
		if (irq && get(c, c->intid + i, irq))
			v |= BIT(i);
	}
	return v;
}

static void bits_write(const struct vgic_mmio_ctx *c, uint64_t val,
		       bit_set_fn set)
{
	struct vgic_irq *irq;
	uint32_t i;

	for (i = 0; i < 32; i++) {
		if (!(val & BIT(i)))
			continue;
		irq = ctx_irq(c, i);
		if (irq)
			set(c, c->intid + i, irq);
	}
}

/* IGROUPR: every implemented interrupt is group 1 (RAO/WI). */
static bool get_exists(const struct vgic_mmio_ctx *c, uint32_t intid,
		       struct vgic_irq *irq)
{
	(void)c, (void)intid, (void)irq;
	return true;
}

uint64_t vgic_read_group(const struct vgic_mmio_ctx *c)
{
	return bits_read(c, get_exists);
}

/* ISENABLER / ICENABLER (IHI 0069 12.9.15, 12.9.7) */
static bool get_enabled(const struct vgic_mmio_ctx *c, uint32_t intid,
			struct vgic_irq *irq)
{
	(void)c, (void)intid;
	return irq->flags & VGIC_IRQ_ENABLED;
}

static void set_enabled(const struct vgic_mmio_ctx *c, uint32_t intid,
			struct vgic_irq *irq)
{
	struct vcpu *t = vgic_irq_target(c->vm, c->vcpu, intid, irq);

	irq->flags |= VGIC_IRQ_ENABLED;
	if (irq_is_hw_spi(irq, intid))
		arch_gic_spi_enable(intid, true);
	if (c->vcpu && vtimer_here(c->vcpu, intid))
		vtimer_resample(c->vcpu, intid); /* latched while disabled */
	if (t && vgic_pend_test(&t->arch.vgic, intid))
		vgic_kick(t);
}

static void clear_enabled(const struct vgic_mmio_ctx *c, uint32_t intid,
			  struct vgic_irq *irq)
{
	(void)c;
	irq->flags &= (uint8_t)~VGIC_IRQ_ENABLED;
	if (irq_is_hw_spi(irq, intid))
		arch_gic_spi_enable(intid, false);
}

uint64_t vgic_read_enable(const struct vgic_mmio_ctx *c)
{
	return bits_read(c, get_enabled);
}

void vgic_write_senable(const struct vgic_mmio_ctx *c, uint64_t val)
{
	bits_write(c, val, set_enabled);
}

void vgic_write_cenable(const struct vgic_mmio_ctx *c, uint64_t val)
{
	bits_write(c, val, clear_enabled);
}

/* ISPENDR / ICPENDR (IHI 0069 12.9.16, 12.9.8). A passthrough SPI is made
 * pending at the physical distributor and comes back the normal way. */
static bool get_pending(const struct vgic_mmio_ctx *c, uint32_t intid,
			struct vgic_irq *irq)
{
	if (c->vcpu && vtimer_here(c->vcpu, intid))
		vtimer_resample(c->vcpu, intid); /* level: follows the line */
	return irq_state(c, intid, irq) & ICH_LR_PENDING;
}

static void set_pending(const struct vgic_mmio_ctx *c, uint32_t intid,
			struct vgic_irq *irq)
{
	if (irq_is_hw_spi(irq, intid))
		arch_gic_spi_set_pending(intid, true);
	else
		vgic_irq_make_pending(c->vm, c->vcpu, intid);
}

static void clear_pending(const struct vgic_mmio_ctx *c, uint32_t intid,
			  struct vgic_irq *irq)
{
	struct vcpu *t = vgic_irq_target(c->vm, c->vcpu, intid, irq);
	int n = irq_local_lr(c, intid, irq);

	if (irq_is_hw_spi(irq, intid))
		arch_gic_spi_set_pending(intid, false);
	if (c->vcpu && vtimer_here(c->vcpu, intid)) {
		/* A forwarded PPI's physical twin is active while the
		 * virtual one is pending: it must be deactivated too, or it
		 * never fires again (issue 18). A line still high fires again
		 * at once: level semantics (IHI 0069 4.1.2). */
		vtimer_drop_pending(c->vcpu, intid);
		return;
	}
	irq->flags &= (uint8_t)~VGIC_IRQ_PENDING;
	if (t)
		vgic_pend_clear(&t->arch.vgic, intid);
	if (n >= 0)
		arch_vgic_lr_write((uint32_t)n,
				   arch_vgic_lr_read((uint32_t)n) &
					   ~ICH_LR_PENDING);
}

uint64_t vgic_read_pending(const struct vgic_mmio_ctx *c)
{
	return bits_read(c, get_pending);
}

void vgic_write_spending(const struct vgic_mmio_ctx *c, uint64_t val)
{
	bits_write(c, val, set_pending);
}

void vgic_write_cpending(const struct vgic_mmio_ctx *c, uint64_t val)
{
	bits_write(c, val, clear_pending);
}

/* ISACTIVER / ICACTIVER (IHI 0069 12.9.14, 12.9.6) */
static bool get_active(const struct vgic_mmio_ctx *c, uint32_t intid,
		       struct vgic_irq *irq)
{
	return irq_state(c, intid, irq) & ICH_LR_ACTIVE;
}

static void set_active(const struct vgic_mmio_ctx *c, uint32_t intid,
		       struct vgic_irq *irq)
{
	int n = irq_local_lr(c, intid, irq);

	if (n >= 0)
		arch_vgic_lr_write((uint32_t)n, arch_vgic_lr_read((uint32_t)n) |
							ICH_LR_ACTIVE);
	else if (!(irq->flags & VGIC_IRQ_INLR))
		irq->flags |= VGIC_IRQ_ACTIVE;
}

static void clear_active(const struct vgic_mmio_ctx *c, uint32_t intid,
			 struct vgic_irq *irq)
{
	int n = irq_local_lr(c, intid, irq);
	uint64_t lr;

	irq->flags &= (uint8_t)~VGIC_IRQ_ACTIVE;
	if (n >= 0) {
		lr = arch_vgic_lr_read((uint32_t)n);
		arch_vgic_lr_write((uint32_t)n, lr & ~ICH_LR_ACTIVE);
		if ((lr & ICH_LR_HW) && !(lr & ICH_LR_PENDING))
			arch_gic_deactivate(intid);
	} else if (irq_is_hw_spi(irq, intid) &&
		   !(irq->flags & VGIC_IRQ_INLR)) {
		arch_gic_spi_clear_active(intid);
	}
}

uint64_t vgic_read_active(const struct vgic_mmio_ctx *c)
{
	return bits_read(c, get_active);
}

void vgic_write_sactive(const struct vgic_mmio_ctx *c, uint64_t val)
{
	bits_write(c, val, set_active);
}

void vgic_write_cactive(const struct vgic_mmio_ctx *c, uint64_t val)
{
	bits_write(c, val, clear_active);
}

/* IPRIORITYR: a byte per interrupt, VGIC_PRIO_MASK bits implemented
 * (IHI 0069 12.9.18). The physical priority of a passthrough SPI stays the
 * hypervisor's: the guest's priority lives in the list register. */
uint64_t vgic_read_prio(const struct vgic_mmio_ctx *c)
{
	struct vgic_irq *irq;
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < 4; i++) {
		irq = ctx_irq(c, i);
		if (irq)
			v |= (uint64_t)irq->prio << (8 * i);
	}
	return v;
}

void vgic_write_prio(const struct vgic_mmio_ctx *c, uint64_t val)
{
	struct vgic_irq *irq;
	uint32_t i;

	for (i = 0; i < 4; i++) {
		irq = ctx_irq(c, i);
		if (irq)
			irq->prio = (uint8_t)(val >> (8 * i)) & VGIC_PRIO_MASK;
	}
}

/* ICFGR: two bits per interrupt, bit 1 = edge (IHI 0069 12.9.9). SGIs are
 * always edge (read-only); passthrough SPIs are configured physically. */
uint64_t vgic_read_cfg(const struct vgic_mmio_ctx *c)
{
	struct vgic_irq *irq;
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < 16; i++) {
		irq = ctx_irq(c, i);
		if (irq && (irq->flags & VGIC_IRQ_EDGE))
			v |= 2ULL << (2 * i);
	}
	return v;
}

void vgic_write_cfg(const struct vgic_mmio_ctx *c, uint64_t val)
{
	struct vgic_irq *irq;
	uint32_t i, intid;
	bool edge;

	for (i = 0; i < 16; i++) {
		intid = c->intid + i;
		irq = ctx_irq(c, i);
		if (!irq || intid < 16)
			continue;
		edge = (val >> (2 * i + 1)) & 1;
		if (edge)
			irq->flags |= VGIC_IRQ_EDGE;
		else
			irq->flags &= (uint8_t)~VGIC_IRQ_EDGE;
		if (irq_is_hw_spi(irq, intid))
			arch_gic_spi_set_edge(intid, edge);
	}
}

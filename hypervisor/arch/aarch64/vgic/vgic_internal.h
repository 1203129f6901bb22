/* SPDX-License-Identifier: Apache-2.0 */
/* Shared between the vGIC's core files only (vgic*.c, vtimer.c). */
#ifndef CORE_VGIC_INTERNAL_H
#define CORE_VGIC_INTERNAL_H

#include <arch/vgic.h>
#include <hv/vm.h>
#include <hv/emul.h>
#include <arch/sysreg_key.h>

/* --- list register encoding: ICH_LR<n>_EL2, IHI 0069 12.4.6 ------------- */
#define ICH_LR_VINTID_MASK GENMASK(31, 0)
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_PINTID_MASK GENMASK(41, 32)
#define ICH_LR_EOI          BIT(41) /* HW = 0 only */
#define ICH_LR_PRIO_SHIFT   48
#define ICH_LR_PRIO_MASK    GENMASK(55, 48)
#define ICH_LR_GROUP1       BIT(60)
#define ICH_LR_HW           BIT(61)
#define ICH_LR_PENDING      BIT(62)
#define ICH_LR_ACTIVE       BIT(63)
#define ICH_LR_STATE        (ICH_LR_PENDING | ICH_LR_ACTIVE)

/* ICH_HCR_EL2, IHI 0069 12.4.3 */
#define ICH_HCR_EN  BIT(0)
#define ICH_HCR_UIE BIT(1)
#define ICH_HCR_NPIE BIT(3)

/* ICH_MISR_EL2, IHI 0069 12.4.9 */
#define ICH_MISR_U BIT(1)

/* GICD_CTLR with GICD_CTLR.DS = 1, IHI 0069 12.9.4 */
#define GICD_CTLR_ENGRP0 BIT(0)
#define GICD_CTLR_ENGRP1 BIT(1)
#define GICD_CTLR_ARE    BIT(4)
#define GICD_CTLR_DS     BIT(6)

/* Implementer: 0x43b (ARM) in IIDR[11:0]; product id marks our emulation. */
#define VGIC_IIDR 0x0100043bu
/* PIDR2.ArchRev [7:4] = 3: GICv3 (IHI 0069 12.1.3). */
#define VGIC_PIDR2 0x3bu

#define VGIC_TARGET_NONE 0xffu

/* --- the lock ------------------------------------------------------------ */
static inline void vgic_lock(struct vgic_dist *d)
{
	while (__atomic_exchange_n(&d->lock.v, 1u, __ATOMIC_ACQUIRE))
		;
}

static inline void vgic_unlock(struct vgic_dist *d)
{
	__atomic_store_n(&d->lock.v, 0u, __ATOMIC_RELEASE);
}

/* --- pending set --------------------------------------------------------
 * pend_words summarises which words of pend[] are non-zero, so that the
 * entry path asks "anything pending?" with one load and the flush visits
 * only words that hold a pending INTID. */
_Static_assert(VGIC_PEND_WORDS <= 32, "pend_words is a 32-bit summary");

static inline void vgic_pend_set(struct vgic_cpu *c, uint32_t intid)
{
	c->pend[intid / 64] |= BIT(intid % 64);
	c->pend_words |= (uint32_t)BIT(intid / 64);
}

static inline void vgic_pend_clear(struct vgic_cpu *c, uint32_t intid)
{
	c->pend[intid / 64] &= ~BIT(intid % 64);
	if (!c->pend[intid / 64])
		c->pend_words &= ~(uint32_t)BIT(intid / 64);
}

static inline bool vgic_pend_test(const struct vgic_cpu *c, uint32_t intid)
{
	return (c->pend[intid / 64] & BIT(intid % 64)) != 0;
}

static inline bool vgic_cpu_has_pend(const struct vgic_cpu *c)
{
	return c->pend_words != 0;
}

/* vgic.c */
struct vgic_irq *vgic_irq_get(struct vm *vm, struct vcpu *vcpu,
			      uint32_t intid);
struct vcpu *vgic_irq_target(struct vm *vm, struct vcpu *vcpu,
			     uint32_t intid, struct vgic_irq *irq);
void vgic_irq_make_pending(struct vm *vm, struct vcpu *vcpu, uint32_t intid);
void vgic_kick(struct vcpu *target);

/* vgic_lr.c: on the pCPU running `vcpu`, with the VM lock held */
uint64_t vgic_lr_encode(uint32_t intid, const struct vgic_irq *irq,
			uint64_t state);
void vgic_lr_sync(struct vcpu *vcpu);
void vgic_lr_flush(struct vcpu *vcpu);
bool vgic_lr_inject_hw(struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq);
void vgic_lr_reset(struct vcpu *vcpu);

/* vgic_mmio.c: register-table dispatch shared by GICD and GICR */
struct vgic_mmio_ctx {
	struct vm *vm;
	struct vcpu *vcpu;  /* GICR: the frame's vCPU; GICD: the accessor */
	uint32_t off;       /* byte offset from the start of the register */
	uint32_t intid;     /* first INTID covered, per-IRQ registers */
	uint8_t width;      /* bytes */
};

typedef uint64_t (*vgic_read_fn)(const struct vgic_mmio_ctx *c);
typedef void (*vgic_write_fn)(const struct vgic_mmio_ctx *c, uint64_t val);

struct vgic_reg {
	uint32_t off;    /* start offset in the frame */
	uint32_t len;    /* bytes covered */
	uint8_t bpi;     /* bits per interrupt, 0: not a per-IRQ register */
	uint8_t widths;  /* allowed access sizes: bitwise OR of 1, 2, 4, 8 */
	uint16_t base;   /* INTID of the first field (per-IRQ registers) */
	vgic_read_fn read;
	vgic_write_fn write;
	uint8_t flags;   /* VGIC_REG_* */
	/* VGIC_REG_FIXED with `len` among `widths`: len, the size of the
	 * whole read vgic_mmio_access() does inline; 0 for every other. */
	uint8_t whole;
};

/* Identification registers (TYPER, IIDR, PIDR2): the value is fixed when
 * the VM is built and writes are ignored, so no lock is taken. */
#define VGIC_REG_FIXED 0x1
/* Table entry of one: `whole` set when its own size is an allowed width. */
#define VGIC_FIXED_REG(o, len, w, rd) \
	{o, len, 0, w, 0, rd, vgic_mmio_wi, VGIC_REG_FIXED, ((w) & (len)) ? (len) : 0}

#define VGIC_W8  0x1
#define VGIC_W32 0x4
#define VGIC_W64 0x8

/* Binary search of a table sorted by offset; NULL: reserved (RAZ/WI). */
const struct vgic_reg *vgic_mmio_find(const struct vgic_reg *tab, size_t n,
				      uint32_t off);
/*
 * Emulate `acc` on register `r` (NULL: RAZ/WI) at frame offset `off`;
 * `vcpu` is the GICR frame's vCPU, or for GICD the accessor. Everything
 * but the whole read of an identification register (vgic_mmio_access()).
 */
enum hv_err vgic_mmio_slow(const struct vgic_reg *r, struct vcpu *vcpu, uint32_t off,
			   struct mmio_access *acc);

/*
 * vgic_mmio_slow() with the most frequent access done inline, in the
 * caller's frame: a whole read of an identification register (TYPER,
 * IIDR, PIDR2: fixed at VM build, no lock, IHI 0069 12.1.2). No
 * alignment test: `off` is the register's own start and `width` its size,
 * and every register sits at a multiple of its size (IHI 0069 Tables 12-25,
 * 12-27); no mask either: the read function returns a value of the
 * register's width.
 */
static inline enum hv_err vgic_mmio_access(const struct vgic_reg *r, struct vcpu *vcpu,
					   uint32_t off, struct mmio_access *acc)
{
	struct vgic_mmio_ctx c;

	if (!r || acc->width != r->whole || acc->write || off != r->off)
		return vgic_mmio_slow(r, vcpu, off, acc);
	c = (struct vgic_mmio_ctx){.vm = vcpu->vm, .vcpu = vcpu, .width = (uint8_t)acc->width};
	acc->value = r->read(&c);
	return HV_OK;
}

/* vgic_mmio_access() of the register vgic_mmio_find() returns. */
enum hv_err vgic_mmio_dispatch(const struct vgic_reg *tab, size_t n, struct vcpu *vcpu,
			       uint32_t off, struct mmio_access *acc);
uint64_t vgic_mmio_raz(const struct vgic_mmio_ctx *c);
uint64_t vgic_mmio_rao(const struct vgic_mmio_ctx *c);
void vgic_mmio_wi(const struct vgic_mmio_ctx *c, uint64_t val);
/* Per-IRQ accessors (bpi 1 or 8), shared by GICD and GICR SGI_base. */
uint64_t vgic_read_group(const struct vgic_mmio_ctx *c);
uint64_t vgic_read_enable(const struct vgic_mmio_ctx *c);
void vgic_write_senable(const struct vgic_mmio_ctx *c, uint64_t val);
void vgic_write_cenable(const struct vgic_mmio_ctx *c, uint64_t val);
uint64_t vgic_read_pending(const struct vgic_mmio_ctx *c);
void vgic_write_spending(const struct vgic_mmio_ctx *c, uint64_t val);
void vgic_write_cpending(const struct vgic_mmio_ctx *c, uint64_t val);
uint64_t vgic_read_active(const struct vgic_mmio_ctx *c);
void vgic_write_sactive(const struct vgic_mmio_ctx *c, uint64_t val);
void vgic_write_cactive(const struct vgic_mmio_ctx *c, uint64_t val);
uint64_t vgic_read_prio(const struct vgic_mmio_ctx *c);
void vgic_write_prio(const struct vgic_mmio_ctx *c, uint64_t val);
uint64_t vgic_read_cfg(const struct vgic_mmio_ctx *c);
void vgic_write_cfg(const struct vgic_mmio_ctx *c, uint64_t val);

/* vgic_dist.c / vgic_redist.c: the emul_dev access callbacks */
void vgic_dist_typer_init(struct vm *vm);
enum hv_err vgic_dist_access(struct vcpu *vcpu, struct emul_dev *dev,
			     struct mmio_access *acc);
enum hv_err vgic_redist_access(struct vcpu *vcpu, struct emul_dev *dev,
			       struct mmio_access *acc);
void vgic_spi_reroute(struct vm *vm, uint32_t intid);


/* vgic_sgi.c */
enum hv_err vgic_sgi1r_write(struct vcpu *vcpu, uint64_t val);

/* vtimer.c */
void vtimer_vm_init(struct vm *vm);
void vtimer_vcpu_reset(struct vcpu *vcpu);
/* Forwarded PPIs (PMU, both EL1 timers): is `intid` one of them? */
bool vtimer_is_fwd(uint32_t intid);
/* Forwarded, hardware-linked and `vcpu` runs on this pCPU (LRs reachable). */
bool vtimer_here(const struct vcpu *vcpu, uint32_t intid);
/* Level semantics: drop the pending state of a forwarded PPI whose line is
 * low now, and deactivate the physical one (VM lock, vCPU's pCPU). */
void vtimer_resample(struct vcpu *vcpu, uint32_t intid);
void vtimer_resample_all(struct vcpu *vcpu);
/* Drop the pending state; physical deactivated unless still active in an
 * LR (ICPENDR0 write; VM lock held, vtimer_here() true). */
void vtimer_drop_pending(struct vcpu *vcpu, uint32_t intid);
enum hv_err vtimer_sysreg(struct vcpu *vcpu, uint32_t key, uint64_t *val,
			  bool write);

#endif /* CORE_VGIC_INTERNAL_H */

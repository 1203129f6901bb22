/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual distributor: the GICD_* frame of one VM (IHI 0069 12.9), with
 * affinity routing always on (GICD_CTLR.ARE = 1) and a single security
 * state (GICD_CTLR.DS = 1). Per-interrupt registers cover SPIs only here;
 * their first word (INTIDs 0-31) is RAZ/WI because SGIs and PPIs live in
 * the redistributors when affinity routing is enabled (IHI 0069 12.9).
 */
#include "vgic_internal.h"

#include <arch/gic.h>

/* --- GICD_CTLR, IHI 0069 12.9.4 ----------------------------------------- */
static uint64_t ctlr_read(const struct vgic_mmio_ctx *c)
{
	return c->vm->arch.vgic.ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
}

static void ctlr_write(const struct vgic_mmio_ctx *c, uint64_t val)
{
	struct vm *vm = c->vm;
	uint32_t old = vm->arch.vgic.ctlr, i;

	/* ARE and DS are RAO/WI; RWP never set: writes complete at once. */
	vm->arch.vgic.ctlr = (uint32_t)val & (GICD_CTLR_ENGRP0 | GICD_CTLR_ENGRP1);
	if (!((old ^ vm->arch.vgic.ctlr) & vm->arch.vgic.ctlr & GICD_CTLR_ENGRP1))
		return;
	/* Newly enabled: vCPUs with something waiting refill their LRs. */
	for (i = 0; i < vm->cfg->vcpu_num; i++)
		if (vgic_cpu_has_pend(&vm->vcpus[i].arch.vgic))
			vgic_kick(&vm->vcpus[i]);
}

/* --- GICD_TYPER, IHI 0069 12.9.38 --------------------------------------- */
#define TYPER_IDBITS(n) ((uint64_t)((n) - 1) << 19)
#define TYPER_A3V       BIT(24)
#define TYPER_NO1N      BIT(25)

/* Computed once at VM init (it depends on the owned SPIs and the vCPUs). */
void vgic_dist_typer_init(struct vm *vm)
{
	const struct vmcfg_vm *cfg = vm->cfg;
	uint32_t v = vm->arch.vgic.nr_spis / 32; /* ITLinesNumber */
	uint32_t i;

	v |= ((cfg->vcpu_num - 1) & 7) << 5; /* CPUNumber */
	v |= (uint32_t)(TYPER_IDBITS(10) | TYPER_NO1N);
	for (i = 0; i < cfg->vcpu_num; i++)
		if (cfg->vcpus[i].hwid & GENMASK(39, 32))
			v |= (uint32_t)TYPER_A3V;
	vm->arch.vgic.typer = v;
}

static uint64_t typer_read(const struct vgic_mmio_ctx *c)
{
	return c->vm->arch.vgic.typer;
}

/* --- GICD_IIDR 12.9.22, GICD_PIDR2 12.1.3 ------------------------------- */
static uint64_t iidr_read(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return VGIC_IIDR;
}

static uint64_t pidr2_read(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return VGIC_PIDR2;
}

/* --- GICD_IROUTER<n>, IHI 0069 12.9.23 ----------------------------------
 * Aff3 [39:32], Interrupt_Routing_Mode [31], Aff2.Aff1.Aff0 [23:0]; the
 * rest RES0. IRM = 1 (any PE) is delivered to vCPU 0 (GICD_TYPER.No1N). */
#define IROUTER_IRM  BIT(31)
#define IROUTER_MASK (GENMASK(39, 32) | IROUTER_IRM | GENMASK(23, 0))
#define MPIDR_AFF    (GENMASK(39, 32) | GENMASK(23, 0))

static uint8_t route_target(const struct vm *vm, uint64_t route)
{
	uint32_t i;

	if (route & IROUTER_IRM)
		return 0;
	for (i = 0; i < vm->cfg->vcpu_num; i++)
		if ((vm->cfg->vcpus[i].hwid & MPIDR_AFF) == route)
			return (uint8_t)i;
	return VGIC_TARGET_NONE; /* no such vCPU: not delivered */
}

/* Retarget SPI `intid` after its IROUTER changed: the pending set moves,
 * a passthrough SPI follows physically to the new vCPU's pCPU. */
void vgic_spi_reroute(struct vm *vm, uint32_t intid)
{
	struct vgic_irq *irq = &vm->arch.vgic.spi[intid - VGIC_NR_PRIVATE];
	uint8_t to = route_target(vm, vm->arch.vgic.route[intid - VGIC_NR_PRIVATE]);
	struct vcpu *t;

	if (to == irq->target)
		return;
	if (irq->target != VGIC_TARGET_NONE)
		vgic_pend_clear(&vm->vcpus[irq->target].arch.vgic, intid);
	irq->target = to;
	if (to == VGIC_TARGET_NONE)
		return;
	t = &vm->vcpus[to];
	if (irq->flags & VGIC_IRQ_HW)
		arch_gic_spi_route(intid, vmcfg_board.cpu_hwids[t->pcpu]);
	if (irq->flags & VGIC_IRQ_PENDING)
		vgic_irq_make_pending(vm, NULL, intid);
}

static uint64_t irouter_read(const struct vgic_mmio_ctx *c)
{
	if (!vgic_irq_get(c->vm, NULL, c->intid))
		return 0;
	return c->vm->arch.vgic.route[c->intid - VGIC_NR_PRIVATE];
}

static void irouter_write(const struct vgic_mmio_ctx *c, uint64_t val)
{
	if (!vgic_irq_get(c->vm, NULL, c->intid))
		return; /* not this VM's SPI */
	c->vm->arch.vgic.route[c->intid - VGIC_NR_PRIVATE] = val & IROUTER_MASK;
	vgic_spi_reroute(c->vm, c->intid);
}

/* --- the table, sorted by offset ---------------------------------------- */
#define W32     VGIC_W32
#define W8_32   (VGIC_W8 | VGIC_W32)
#define W32_64  (VGIC_W32 | VGIC_W64)
/* SPI part of a per-IRQ register array starting at `o`, `bpi` bits each,
 * for INTIDs 32..1019. */
#define SPI_REGS(o, bpi, w, rd, wr)                                          \
	{(o) + 32 * (bpi) / 8, (1020 - 32) * (bpi) / 8, bpi, w, 32, rd, wr, 0, 0}
#define FIXED VGIC_FIXED_REG

/* The registers of the control page come first, so that dist_ctl[] can
 * name them by index. */
enum { REG_CTLR, REG_TYPER, REG_IIDR };

static const struct vgic_reg dist_regs[] = {
	[REG_CTLR] = {0x0000, 4, 0, W32, 0, ctlr_read, ctlr_write, 0, 0},
	[REG_TYPER] = FIXED(0x0004, 4, W32, typer_read),
	[REG_IIDR] = FIXED(0x0008, 4, W32, iidr_read),
	/* 0x000c TYPER2, 0x0010 STATUSR, 0x0040.. message SPIs: RAZ/WI */
	SPI_REGS(0x0080, 1, W32, vgic_read_group, vgic_mmio_wi),
	SPI_REGS(0x0100, 1, W32, vgic_read_enable, vgic_write_senable),
	SPI_REGS(0x0180, 1, W32, vgic_read_enable, vgic_write_cenable),
	SPI_REGS(0x0200, 1, W32, vgic_read_pending, vgic_write_spending),
	SPI_REGS(0x0280, 1, W32, vgic_read_pending, vgic_write_cpending),
	SPI_REGS(0x0300, 1, W32, vgic_read_active, vgic_write_sactive),
	SPI_REGS(0x0380, 1, W32, vgic_read_active, vgic_write_cactive),
	SPI_REGS(0x0400, 8, W8_32, vgic_read_prio, vgic_write_prio),
	/* 0x0800 ITARGETSR: RAZ/WI with ARE = 1 (IHI 0069 12.9.32) */
	SPI_REGS(0x0c00, 2, W32, vgic_read_cfg, vgic_write_cfg),
	/* 0x0d00 IGRPMODR, 0x0e00 NSACR, 0x0f00 SGIR (WI with ARE): RAZ/WI */
	SPI_REGS(0x6000, 64, W32_64, irouter_read, irouter_write),
	FIXED(0xffe8, 4, W32, pidr2_read),
};

/*
 * The control page (0x0000-0x007f: CTLR, TYPER, IIDR, the rest reserved or
 * unimplemented, IHI 0069 12.9 Table 12-25) is what guests read most
 * often: one load by word index instead of the search. Everything above it
 * goes through the sorted table.
 */
#define DIST_CTL_PAGE 0x80u

static const struct vgic_reg *const dist_ctl[DIST_CTL_PAGE / 4] = {
	[0x0000 / 4] = &dist_regs[REG_CTLR],
	[0x0004 / 4] = &dist_regs[REG_TYPER],
	[0x0008 / 4] = &dist_regs[REG_IIDR],
};

static const struct vgic_reg *dist_find(uint32_t off)
{
	if (off < DIST_CTL_PAGE)
		return dist_ctl[off / 4];
	return vgic_mmio_find(dist_regs, ARRAY_SIZE(dist_regs), off);
}

enum hv_err vgic_dist_access(struct vcpu *vcpu, struct emul_dev *dev,
			     struct mmio_access *acc)
{
	uint64_t off = acc->addr - dev->base;

	if (off >= 0x10000)
		return HV_ERR_RANGE;
	return vgic_mmio_access(dist_find((uint32_t)off), vcpu, (uint32_t)off, acc);
}

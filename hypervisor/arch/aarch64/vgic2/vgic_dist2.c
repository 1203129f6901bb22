/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual GICv2 distributor: the GICD_* frame of one VM (IHI 0048B 4.3),
 * on the vGIC core's interrupt model (arch/vgic.h). Unlike the GICv3 one
 * (vgic/vgic_dist.c, affinity routing) the per-interrupt registers start at
 * INTID 0: their first word is banked per vCPU (SGIs and PPIs of the vCPU
 * that accesses it), SPIs are targeted with GICD_ITARGETSR (one CPU: the
 * lowest bit written) and SGIs are sent with GICD_SGIR. The CPU interface
 * is the hardware's: the guest's GICC window is GICV, mapped by stage 2
 * (axvmconfig emits that window), so nothing here emulates it.
 *
 * Guests see group 0 only (vgic2/vgic_gich.c): GICD_IGROUPR is RAZ/WI and
 * GICD_CTLR.Enable (bit 0) is the core's group enable.
 */
#include "../vgic/vgic_internal.h"

#include <arch/gic.h>

#define GICD_CTLR_ENABLE 0x1u
/* GIC-400's ICPIDR2: ArchRev [7:4] = 2 (IHI 0048B 4.3.15 / DDI 0471). */
#define VGIC2_PIDR2 0x2bu

/* --- GICD_CTLR 4.3.1 ----------------------------------------------------- */
static uint64_t ctlr_read(const struct vgic_mmio_ctx *c)
{
	return (c->vm->arch.vgic.ctlr & GICD_CTLR_ENGRP1) ? GICD_CTLR_ENABLE : 0;
}

static void ctlr_write(const struct vgic_mmio_ctx *c, uint64_t val)
{
	struct vm *vm = c->vm;
	bool was = (vm->arch.vgic.ctlr & GICD_CTLR_ENGRP1) != 0;
	uint32_t i;

	vm->arch.vgic.ctlr = (val & GICD_CTLR_ENABLE) ? GICD_CTLR_ENGRP1 : 0;
	if (was || !(val & GICD_CTLR_ENABLE))
		return;
	for (i = 0; i < vm->cfg->vcpu_num; i++)
		if (vgic_cpu_has_pend(&vm->vcpus[i].arch.vgic))
			vgic_kick(&vm->vcpus[i]);
}

/* --- GICD_TYPER 4.3.2: ITLinesNumber, CPUNumber, no Security Extensions -- */
void vgic_dist_typer_init(struct vm *vm)
{
	vm->arch.vgic.typer = vm->arch.vgic.nr_spis / 32 |
			      ((vm->cfg->vcpu_num - 1) & 7) << 5;
}

static uint64_t typer_read(const struct vgic_mmio_ctx *c)
{
	return c->vm->arch.vgic.typer;
}

static uint64_t iidr_read(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return VGIC_IIDR;
}

static uint64_t pidr2_read(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return VGIC2_PIDR2;
}

/* --- GICD_ITARGETSR 4.3.12: a byte per INTID, bit n = vCPU n ------------- */
static uint64_t targets_read(const struct vgic_mmio_ctx *c)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < 4; i++) {
		struct vgic_irq *irq = vgic_irq_get(c->vm, c->vcpu, c->intid + i);

		if (!irq)
			continue;
		if (c->intid + i < VGIC_NR_PRIVATE) /* RO: the reader itself */
			v |= (uint64_t)BIT(c->vcpu->id) << (8 * i);
		else if (irq->target != VGIC_TARGET_NONE)
			v |= (uint64_t)BIT(irq->target) << (8 * i);
	}
	return v;
}

/* Move SPI `intid` to vCPU `to`: the pending set follows, and a
 * passthrough SPI is routed physically to that vCPU's pCPU. */
static void spi_retarget(struct vm *vm, uint32_t intid, struct vgic_irq *irq, uint8_t to)
{
	if (to == irq->target)
		return;
	if (irq->target != VGIC_TARGET_NONE)
		vgic_pend_clear(&vm->vcpus[irq->target].arch.vgic, intid);
	irq->target = to;
	if (to == VGIC_TARGET_NONE)
		return;
	if (irq->flags & VGIC_IRQ_HW)
		arch_gic_spi_route(intid, vmcfg_board.cpu_hwids[vm->vcpus[to].pcpu]);
	if (irq->flags & VGIC_IRQ_PENDING)
		vgic_irq_make_pending(vm, NULL, intid);
}

static void targets_write(const struct vgic_mmio_ctx *c, uint64_t val)
{
	uint32_t i;

	for (i = 0; i < 4; i++) {
		uint32_t intid = c->intid + i, byte = (uint32_t)(val >> (8 * i)) & 0xff;
		struct vgic_irq *irq = vgic_irq_get(c->vm, NULL, intid);
		uint8_t to = VGIC_TARGET_NONE;

		if (intid < VGIC_NR_PRIVATE || !irq)
			continue; /* banked targets are read-only; unowned SPI: WI */
		if (byte && (uint32_t)__builtin_ctz(byte) < c->vm->cfg->vcpu_num)
			to = (uint8_t)__builtin_ctz(byte);
		spi_retarget(c->vm, intid, irq, to);
	}
}

/* --- GICD_SGIR 4.3.15: TargetListFilter [25:24], CPUTargetList [23:16] --- */
static void sgir_write(const struct vgic_mmio_ctx *c, uint64_t val)
{
	uint32_t filter = (uint32_t)(val >> 24) & 3, list = (uint32_t)(val >> 16) & 0xff;
	uint32_t sgi = (uint32_t)val & 0xf, i;

	if (filter == 1)
		list = 0xffu & ~(uint32_t)BIT(c->vcpu->id);
	else if (filter == 2)
		list = (uint32_t)BIT(c->vcpu->id);
	else if (filter == 3)
		return; /* reserved */
	for (i = 0; i < c->vm->cfg->vcpu_num; i++)
		if (list & BIT(i))
			vgic_irq_make_pending(c->vm, &c->vm->vcpus[i], sgi);
}

/* --- the table, sorted by offset ----------------------------------------- */
#define W32   VGIC_W32
#define W8_32 (VGIC_W8 | VGIC_W32)
/* A per-IRQ register array at `o` for INTIDs 0..1019, `bpi` bits each. */
#define IRQ_REGS(o, bpi, w, rd, wr) {(o), 1020 * (bpi) / 8, bpi, w, 0, rd, wr, 0, 0}

static const struct vgic_reg dist2_regs[] = {
	{0x0000, 4, 0, W32, 0, ctlr_read, ctlr_write, 0, 0},
	VGIC_FIXED_REG(0x0004, 4, W32, typer_read),
	VGIC_FIXED_REG(0x0008, 4, W32, iidr_read),
	/* 0x0080 IGROUPR: RAZ/WI (group 0 only) */
	IRQ_REGS(0x0100, 1, W32, vgic_read_enable, vgic_write_senable),
	IRQ_REGS(0x0180, 1, W32, vgic_read_enable, vgic_write_cenable),
	IRQ_REGS(0x0200, 1, W32, vgic_read_pending, vgic_write_spending),
	IRQ_REGS(0x0280, 1, W32, vgic_read_pending, vgic_write_cpending),
	IRQ_REGS(0x0300, 1, W32, vgic_read_active, vgic_write_sactive),
	IRQ_REGS(0x0380, 1, W32, vgic_read_active, vgic_write_cactive),
	IRQ_REGS(0x0400, 8, W8_32, vgic_read_prio, vgic_write_prio),
	IRQ_REGS(0x0800, 8, W8_32, targets_read, targets_write),
	IRQ_REGS(0x0c00, 2, W32, vgic_read_cfg, vgic_write_cfg),
	{0x0f00, 4, 0, W32, 0, vgic_mmio_raz, sgir_write, 0, 0},
	/* 0x0f10 CPENDSGIR, 0x0f20 SPENDSGIR: RAZ/WI */
	VGIC_FIXED_REG(0x0fe8, 4, W32, pidr2_read),
};

enum hv_err vgic_dist_access(struct vcpu *vcpu, struct emul_dev *dev,
			     struct mmio_access *acc)
{
	uint64_t off = acc->addr - dev->base;

	if (off >= 0x10000)
		return HV_ERR_RANGE;
	return vgic_mmio_dispatch(dist2_regs, ARRAY_SIZE(dist2_regs), vcpu, (uint32_t)off, acc);
}

/* GICv2 has no redistributors: the board's gicr_stride is 0, so the window
 * vgic.c registers for them is empty and this is never reached. */
enum hv_err vgic_redist_access(struct vcpu *vcpu, struct emul_dev *dev,
			       struct mmio_access *acc)
{
	(void)vcpu;
	(void)dev;
	(void)acc;
	return HV_ERR_RANGE;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual redistributors: one 2 x 64 KiB frame per vCPU, board.gicr_stride
 * apart (IHI 0069 12.10): RD_base (control, identification, power) and
 * SGI_base (the SGI/PPI per-interrupt registers, all fully virtual). No
 * LPIs: GICR_TYPER.PLPIS = 0, GICR_CTLR.EnableLPIs RAZ/WI.
 */
#include "vgic_internal.h"

#define SGI_BASE 0x10000u

/* --- GICR_TYPER, IHI 0069 12.11.37 --------------------------------------
 * Affinity_Value [63:32] = Aff3.Aff2.Aff1.Aff0, Processor_Number [23:8],
 * Last [4] on the highest-addressed redistributor of the VM. */
#define GICR_TYPER_LAST BIT(4)

static uint64_t rd_typer_read(const struct vgic_mmio_ctx *c)
{
	uint64_t mpidr = c->vcpu->hwid;
	uint64_t aff = (mpidr & GENMASK(23, 0)) | ((mpidr >> 8) & GENMASK(31, 24));
	uint64_t v = (aff << 32) | ((uint64_t)c->vcpu->id << 8);

	if (c->vcpu->id == c->vm->cfg->vcpu_num - 1)
		v |= GICR_TYPER_LAST;
	return v;
}

/* --- GICR_WAKER, IHI 0069 12.11.41 --------------------------------------
 * ProcessorSleep [1] is the guest's; ChildrenAsleep [2] follows it at once
 * (our redistributor has no interface to quiesce). */
#define WAKER_PSLEEP BIT(1)
#define WAKER_CASLEEP BIT(2)

static uint64_t rd_waker_read(const struct vgic_mmio_ctx *c)
{
	return c->vcpu->arch.vgic.sleep ? (WAKER_PSLEEP | WAKER_CASLEEP) : 0;
}

static void rd_waker_write(const struct vgic_mmio_ctx *c, uint64_t val)
{
	c->vcpu->arch.vgic.sleep = (val & WAKER_PSLEEP) != 0;
}

static uint64_t rd_iidr_read(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return VGIC_IIDR;
}

static uint64_t rd_pidr2_read(const struct vgic_mmio_ctx *c)
{
	(void)c;
	return VGIC_PIDR2;
}

/* ICFGR0 (SGIs, IHI 0069 12.11.10) is read-only "edge"; ICFGR1 (PPIs) is
 * kept per vCPU. vgic_write_cfg already ignores INTIDs 0-15. */

#define W32    VGIC_W32
#define W8_32  (VGIC_W8 | VGIC_W32)
#define W32_64 (VGIC_W32 | VGIC_W64)
#define PRIV(o, bpi, w, rd, wr) \
	{SGI_BASE + (o), 32 * (bpi) / 8, bpi, w, 0, rd, wr, 0, 0}
#define FIXED VGIC_FIXED_REG

static const struct vgic_reg redist_regs[] = {
	/* RD_base: 0x0000 CTLR (no LPIs) RAZ/WI */
	FIXED(0x0004, 4, W32, rd_iidr_read),
	FIXED(0x0008, 8, W32_64, rd_typer_read),
	{0x0014, 4, 0, W32, 0, rd_waker_read, rd_waker_write, 0, 0},
	FIXED(0xffe8, 4, W32, rd_pidr2_read),
	/* SGI_base, IHI 0069 12.11 */
	PRIV(0x0080, 1, W32, vgic_read_group, vgic_mmio_wi),
	PRIV(0x0100, 1, W32, vgic_read_enable, vgic_write_senable),
	PRIV(0x0180, 1, W32, vgic_read_enable, vgic_write_cenable),
	PRIV(0x0200, 1, W32, vgic_read_pending, vgic_write_spending),
	PRIV(0x0280, 1, W32, vgic_read_pending, vgic_write_cpending),
	PRIV(0x0300, 1, W32, vgic_read_active, vgic_write_sactive),
	PRIV(0x0380, 1, W32, vgic_read_active, vgic_write_cactive),
	PRIV(0x0400, 8, W8_32, vgic_read_prio, vgic_write_prio),
	PRIV(0x0c00, 2, W32, vgic_read_cfg, vgic_write_cfg),
	/* 0x0d00 IGRPMODR0, 0x0e00 NSACR: RAZ/WI */
};

enum hv_err vgic_redist_access(struct vcpu *vcpu, struct emul_dev *dev,
			       struct mmio_access *acc)
{
	struct vm *vm = vcpu->vm;
	uint64_t off = acc->addr - dev->base;
	uint64_t stride = vmcfg_board.arch.gicr_stride;
	uint64_t idx = off / stride;

	if (idx >= vm->cfg->vcpu_num)
		return HV_ERR_RANGE;
	off %= stride;
	if (off >= 2 * SGI_BASE) { /* VLPI frames of a wider stride */
		if (!acc->write)
			acc->value = 0;
		return IS_ALIGNED(off, acc->width) ? HV_OK : HV_ERR_INVAL;
	}
	return vgic_mmio_dispatch(redist_regs, ARRAY_SIZE(redist_regs), &vm->vcpus[idx],
				  (uint32_t)off, acc);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arch/vgic_hw.h on a GICv2 virtual interface control block (GICH, IHI
 * 0048B 5.3): the vGIC core encodes list registers in the GICv3 ICH_LR
 * format (IHI 0069 12.4.6); here they are translated to and from the
 * 32-bit GICH_LR format (IHI 0048B 5.3.11):
 *
 *   ICH_LR   vINTID[31:0] pINTID[41:32] (EOI 41) prio[55:48] G1 60 HW 61
 *            pending 62 active 63
 *   GICH_LR  VirtualID[9:0] PhysicalID[19:10] (EOI 19, CPUID[12:10] with
 *            HW = 0) Priority[27:23] (the top 5 bits) state[29:28] Grp1 30
 *            HW 31
 *
 * Guests see group 0 interrupts (Grp1 = 0), signalled as vIRQ while
 * GICV_CTLR.FIQEn = 0: what a GICv2 guest without the Security Extensions
 * enables with GICC_CTLR bit 0. GICH_HCR, GICH_MISR (En, UIE; EOI, U) and
 * GICH_VMCR (the group enables, EOImode, BPRs, the top 5 PMR bits) have the
 * ICH_*_EL2 layout of the bits the core uses, so they pass as they are.
 */
#include <arch/vgic_hw.h>
#include <hv/vmconfig.h>

#define GICH_HCR    0x000
#define GICH_VTR    0x004
#define GICH_VMCR   0x008
#define GICH_MISR   0x010
#define GICH_EISR0  0x020
#define GICH_ELRSR0 0x030
#define GICH_APR    0x0f0
#define GICH_LR0    0x100

#define LR2_VID      0x3ffu
#define LR2_PID_SHIFT 10
#define LR2_EOI      (1u << 19)
#define LR2_PRIO_SHIFT 23
#define LR2_PENDING  (1u << 28)
#define LR2_ACTIVE   (1u << 29)
#define LR2_HW       (1u << 31)

#define LR3_EOI      (1ULL << 41)
#define LR3_GROUP1   (1ULL << 60)
#define LR3_HW       (1ULL << 61)
#define LR3_PENDING  (1ULL << 62)
#define LR3_ACTIVE   (1ULL << 63)

static volatile uint32_t *gich(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(vmcfg_board.arch.gich_base + off);
}

static uint32_t lr_to_v2(uint64_t v3)
{
	uint32_t v2 = (uint32_t)v3 & LR2_VID;

	if (v3 & LR3_HW)
		v2 |= LR2_HW | (((uint32_t)(v3 >> 32) & 0x3ffu) << LR2_PID_SHIFT);
	else if (v3 & LR3_EOI)
		v2 |= LR2_EOI;
	v2 |= ((uint32_t)(v3 >> 51) & 0x1fu) << LR2_PRIO_SHIFT; /* prio[7:3] */
	if (v3 & LR3_PENDING)
		v2 |= LR2_PENDING;
	if (v3 & LR3_ACTIVE)
		v2 |= LR2_ACTIVE;
	return v2;
}

/* Back to the core's format; Grp1 as the core always writes it. */
static uint64_t lr_to_v3(uint32_t v2)
{
	uint64_t v3 = (v2 & LR2_VID) | LR3_GROUP1;

	if (v2 & LR2_HW)
		v3 |= LR3_HW | ((uint64_t)((v2 >> LR2_PID_SHIFT) & 0x3ffu) << 32);
	else if (v2 & LR2_EOI)
		v3 |= LR3_EOI;
	v3 |= (uint64_t)((v2 >> LR2_PRIO_SHIFT) & 0x1fu) << 51;
	if (v2 & LR2_PENDING)
		v3 |= LR3_PENDING;
	if (v2 & LR2_ACTIVE)
		v3 |= LR3_ACTIVE;
	return v3;
}

uint32_t arch_vgic_lr_num(void)
{
	return (*gich(GICH_VTR) & 0x3f) + 1;
}

uint64_t arch_vgic_lr_read(uint32_t n)
{
	return n < 64 ? lr_to_v3(*gich(GICH_LR0 + 4 * n)) : 0;
}

void arch_vgic_lr_write(uint32_t n, uint64_t val)
{
	if (n < 64)
		*gich(GICH_LR0 + 4 * n) = lr_to_v2(val);
}

uint64_t arch_vgic_elrsr(void)
{
	return *gich(GICH_ELRSR0) | ((uint64_t)*gich(GICH_ELRSR0 + 4) << 32);
}

uint64_t arch_vgic_eisr(void)
{
	return *gich(GICH_EISR0) | ((uint64_t)*gich(GICH_EISR0 + 4) << 32);
}

uint64_t arch_vgic_misr(void)
{
	return *gich(GICH_MISR);
}

uint64_t arch_vgic_hcr_read(void)
{
	return *gich(GICH_HCR);
}

void arch_vgic_hcr_write(uint64_t val)
{
	*gich(GICH_HCR) = (uint32_t)val;
}

void arch_vgic_vmcr_write(uint64_t val)
{
	*gich(GICH_VMCR) = (uint32_t)val;
}

void arch_vgic_apr_clear(void)
{
	*gich(GICH_APR) = 0;
}

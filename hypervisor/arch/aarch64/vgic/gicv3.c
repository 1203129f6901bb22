/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical GICv3 at EL2 (hv/arch/gic.h), IHI 0069.
 *
 * All interrupts are non-secure group 1, affinity-routed. The hypervisor
 * uses the system-register CPU interface with ICC_CTLR_EL1.EOImode = 1:
 * ICC_EOIR1_EL1 only drops priority, ICC_DIR_EL1 deactivates (IHI 0069
 * 4.1.1). That split is what lets a hardware-linked list register hand the
 * deactivation of a forwarded interrupt to the guest.
 */
#include <arch/gic.h>
#include <hv/cpu.h>
#include <hv/vmconfig.h>

#include "gic_regs.h"
#include "../sysreg.h"

/* Priority of every physical interrupt: the guest's priorities live in
 * the list registers, the hypervisor has no nesting. */
#define GIC_PRIO 0xa0u

static uint32_t gic_spis;

static volatile uint32_t *gicd32(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(vmcfg_board.arch.gicd_base + off);
}

static volatile uint64_t *gicd64(uint32_t off)
{
	return (volatile uint64_t *)(uintptr_t)(vmcfg_board.arch.gicd_base + off);
}

static void gicd_wait_rwp(void)
{
	while (*gicd32(GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/* --- distributor, IHI 0069 12.9 ----------------------------------------- */

static void gicd_spis_quiesce(void)
{
	uint32_t i;

	for (i = 32; i < 32 + gic_spis; i += 32) {
		*gicd32(GICD_ICENABLER + i / 8) = ~0u;
		*gicd32(GICD_ICPENDR + i / 8) = ~0u;
		*gicd32(GICD_ICACTIVER + i / 8) = ~0u;
		*gicd32(GICD_IGROUPR + i / 8) = ~0u;
	}
	for (i = 32; i < 32 + gic_spis; i += 4)
		*gicd32(GICD_IPRIORITYR + i) = GIC_PRIO * 0x01010101u;
	for (i = 32; i < 32 + gic_spis; i++)
		*gicd64(GICD_IROUTER + 8 * i) = vmcfg_board.cpu_hwids[0];
}

void arch_gic_init_global(void)
{
	uint32_t lines;

	*gicd32(GICD_CTLR) = 0;
	gicd_wait_rwp();
	lines = (*gicd32(GICD_TYPER) & 0x1f) + 1;
	gic_spis = lines * 32 - 32;
	if (gic_spis > 988)
		gic_spis = 988; /* INTIDs 1020-1023 are special */
	gicd_spis_quiesce();
	/* ARE_NS | EnableGrp1A | EnableGrp1 (12.9.4; the same bits with DS=1
	 * read as ARE | EnableGrp1 | EnableGrp0). */
	*gicd32(GICD_CTLR) = (1u << 4) | (1u << 1) | (1u << 0);
	gicd_wait_rwp();
}

uint32_t arch_gic_spi_num(void)
{
	return gic_spis;
}

/* --- redistributor, IHI 0069 12.10 ------------------------------------- */

/* The board index of this CPU: its struct cpu (one TPIDR_EL2 read). */
uint32_t arch_gic_cpu_index(void)
{
	return cpu_this()->index;
}

/* This CPU's frame: the one whose GICR_TYPER.Affinity_Value matches. */
static uintptr_t gicr_this(void)
{
	uint64_t me = cpu_this()->hwid;
	uint64_t aff = (me & 0xffffff) | ((me >> 8) & 0xff000000);
	uintptr_t rd = vmcfg_board.arch.gicr_base;
	uint64_t typer;

	for (;;) {
		typer = *(volatile uint64_t *)(rd + GICR_TYPER);
		if ((typer >> 32) == aff || (typer & GICR_TYPER_LAST))
			return rd;
		rd += vmcfg_board.arch.gicr_stride;
	}
}

/* Found once per CPU (arch_gic_init_cpu), kept in its struct cpu. */
static uintptr_t gicr_rd(void)
{
	struct cpu *c = cpu_this();

	if (!c->arch.gicr_base)
		c->arch.gicr_base = gicr_this();
	return c->arch.gicr_base;
}

static volatile uint32_t *gicr32(uint32_t off)
{
	return (volatile uint32_t *)(gicr_rd() + off);
}

static void gicr_wait_rwp(void)
{
	while (*gicr32(GICR_CTLR) & GICR_CTLR_RWP)
		;
}

static void gicr_wake(void)
{
	*gicr32(GICR_WAKER) &= ~GICR_WAKER_PSLEEP;
	while (*gicr32(GICR_WAKER) & GICR_WAKER_CASLEEP)
		;
}

static void gicr_private_init(void)
{
	uint32_t i;

	*gicr32(GICR_SGI + GICD_ICENABLER) = ~0u;
	*gicr32(GICR_SGI + GICD_ICPENDR) = ~0u;
	*gicr32(GICR_SGI + GICD_ICACTIVER) = ~0u;
	*gicr32(GICR_SGI + GICD_IGROUPR) = ~0u;
	for (i = 0; i < 32; i += 4)
		*gicr32(GICR_SGI + GICD_IPRIORITYR + i) = GIC_PRIO * 0x01010101u;
	gicr_wait_rwp();
}

/* --- CPU interface, IHI 0069 12.2 --------------------------------------- */

static void icc_init(void)
{
	/* SRE | DFB | DIB | Enable: system registers at EL2, and EL1 may use
	 * its (virtual) system-register interface (12.7.? ICC_SRE_EL2). */
	gic_write(ICC_SRE_EL2, 0xfULL);
	isb();
	gic_write(ICC_PMR_EL1, 0xffULL);
	gic_write(ICC_BPR1_EL1, 0ULL);
	gic_write(ICC_CTLR_EL1, 1ULL << 1); /* EOImode: drop / deactivate */
	gic_write(ICC_IGRPEN1_EL1, 1ULL);
	isb();
}

void arch_gic_init_cpu(void)
{
	gicr_wake();
	gicr_private_init();
	icc_init();
}

uint32_t arch_gic_ack(void)
{
	uint32_t intid = (uint32_t)gic_read(ICC_IAR1_EL1) & 0xffffff;

	dsb(sy); /* IHI 0069 12.2.11: later state reads see the ack */
	return intid;
}

void arch_gic_eoi(uint32_t intid)
{
	gic_write(ICC_EOIR1_EL1, (uint64_t)intid);
	isb();
}

void arch_gic_deactivate(uint32_t intid)
{
	gic_write(ICC_DIR_EL1, (uint64_t)intid);
	isb();
}

void arch_gic_ppi_enable(uint32_t intid, bool on)
{
	*gicr32(GICR_SGI + (on ? GICD_ISENABLER : GICD_ICENABLER)) =
		1u << (intid % 32);
	gicr_wait_rwp();
}

/* GICR_ICACTIVER0 (IHI 0069 12.10.5): harmless when already inactive,
 * unlike ICC_DIR_EL1 for an interrupt that is not active. */
void arch_gic_ppi_clear_active(uint32_t intid)
{
	*gicr32(GICR_SGI + GICD_ICACTIVER) = 1u << (intid % 32);
}

void arch_gic_spi_enable(uint32_t intid, bool on)
{
	*gicd32((on ? GICD_ISENABLER : GICD_ICENABLER) + intid / 32 * 4) =
		1u << (intid % 32);
	if (!on)
		gicd_wait_rwp();
}

void arch_gic_spi_route(uint32_t intid, uint64_t aff)
{
	*gicd64(GICD_IROUTER + 8 * intid) = aff & 0xff00ffffffULL;
}

/* GICD_ICFGR is only written while the SPI is disabled (12.9.9): the
 * caller's guest has disabled it, or the write races harmlessly. */
void arch_gic_spi_set_edge(uint32_t intid, bool edge)
{
	volatile uint32_t *r = gicd32(GICD_ICFGR + intid / 16 * 4);
	uint32_t bit = 2u << (2 * (intid % 16));

	*r = edge ? (*r | bit) : (*r & ~bit);
}

void arch_gic_spi_set_pending(uint32_t intid, bool pending)
{
	*gicd32((pending ? GICD_ISPENDR : GICD_ICPENDR) + intid / 32 * 4) =
		1u << (intid % 32);
}

void arch_gic_spi_clear_active(uint32_t intid)
{
	*gicd32(GICD_ICACTIVER + intid / 32 * 4) = 1u << (intid % 32);
}

/* ICC_SRE_EL2.SRE, then ICC_IGRPEN1_EL1.Enable: set by icc_init(). */
bool arch_gic_cpu_ready(void)
{
	return (gic_read(ICC_SRE_EL2) & 1) && (gic_read(ICC_IGRPEN1_EL1) & 1);
}

/* ICC_SGI1R_EL1 (12.2.22): one target, Aff0 = RS * 16 + TargetList bit. */
void arch_gic_send_sgi(uint64_t aff, uint32_t sgi)
{
	uint64_t v = BIT(aff & 0xf) | (((aff >> 8) & 0xff) << 16) |
		     ((uint64_t)(sgi & 0xf) << 24) |
		     (((aff >> 16) & 0xff) << 32) |
		     (((aff & 0xff) >> 4) << 44) |
		     (((aff >> 32) & 0xff) << 48);

	dsb(ish); /* the pending state we wrote is visible first */
	gic_write(ICC_SGI1R_EL1, v);
	isb();
}

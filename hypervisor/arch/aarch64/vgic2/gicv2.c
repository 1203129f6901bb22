/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical GICv2 (GIC-400) as the hypervisor uses it: arch/gic.h on the
 * memory-mapped distributor and CPU interface (IHI 0048B 4.3, 4.4).
 *
 * Interrupt groups are left as the firmware set them (a GIC with the
 * Security Extensions ignores Non-secure IGROUPR writes; QEMU's has none
 * and all interrupts stay group 0): GICC_CTLR bit 0 enables the group this
 * security state sees, bit 9 (EOImodeNS, or EOImodeS without the
 * Extensions) splits priority drop (EOIR) from deactivation (DIR) so a
 * forwarded interrupt stays active until the guest deactivates it through
 * a hardware-linked list register (IHI 0048B 4.4.1, 5.3.7).
 */
#include <arch/gic.h>
#include <hv/cpu.h>
#include <hv/vmconfig.h>
#include <config.h>

/* Distributor (IHI 0048B Table 4-1) */
#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_ISPENDR    0x200
#define GICD_ICPENDR    0x280
#define GICD_ICACTIVER  0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICD_SGIR       0xf00
/* CPU interface (IHI 0048B Table 4-2) */
#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_BPR  0x0008
#define GICC_IAR  0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR  0x1000

#define GICC_CTLR_ENABLE  (1u << 0)
#define GICC_CTLR_EOIMODE (1u << 9)
#define GIC_PRIO 0xa0u

static uint32_t gic_spis;
/* CPU interface mask of each CPU (GICD_ITARGETSR0 reads the reader's own,
 * IHI 0048B 4.3.12), learnt when the CPU initialises its interface. */
static uint8_t cpu_if_mask[AXVM_CPU_NUM];
/* GICC_IAR of the SGI being handled on each CPU: EOIR and DIR must carry
 * the source CPU ID it came with (IHI 0048B 4.4.5). */
static uint32_t sgi_iar[AXVM_CPU_NUM];

static volatile uint32_t *gicd32(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(vmcfg_board.arch.gicd_base + off);
}

static volatile uint8_t *gicd8(uint32_t off)
{
	return (volatile uint8_t *)(uintptr_t)(vmcfg_board.arch.gicd_base + off);
}

static volatile uint32_t *gicc32(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(vmcfg_board.arch.gicc_base + off);
}

/* Interface mask of the CPU with hardware id `aff`; before that CPU has
 * run arch_gic_init_cpu(), its Aff0 (GIC-400 numbers the cores of its one
 * cluster, QEMU the CPUs, that way). */
static uint8_t if_mask_of(uint64_t aff)
{
	int32_t i = cpu_index_of_hwid(aff);

	if (i >= 0 && i < AXVM_CPU_NUM && cpu_if_mask[i])
		return cpu_if_mask[i];
	return (uint8_t)(1u << (aff & 7));
}

void arch_gic_init_global(void)
{
	uint32_t i, me = cpu_this()->index;

	*gicd32(GICD_CTLR) = 0;
	gic_spis = ((*gicd32(GICD_TYPER) & 0x1f) + 1) * 32 - 32;
	if (gic_spis > 988)
		gic_spis = 988; /* INTIDs 1020-1023 are special */
	cpu_if_mask[me] = *gicd8(GICD_ITARGETSR);
	for (i = 32; i < 32 + gic_spis; i += 32) {
		*gicd32(GICD_ICENABLER + i / 8) = ~0u;
		*gicd32(GICD_ICPENDR + i / 8) = ~0u;
		*gicd32(GICD_ICACTIVER + i / 8) = ~0u;
	}
	for (i = 32; i < 32 + gic_spis; i++) {
		*gicd8(GICD_IPRIORITYR + i) = GIC_PRIO;
		*gicd8(GICD_ITARGETSR + i) = cpu_if_mask[me];
	}
	*gicd32(GICD_CTLR) = 1; /* Enable (the group this state sees) */
}

uint32_t arch_gic_spi_num(void)
{
	return gic_spis;
}

uint32_t arch_gic_cpu_index(void)
{
	return cpu_this()->index;
}

void arch_gic_init_cpu(void)
{
	uint32_t i;

	cpu_if_mask[cpu_this()->index] = *gicd8(GICD_ITARGETSR);
	*gicd32(GICD_ICENABLER) = ~0u; /* banked: this CPU's SGIs and PPIs */
	*gicd32(GICD_ICPENDR) = ~0u;
	*gicd32(GICD_ICACTIVER) = ~0u;
	for (i = 0; i < 32; i++)
		*gicd8(GICD_IPRIORITYR + i) = GIC_PRIO;
	*gicc32(GICC_PMR) = 0xff;
	*gicc32(GICC_BPR) = 0;
	*gicc32(GICC_CTLR) = GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE;
}

bool arch_gic_cpu_ready(void)
{
	return (*gicc32(GICC_CTLR) & GICC_CTLR_ENABLE) != 0;
}

uint32_t arch_gic_ack(void)
{
	uint32_t iar = *gicc32(GICC_IAR);
	uint32_t intid = iar & 0x3ff;

	if (intid < 16)
		sgi_iar[cpu_this()->index] = iar;
	return intid;
}

static uint32_t iar_of(uint32_t intid)
{
	uint32_t iar = sgi_iar[cpu_this()->index];

	return (intid < 16 && (iar & 0x3ff) == intid) ? iar : intid;
}

void arch_gic_eoi(uint32_t intid)
{
	*gicc32(GICC_EOIR) = iar_of(intid);
}

void arch_gic_deactivate(uint32_t intid)
{
	*gicc32(GICC_DIR) = iar_of(intid);
}

void arch_gic_ppi_enable(uint32_t intid, bool on)
{
	*gicd32(on ? GICD_ISENABLER : GICD_ICENABLER) = 1u << (intid % 32);
}

/* GICD_ICACTIVER0 is banked per CPU for SGIs and PPIs (IHI 0048B 4.3.10):
 * harmless when already inactive, unlike a GICC_DIR write. */
void arch_gic_ppi_clear_active(uint32_t intid)
{
	*gicd32(GICD_ICACTIVER) = 1u << (intid % 32);
}

void arch_gic_spi_enable(uint32_t intid, bool on)
{
	*gicd32((on ? GICD_ISENABLER : GICD_ICENABLER) + intid / 32 * 4) = 1u << (intid % 32);
}

void arch_gic_spi_route(uint32_t intid, uint64_t aff)
{
	*gicd8(GICD_ITARGETSR + intid) = if_mask_of(aff);
}

void arch_gic_spi_set_edge(uint32_t intid, bool edge)
{
	volatile uint32_t *r = gicd32(GICD_ICFGR + intid / 16 * 4);
	uint32_t bit = 2u << (2 * (intid % 16));

	*r = edge ? (*r | bit) : (*r & ~bit);
}

void arch_gic_spi_set_pending(uint32_t intid, bool pending)
{
	*gicd32((pending ? GICD_ISPENDR : GICD_ICPENDR) + intid / 32 * 4) = 1u << (intid % 32);
}

void arch_gic_spi_clear_active(uint32_t intid)
{
	*gicd32(GICD_ICACTIVER + intid / 32 * 4) = 1u << (intid % 32);
}

/* TargetListFilter 0: the CPUs of CPUTargetList [23:16] (IHI 0048B 4.3.15). */
void arch_gic_send_sgi(uint64_t aff, uint32_t sgi)
{
	__asm__ volatile("dsb ishst" ::: "memory"); /* state before the SGI */
	*gicd32(GICD_SGIR) = ((uint32_t)if_mask_of(aff) << 16) | (sgi & 0xf);
}

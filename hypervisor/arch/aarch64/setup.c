/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot path in C, run with the MMU off: build the hypervisor's own EL2
 * identity map with the generic builder, enable it, hand over to core.
 *
 * The map: RAM read/write/execute-never, except the firmware image whose
 * text is read-only executable, rodata (and the pristine guest images)
 * read-only, data/bss read/write; the UART and GIC frames as Device-nGnRE.
 * SCTLR_EL2.WXN makes any writable page execute-never as well.
 */
#include <hv/hv.h>
#include <hv/layout.h>
#include <hv/log.h>
#include <hv/pgtable.h>
#include <hv/vmconfig.h>
#include "console_layout.h"
#include "sysreg.h"

#define HYP_POOL_PAGES 96

/* Zeroed page by page by page_pool_alloc(), so kept out of .bss. */
static uint8_t hyp_pool_mem[HYP_POOL_PAGES * PAGE_SIZE]
	__attribute__((aligned(4096), section(".noinit.hyp_pool")));
static struct page_pool hyp_pool;
static struct pgtable hyp_pt;

static void map_or_die(uint64_t base, uint64_t size, unsigned attr)
{
	enum hv_err err = pgtable_map(&hyp_pt, base, base, size, attr);

	if (err)
		hv_panic("EL2 map %#lx+%#lx failed (%d)", base, size, err);
}

/* Map [lo, hi) minus the firmware image as plain RAM. */
static void map_ram_around_image(uint64_t lo, uint64_t hi)
{
	uint64_t is = layout_hv_start(), ie = layout_hv_end();

	if (ie <= lo || is >= hi) {
		map_or_die(lo, hi - lo, PT_R | PT_W);
		return;
	}
	if (is > lo)
		map_or_die(lo, is - lo, PT_R | PT_W);
	if (ie < hi)
		map_or_die(ie, hi - ie, PT_R | PT_W);
}

static void map_devices(const struct vmcfg_board *b)
{
	map_or_die(ALIGN_DOWN(b->uart_base, PAGE_SIZE), PAGE_SIZE, PT_R | PT_W | PT_DEVICE);
	if (b->arch.gicd_base)
		map_or_die(b->arch.gicd_base, 0x10000, PT_R | PT_W | PT_DEVICE);
	if (b->arch.gicc_base) /* GICv2 CPU interface: GICC_DIR at 0x1000 */
		map_or_die(b->arch.gicc_base, 0x2000, PT_R | PT_W | PT_DEVICE);
	if (b->arch.gich_base)
		map_or_die(b->arch.gich_base, 0x1000, PT_R | PT_W | PT_DEVICE);
	if (b->arch.gicr_base)
		map_or_die(b->arch.gicr_base, ALIGN_UP(b->cpu_num * b->arch.gicr_stride, PAGE_SIZE),
			   PT_R | PT_W | PT_DEVICE);
}

static void hyp_map_build(void)
{
	const struct vmcfg_board *b = &vmcfg_board;

	page_pool_init(&hyp_pool, hyp_pool_mem, HYP_POOL_PAGES);
	if (pgtable_init(&hyp_pt, PT_HYP, arch_pt_geometry(PT_HYP), &hyp_pool))
		hv_panic("EL2 root");
	map_or_die(layout_hv_start(), layout_text_end() - layout_hv_start(), PT_R | PT_X);
	map_or_die(layout_text_end(), layout_rodata_end() - layout_text_end(), PT_R);
	map_or_die(layout_rodata_end(), layout_hv_end() - layout_rodata_end(), PT_R | PT_W);
	for (uint32_t i = 0; i < b->ram_bank_num; i++)
		map_ram_around_image(b->ram_banks[i].base,
				     b->ram_banks[i].base + b->ram_banks[i].size);
	map_devices(b);
}

static void mmu_enable(void)
{
	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_VALUE);
	write_sysreg(ttbr0_el2, (uint64_t)hyp_pt.root);
	isb();
	__asm__ volatile("tlbi alle2; dsb ish; isb" ::: "memory");
	write_sysreg(sctlr_el2, SCTLR_EL2_ON);
	isb();
}

void arch_boot_primary(void)
{
	console_layout_setup();
	uart_early_init();
	hyp_map_build();
	mmu_enable();
	hv_main();
}

void arch_boot_secondary(uint32_t idx)
{
	mmu_enable(); /* hyp_pt was written with the MMU off: it is in memory */
	hv_secondary_main(idx);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vgic2/vgic_gich.c against a GICH frame in host memory: the core's ICH_LR
 * encoding (IHI 0069 12.4.6) written and read back through the 32-bit
 * GICH_LR format (IHI 0048B 5.3.11), and the GICH registers it uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <arch/vgic_hw.h>
#include <hv/vmconfig.h>

static uint32_t gich[0x200 / 4]; /* HCR .. LR63 */
/* The frame's address as the generated tables would hold it. */
const struct vmcfg_board vmcfg_board = {
	.arch = {.gic_version = 2, .gich_base = (uintptr_t)gich},
};

#define ICH_HW      (1ULL << 61)
#define ICH_G1      (1ULL << 60)
#define ICH_PENDING (1ULL << 62)
#define ICH_ACTIVE  (1ULL << 63)
#define ICH_EOI     (1ULL << 41)
#define PRIO(p)     ((uint64_t)(p) << 48)

static int setup(void **state)
{
	(void)state;
	memset(gich, 0, sizeof(gich));
	return 0;
}

static uint32_t lr_word(uint32_t n)
{
	return gich[(0x100 + 4 * n) / 4];
}

/* The vtimer, hardware-linked: pINTID in [19:10], HW, top 5 priority bits. */
static void test_hw_lr_encodes_physical_id(void **state)
{
	uint64_t v = 27 | (27ULL << 32) | ICH_HW | ICH_G1 | PRIO(0xa0) | ICH_PENDING;

	(void)state;
	arch_vgic_lr_write(1, v);
	assert_int_equal(lr_word(1), 27u | 27u << 10 | 1u << 31 | (0xa0u >> 3) << 23 | 1u << 28);
	assert_int_equal(lr_word(0), 0);
	assert_true(arch_vgic_lr_read(1) == v);
}

/* A virtual SPI with the EOI maintenance request; guests see group 0. */
static void test_sw_lr_keeps_eoi_and_state(void **state)
{
	uint64_t v = 33 | ICH_EOI | ICH_G1 | PRIO(0xf8) | ICH_PENDING | ICH_ACTIVE;

	(void)state;
	arch_vgic_lr_write(3, v);
	assert_int_equal(lr_word(3), 33u | 1u << 19 | 0x1fu << 23 | 3u << 28);
	assert_int_equal(lr_word(3) & (1u << 30), 0); /* Grp1 clear */
	assert_true(arch_vgic_lr_read(3) == v);
}

/* The guest finished it: state bits cleared by the hardware read back so. */
static void test_completed_lr_reads_without_state(void **state)
{
	(void)state;
	gich[0x100 / 4] = 40u | (0x10u << 23);
	assert_int_equal(arch_vgic_lr_read(0) & (ICH_PENDING | ICH_ACTIVE), 0);
	assert_int_equal(arch_vgic_lr_read(0) & 0xffffffffu, 40);
}

static void test_control_registers(void **state)
{
	(void)state;
	gich[0x004 / 4] = 3;                 /* VTR.ListRegs: 4 LRs (QEMU) */
	gich[0x030 / 4] = 0xa;               /* ELRSR0 */
	gich[0x034 / 4] = 0x1;               /* ELRSR1 */
	gich[0x020 / 4] = 0x4;               /* EISR0 */
	gich[0x010 / 4] = 0x2;               /* MISR.U */
	gich[0x0f0 / 4] = 0xffffffffu;       /* APR */
	assert_int_equal(arch_vgic_lr_num(), 4);
	assert_true(arch_vgic_elrsr() == (0xaULL | 1ULL << 32));
	assert_true(arch_vgic_eisr() == 0x4);
	assert_true(arch_vgic_misr() == 0x2);
	arch_vgic_hcr_write(0x3);            /* En | UIE */
	assert_int_equal(gich[0], 0x3);
	assert_true(arch_vgic_hcr_read() == 0x3);
	arch_vgic_vmcr_write(0);
	assert_int_equal(gich[0x008 / 4], 0);
	arch_vgic_apr_clear();
	assert_int_equal(gich[0x0f0 / 4], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_hw_lr_encodes_physical_id, setup),
		cmocka_unit_test_setup(test_sw_lr_keeps_eoi_and_state, setup),
		cmocka_unit_test_setup(test_completed_lr_reads_without_state, setup),
		cmocka_unit_test_setup(test_control_registers, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The riscv64 descriptor encoding (arch/riscv64/pgtable.c) under the
 * generic builder: Sv39x4 G-stage (16 KiB root of 2048 entries, 41-bit GPA)
 * and Sv39 leaves, read back from the raw tables (privileged spec 1.12,
 * 4.4.1 PTE format, 8.5.1 Sv39x4: U set on every G-stage leaf).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include <hv/pgtable.h>

#define V 0x01u
#define R 0x02u
#define W 0x04u
#define X 0x08u
#define U 0x10u
#define G 0x20u
#define A 0x40u
#define D 0x80u

static void *mem;
static struct page_pool pool;

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(16384, 32 * PAGE_SIZE);
	page_pool_init(&pool, mem, 32);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static uint64_t *next(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> 10) << 12);
}

static void test_s2_geometry_is_sv39x4(void **state)
{
	struct pgtable pt;

	(void)state;
	assert_int_equal(arch_pt_geometry(PT_STAGE2)->root_entries, 2048);
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_span(&pt), 1ULL << 41);
	assert_int_equal((uintptr_t)pt.root % 16384, 0); /* hgatp.PPN: 16 KiB aligned */
}

/* 2 MiB RWX guest RAM: table at GPA[40:30], leaf at level 1 (Sv39 megapage). */
static void test_s2_megapage(void **state)
{
	struct pgtable pt;
	uint64_t t, d;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x80000000, 0x90000000, 0x200000, PT_R | PT_W | PT_X),
			 HV_OK);
	t = pt.root[2];
	assert_int_equal(t & 0x3ff, V); /* pointer: V only */
	d = next(t)[0];
	assert_int_equal(d & 0x3ff, V | R | W | X | U | A | D);
	assert_int_equal((d >> 10) << 12, 0x90000000);
}

/* Above 2^39 (root entries 512..2047, what Sv39x4 adds to Sv39). */
static void test_s2_high_gpa(void **state)
{
	struct pgtable pt;
	uint64_t pa;
	unsigned attr, level;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x1f000000000, 0x10000000, 0x1000, PT_R | PT_W | PT_DEVICE),
			 HV_OK);
	assert_true(pt.root[0x1f000000000 >> 30] & V);
	assert_int_equal(pgtable_lookup(&pt, 0x1f000000000, &pa, &attr, &level), HV_OK);
	assert_int_equal(level, 3);
	assert_int_equal(pa, 0x10000000);
	assert_int_equal(attr & (PT_R | PT_W | PT_X), PT_R | PT_W);
	assert_int_not_equal(pgtable_map(&pt, 1ULL << 41, 0, 0x1000, PT_R), HV_OK);
}

/* A 4 KiB device page: no X, U set; W always with R (W-only is reserved). */
static void test_s2_page_write_only_gets_read(void **state)
{
	struct pgtable pt;
	uint64_t d;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x10000000, 0x10000000, 0x1000, PT_W | PT_DEVICE), HV_OK);
	d = next(next(pt.root[0])[0x80])[0];
	assert_int_equal(d & 0x3ff, V | R | W | U | A | D);
}

/* Hypervisor leaves: global, never U (S-mode would fault on them, 4.3.1). */
static void test_hyp_leaf(void **state)
{
	struct pgtable pt;
	uint64_t d;

	(void)state;
	assert_int_equal(arch_pt_geometry(PT_HYP)->root_entries, 512);
	assert_int_equal(pgtable_init(&pt, PT_HYP, arch_pt_geometry(PT_HYP), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x80200000, 0x80200000, 0x1000, PT_R | PT_X), HV_OK);
	d = next(next(pt.root[2])[1])[0];
	assert_int_equal(d & 0x3ff, V | R | X | G | A | D);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_s2_geometry_is_sv39x4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s2_megapage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s2_high_gpa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s2_page_write_only_gets_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hyp_leaf, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

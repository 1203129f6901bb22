/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD nested page tables (arch/x86_64/pgtable.c) under the generic builder
 * (core/pgtable.c, 4 levels from a PML4): the long-mode entry bits of table and leaf entries
 * (AMD APM vol. 2, 5.4: P, R/W, U/S -- set everywhere, nested walks are
 * user accesses, 15.25.5 --, PCD/PWT, PS, NX), large pages where
 * alignment allows, and lookups back through the tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include <hv/pgtable.h>

#define P  BIT(0)
#define RW BIT(1)
#define US BIT(2)
#define PWT BIT(3)
#define PCD BIT(4)
#define PS BIT(7)
#define NX BIT(63)
#define ADDR GENMASK(51, 12)

static void *mem;
static struct page_pool pool;

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(4096, 32 * PAGE_SIZE);
	page_pool_init(&pool, mem, 32);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static uint64_t *next(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & ADDR);
}

/* 16 MiB of RAM at gpa 0 -> hpa 0x40000000: eight 2 MiB leaves under one PD. */
static void test_ram_2m_leaves(void **state)
{
	struct pgtable pt;
	uint64_t pdpte, *pd;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0, 0x40000000, 0x1000000, PT_R | PT_W | PT_X), HV_OK);
	assert_int_equal(pt.root[0] & (P | RW | US | PS), P | RW | US); /* PML4E */
	pdpte = next(pt.root[0])[0];
	assert_int_equal(pdpte & (P | RW | US | PS), P | RW | US); /* table entry */
	pd = next(pdpte);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(pd[i] & ADDR, 0x40000000 + (uint64_t)i * 0x200000);
		assert_int_equal(pd[i] & (P | RW | US | PS | PCD | PWT), P | RW | US | PS);
		assert_false(pd[i] & NX);
	}
	assert_int_equal(pd[8], 0);
}

/* Read-only, non-executable 4 KiB page; a device page is uncached. */
static void test_4k_attrs(void **state)
{
	struct pgtable pt;
	uint64_t *pt3;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x1000, 0x80001000, 0x1000, PT_R), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0xfec00000, 0xfec00000, 0x1000, PT_R | PT_W | PT_DEVICE), HV_OK);
	pt3 = next(next(next(pt.root[0])[0])[0]);
	assert_int_equal(pt3[1] & ADDR, 0x80001000);
	assert_int_equal(pt3[1] & (P | RW | US | PS), P | US);
	assert_true(pt3[1] & NX);
	pt3 = next(next(next(pt.root[0])[3])[0x1f6]);
	assert_int_equal(pt3[0] & (P | RW | US | PCD | PWT | PS), P | RW | US | PCD | PWT);
	/* Uncached normal memory: PCD alone (UC-), read back as PT_UNCACHED. */
	assert_int_equal(pgtable_map(&pt, 0x2000, 0x80002000, 0x1000, PT_R | PT_UNCACHED), HV_OK);
	pt3 = next(next(next(pt.root[0])[0])[0]);
	assert_int_equal(pt3[2] & (PCD | PWT), PCD);
	assert_int_equal(arch_pte_attr(PT_STAGE2, pt3[2]), PT_R | PT_UNCACHED);
	assert_int_equal(arch_pte_attr(PT_STAGE2, pt3[1]), PT_R);
}

/* A 1 GiB-aligned gigabyte is one PDPT leaf (PS at level 1). */
static void test_1g_leaf(void **state)
{
	struct pgtable pt;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x100000000ULL, 0x100000000ULL, 0x40000000, PT_R | PT_W), HV_OK);
	assert_int_equal(next(pt.root[0])[4] & (P | RW | US | PS), P | RW | US | PS);
	assert_int_equal(next(pt.root[0])[4] & ADDR, 0x100000000ULL);
}

/* Lookups give back address and attributes; holes are not found; no
 * overlap; 512 GiB-aligned memory still uses 1 GiB leaves (no PML4 leaf);
 * beyond 256 TiB is out of range (AXV_ARCH_IPA_BITS = 48). */
static void test_lookup_and_limits(void **state)
{
	struct pgtable pt;
	uint64_t pa;
	unsigned attr, level;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x200000, 0x40200000, 0x201000, PT_R | PT_W | PT_X), HV_OK);
	assert_int_equal(pgtable_lookup(&pt, 0x200123, &pa, &attr, &level), HV_OK);
	assert_int_equal(pa, 0x40200123);
	assert_int_equal(level, 2);
	assert_int_equal(attr, PT_R | PT_W | PT_X);
	assert_int_equal(pgtable_lookup(&pt, 0x400fff, &pa, &attr, &level), HV_OK);
	assert_int_equal(pa, 0x40400fff);
	assert_int_equal(level, 3);
	assert_int_equal(pgtable_lookup(&pt, 0x401000, &pa, &attr, &level), HV_ERR_NOTFOUND);
	assert_int_equal(pgtable_lookup(&pt, 0x1000, &pa, &attr, &level), HV_ERR_NOTFOUND);
	assert_int_equal(pgtable_map(&pt, 0x400000, 0x0, 0x1000, PT_R), HV_ERR_EXISTS);
	assert_int_equal(pgtable_span(&pt), 1ULL << 48);
	assert_int_equal(pgtable_map(&pt, 1ULL << 48, 0, 0x1000, PT_R), HV_ERR_RANGE);
	assert_int_equal(pgtable_map(&pt, 1ULL << 39, 1ULL << 39, 1ULL << 39, PT_R), HV_OK);
	assert_int_equal(pgtable_lookup(&pt, (1ULL << 39) + 5, &pa, &attr, &level), HV_OK);
	assert_int_equal(level, 1);
	assert_int_equal(pa, (1ULL << 39) + 5);
	assert_true(arch_pte_is_table(pt.root[1], 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ram_2m_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_4k_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_1g_leaf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_and_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

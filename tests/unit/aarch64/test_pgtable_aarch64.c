/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The aarch64 descriptor encoding (arch/aarch64/pgtable.c) under the generic
 * builder: the exact VMSAv8-64 bits of stage-2 and EL2 stage-1 entries
 * (Arm ARM D8.3: block/page/table types, AF, SH, S2AP, MemAttr, AP[2],
 * AttrIndx, XN), read back from the raw tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include <hv/pgtable.h>
#include <arch/contract.h>

static void *mem;
static struct page_pool pool;

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(8192, 32 * PAGE_SIZE);
	page_pool_init(&pool, mem, 32);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static uint64_t *next(uint64_t d)
{
	return (uint64_t *)(uintptr_t)(d & GENMASK(47, 12));
}

/* Stage 2, 2 MiB normal RWX block: level-2 block, AF, SH=IS, S2AP=RW, WB, XN clear. */
static void test_s2_block_normal(void **state)
{
	struct pgtable pt;
	uint64_t l1, d;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x50000000, 0x50000000, 0x200000, PT_R | PT_W | PT_X), HV_OK);
	l1 = pt.root[1];
	assert_int_equal(l1 & 3, 3); /* table descriptor */
	d = next(l1)[0x80];          /* (0x50000000 >> 21) & 511 */
	assert_int_equal(d & 3, 1);  /* block */
	assert_int_equal(d & GENMASK(47, 12), 0x50000000);
	assert_int_equal((d >> 2) & 0xf, 0xf);  /* MemAttr: Normal WB */
	assert_int_equal((d >> 6) & 3, 3);      /* S2AP: read + write */
	assert_int_equal((d >> 8) & 3, 3);      /* SH: inner shareable */
	assert_true(d & BIT(10));               /* AF */
	assert_false(d & BIT(54));              /* executable */
}

/* Stage 2 device page: level-3 page (0b11), Device-nGnRE, RW, XN. */
static void test_s2_page_device(void **state)
{
	struct pgtable pt;
	uint64_t d;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x9000000, 0x9000000, 0x1000, PT_R | PT_W | PT_DEVICE), HV_OK);
	d = next(next(pt.root[0])[0x48])[0];
	assert_int_equal(d & 3, 3);
	assert_int_equal((d >> 2) & 0xf, 0x1);  /* MemAttr: Device-nGnRE */
	assert_int_equal((d >> 6) & 3, 3);
	assert_true(d & BIT(54));               /* XN */
}

/* Stage 2 read-only: S2AP = 0b01; a 1 GiB block at level 1 in the second concatenated table. */
static void test_s2_readonly_1g(void **state)
{
	struct pgtable pt;
	uint64_t d;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 600ULL << 30, 1ULL << 30, 1ULL << 30, PT_R), HV_OK);
	d = pt.root[600]; /* index >= 512: second concatenated level-1 table */
	assert_int_equal(d & 3, 1);
	assert_int_equal((d >> 6) & 3, 1);
	assert_true(d & BIT(54));
}

/* EL2 stage 1: text RX (AP[2]=1, XN=0, AttrIndx 1), data RW XN, device AttrIndx 0. */
static void test_el2_attrs(void **state)
{
	struct pgtable pt;
	uint64_t *l3;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_HYP, arch_pt_geometry(PT_HYP), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x40200000, 0x40200000, 0x1000, PT_R | PT_X), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x40201000, 0x40201000, 0x1000, PT_R | PT_W), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x9000000, 0x9000000, 0x1000, PT_R | PT_W | PT_DEVICE), HV_OK);
	l3 = next(next(pt.root[1])[1]);
	assert_int_equal(l3[0] & 3, 3);
	assert_true(l3[0] & BIT(7));             /* AP[2]: read-only */
	assert_false(l3[0] & BIT(54));           /* executable */
	assert_int_equal((l3[0] >> 2) & 7, 1);   /* AttrIndx 1: Normal */
	assert_false(l3[1] & BIT(7));            /* writable */
	assert_true(l3[1] & BIT(54));            /* ... so never executable */
	assert_int_equal((next(next(pt.root[0])[0x48])[0] >> 2) & 7, 0); /* Device */
}

/* The inverse decoding gives back the generic attributes. */
static void test_attr_roundtrip(void **state)
{
	struct pgtable pt;
	uint64_t pa;
	unsigned attr, level;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0, 0x80000000, 0x1000, PT_R | PT_X), HV_OK);
	assert_int_equal(pgtable_lookup(&pt, 0x10, &pa, &attr, &level), HV_OK);
	assert_int_equal(pa, 0x80000010);
	assert_int_equal(attr, PT_R | PT_X);
}

/* Stage 2, UNCACHED (AXV_MEM_FLAG_UNCACHED): MemAttr 0b0101 Normal
 * non-cacheable (Arm ARM D8.5.5), inner shareable, read back as PT_UNCACHED. */
static void test_s2_uncached(void **state)
{
	struct pgtable pt;
	uint64_t pa, d;
	unsigned attr, level;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0x50000000, 0x50000000, 0x200000,
				     PT_R | PT_W | PT_UNCACHED), HV_OK);
	d = next(pt.root[1])[0x80];
	assert_int_equal((d >> 2) & 0xf, 0x5);  /* MemAttr: Normal NC */
	assert_int_equal((d >> 8) & 3, 3);      /* SH: inner shareable */
	assert_int_equal(pgtable_lookup(&pt, 0x50000010, &pa, &attr, &level), HV_OK);
	assert_int_equal(attr, PT_R | PT_W | PT_UNCACHED);
}

/* The stage-2 geometry follows AXV_ARCH_IPA_BITS: a level-1 root of
 * 2^(bits - 30) entries (two concatenated tables for 40 bits). */
static void test_s2_geometry_from_contract(void **state)
{
	const struct pt_geometry *g = arch_pt_geometry(PT_STAGE2);

	(void)state;
	assert_int_equal(g->root_level, 1);
	assert_int_equal(g->root_entries, 1u << (AXV_ARCH_IPA_BITS - 30));
	assert_int_equal(g->leaf_levels, 0xe); /* 1 GiB, 2 MiB blocks, 4 KiB pages */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_s2_block_normal), T(test_s2_page_device), T(test_s2_readonly_1g),
		T(test_el2_attrs), T(test_attr_roundtrip),
		T(test_s2_uncached), T(test_s2_geometry_from_contract),
	};

	return cmocka_run_group_tests_name("pgtable_aarch64", tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generic table builder (core/pgtable.c) on the fake descriptor encoding:
 * block vs page choice, boundaries of the address space, overlaps rejected
 * with the tables untouched, pool exhaustion. Results are checked with the
 * fake's own walker (fake_pt_walk), independent of pgtable_lookup.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include <hv/pgtable.h>
#include <arch/fake.h>

/* Level-1 root of two concatenated tables (the shape of a 40-bit stage 2). */
static const struct pt_geometry geo_two_roots = {
	.root_level = 1, .leaf_levels = 0xe, .root_entries = 1024};

#define POOL_PAGES 64
#define KB4 0x1000ULL
#define MB2 0x200000ULL
#define GB1 0x40000000ULL

static struct page_pool pool;
static struct pgtable pt;
static void *mem;

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(8192, POOL_PAGES * PAGE_SIZE);
	page_pool_init(&pool, mem, POOL_PAGES);
	return pgtable_init(&pt, PT_STAGE2, &geo_two_roots, &pool) == HV_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

/* Walk `va` with the fake walker; returns the leaf level (0 if unmapped). */
static unsigned walk(uint64_t va, uint64_t *pa, unsigned *attr)
{
	unsigned level = 0;

	if (fake_pt_walk(pt.root, pt.root_entries, pt.start_level, va, pa, attr, &level))
		return 0;
	return level;
}

/* A 2 MiB aligned range maps as one level-2 block. */
static void test_block_2m(void **state)
{
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_map(&pt, 0x50000000, 0x60000000, MB2, PT_R | PT_W), HV_OK);
	assert_int_equal(walk(0x50000000 + 0x1234, &pa, &attr), 2);
	assert_int_equal(pa, 0x60001234);
	assert_int_equal(attr, PT_R | PT_W);
	assert_int_equal(walk(0x50000000 + MB2, &pa, &attr), 0); /* first byte after */
}

/* A 1 GiB aligned range maps as one level-1 block. */
static void test_block_1g(void **state)
{
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_map(&pt, GB1, 2 * GB1, GB1, PT_R | PT_X), HV_OK);
	assert_int_equal(walk(GB1 + GB1 - 1, &pa, &attr), 1);
	assert_int_equal(pa, 3 * GB1 - 1);
	assert_int_equal(pool.used, 2); /* root only: no table needed */
}

/* Unaligned edges use pages, the aligned middle a block. */
static void test_mixed_pages_and_block(void **state)
{
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_map(&pt, MB2 - KB4, MB2 - KB4, MB2 + 2 * KB4, PT_R), HV_OK);
	assert_int_equal(walk(MB2 - KB4, &pa, &attr), 3);
	assert_int_equal(walk(MB2, &pa, &attr), 2);
	assert_int_equal(walk(2 * MB2, &pa, &attr), 3);
	assert_int_equal(walk(2 * MB2 + KB4, &pa, &attr), 0);
	assert_int_equal(walk(MB2 - 2 * KB4, &pa, &attr), 0);
}

/* Same-aligned IPA but PA only page aligned: pages, never a block. */
static void test_pa_alignment_limits_block(void **state)
{
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_map(&pt, 0, KB4, MB2, PT_R), HV_OK);
	assert_int_equal(walk(0, &pa, &attr), 3);
	assert_int_equal(walk(MB2 - KB4, &pa, &attr), 3);
	assert_int_equal(pa, MB2);
}

/* A page inside an existing block is an overlap; nothing changes. */
static void test_overlap_inside_block(void **state)
{
	uint32_t used;

	(void)state;
	assert_int_equal(pgtable_map(&pt, 0, 0, MB2, PT_R), HV_OK);
	used = pool.used;
	assert_int_equal(pgtable_map(&pt, KB4, 0x80000000, KB4, PT_R), HV_ERR_EXISTS);
	assert_int_equal(pool.used, used);
}

/* A range overlapping only at its end is rejected without mapping its start. */
static void test_overlap_at_end_is_atomic(void **state)
{
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_map(&pt, 8 * KB4, 8 * KB4, KB4, PT_R), HV_OK);
	assert_int_equal(pgtable_map(&pt, 0, 0x1000000, 9 * KB4, PT_R), HV_ERR_EXISTS);
	assert_int_equal(walk(0, &pa, &attr), 0);
	assert_int_equal(walk(8 * KB4, &pa, &attr), 3);
	assert_int_equal(pa, 8 * KB4);
}

/* A block over existing pages is an overlap. */
static void test_block_over_pages(void **state)
{
	(void)state;
	assert_int_equal(pgtable_map(&pt, MB2 + KB4, 0, KB4, PT_R), HV_OK);
	assert_int_equal(pgtable_map(&pt, MB2, 0, MB2, PT_R), HV_ERR_EXISTS);
}

/* Adjacent ranges (last page / next page) are both fine. */
static void test_adjacent_ok(void **state)
{
	(void)state;
	assert_int_equal(pgtable_map(&pt, 0, 0, KB4, PT_R), HV_OK);
	assert_int_equal(pgtable_map(&pt, KB4, KB4, KB4, PT_R), HV_OK);
}

/* The last page of the 40-bit space maps; one page more is out of range. */
static void test_span_boundary(void **state)
{
	uint64_t top = 1ULL << 40;
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_span(&pt), top);
	assert_int_equal(pgtable_map(&pt, top - KB4, 0, KB4, PT_R), HV_OK);
	assert_int_equal(walk(top - 1, &pa, &attr), 3);
	assert_int_equal(pgtable_map(&pt, top - KB4, 0, 2 * KB4, PT_R), HV_ERR_RANGE);
	assert_int_equal(pgtable_map(&pt, top, 0, KB4, PT_R), HV_ERR_RANGE);
	assert_int_equal(pgtable_map(&pt, ~0ULL & ~0xfffULL, 0, KB4, PT_R), HV_ERR_RANGE);
}

/* Unaligned base/size and empty ranges are invalid. */
static void test_invalid_args(void **state)
{
	(void)state;
	assert_int_equal(pgtable_map(&pt, 0x800, 0, KB4, PT_R), HV_ERR_INVAL);
	assert_int_equal(pgtable_map(&pt, 0, 0x800, KB4, PT_R), HV_ERR_INVAL);
	assert_int_equal(pgtable_map(&pt, 0, 0, 0x800, PT_R), HV_ERR_INVAL);
	assert_int_equal(pgtable_map(&pt, 0, 0, 0, PT_R), HV_ERR_INVAL);
}

/* An exhausted pool reports HV_ERR_NOMEM. */
static void test_pool_exhausted(void **state)
{
	uint64_t va = 0;
	enum hv_err err = HV_OK;

	(void)state;
	/* One page in each 1 GiB needs a level-2 and a level-3 table each. */
	for (int i = 0; i < 64 && !err; i++, va += GB1)
		err = pgtable_map(&pt, va, 0, KB4, PT_R);
	assert_int_equal(err, HV_ERR_NOMEM);
	assert_true(pool.used >= POOL_PAGES - 1); /* nothing left for two more tables */
}

/* pgtable_lookup agrees with the walker, attributes included. */
static void test_lookup(void **state)
{
	uint64_t pa;
	unsigned attr, level;

	(void)state;
	assert_int_equal(pgtable_map(&pt, 0x9000000, 0x9000000, KB4, PT_R | PT_W | PT_DEVICE), HV_OK);
	assert_int_equal(pgtable_lookup(&pt, 0x9000018, &pa, &attr, &level), HV_OK);
	assert_int_equal(pa, 0x9000018);
	assert_int_equal(attr, PT_R | PT_W | PT_DEVICE);
	assert_int_equal(level, 3);
	assert_int_equal(pgtable_lookup(&pt, 0x9001000, &pa, &attr, &level), HV_ERR_NOTFOUND);
	assert_int_equal(pgtable_lookup(&pt, 1ULL << 40, &pa, &attr, &level), HV_ERR_RANGE);
}

/* A root of other than 512/1024 entries is refused. */
static void test_init_bad_root(void **state)
{
	struct pgtable t;

	(void)state;
	static const struct pt_geometry half = {.root_level = 1, .leaf_levels = 0xe,
						 .root_entries = 256};

	assert_int_equal(pgtable_init(&t, PT_HYP, &half, &pool), HV_ERR_INVAL);
}

/* A 16 KiB root (four concatenated tables at level 1, as Sv39x4) spans 2^41. */
static void test_geometry_four_root_tables(void **state)
{
	static const struct pt_geometry g = {.root_level = 1, .leaf_levels = 0xe,
					     .root_entries = 2048};
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, &g, &pool), HV_OK);
	assert_true(IS_ALIGNED((uintptr_t)pt.root, 4 * PAGE_SIZE));
	assert_int_equal(pgtable_span(&pt), 1ULL << 41);
	assert_int_equal(pgtable_map(&pt, (1ULL << 41) - GB1, GB1, GB1, PT_R), HV_OK);
	assert_int_equal(walk((1ULL << 41) - 1, &pa, &attr), 1);
	assert_int_equal(pa, 2 * GB1 - 1);
	assert_int_equal(pgtable_map(&pt, 1ULL << 41, 0, KB4, PT_R), HV_ERR_RANGE);
}

/* Four levels (root at level 0, 2^48, as x86 NPT): no leaf at level 0. */
static void test_geometry_four_levels(void **state)
{
	static const struct pt_geometry g = {.root_level = 0, .leaf_levels = 0xe,
					     .root_entries = 512};
	uint64_t pa;
	unsigned attr, level;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, &g, &pool), HV_OK);
	assert_int_equal(pgtable_span(&pt), 1ULL << 48);
	/* 512 GiB, 512 GiB aligned: level-1 blocks, never one level-0 leaf. */
	assert_int_equal(pgtable_map(&pt, 512 * GB1, 0, 512 * GB1, PT_R | PT_W), HV_OK);
	assert_int_equal(walk(700 * GB1 + 5, &pa, &attr), 1);
	assert_int_equal(pa, 188 * GB1 + 5);
	assert_int_equal(pgtable_map(&pt, (1ULL << 48) - KB4, 0x1000, KB4, PT_R), HV_OK);
	assert_int_equal(pgtable_lookup(&pt, (1ULL << 48) - 8, &pa, &attr, &level), HV_OK);
	assert_int_equal(level, 3);
	assert_int_equal(pa, 0x1ff8);
}

/* Leaves only where the geometry allows: a 2 MiB range becomes pages. */
static void test_geometry_pages_only(void **state)
{
	static const struct pt_geometry g = {.root_level = 1, .leaf_levels = 0x8,
					     .root_entries = 512};
	uint64_t pa;
	unsigned attr;

	(void)state;
	assert_int_equal(pgtable_init(&pt, PT_STAGE2, &g, &pool), HV_OK);
	assert_int_equal(pgtable_map(&pt, MB2, MB2, MB2, PT_R), HV_OK);
	assert_int_equal(walk(MB2 + 0x1234, &pa, &attr), 3);
	assert_int_equal(pa, MB2 + 0x1234);
}

/* A geometry the walker cannot follow is refused. */
static void test_geometry_invalid(void **state)
{
	static const struct pt_geometry no_page = {.root_level = 1, .leaf_levels = 0x6,
						   .root_entries = 512};
	static const struct pt_geometry too_many = {.root_level = 1, .leaf_levels = 0xe,
						    .root_entries = 32 * 512};
	static const struct pt_geometry odd = {.root_level = 1, .leaf_levels = 0xe,
					       .root_entries = 3 * 512};
	struct pgtable t;

	(void)state;
	assert_int_equal(pgtable_init(&t, PT_HYP, &no_page, &pool), HV_ERR_INVAL);
	assert_int_equal(pgtable_init(&t, PT_HYP, &too_many, &pool), HV_ERR_INVAL);
	assert_int_equal(pgtable_init(&t, PT_HYP, &odd, &pool), HV_ERR_INVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_block_2m),         T(test_block_1g),
		T(test_mixed_pages_and_block), T(test_pa_alignment_limits_block),
		T(test_overlap_inside_block), T(test_overlap_at_end_is_atomic),
		T(test_block_over_pages), T(test_adjacent_ok),
		T(test_span_boundary),    T(test_invalid_args),
		T(test_pool_exhausted),   T(test_lookup),
		T(test_init_bad_root),
		T(test_geometry_four_root_tables), T(test_geometry_four_levels),
		T(test_geometry_pages_only), T(test_geometry_invalid),
	};

	return cmocka_run_group_tests_name("pgtable", tests, NULL, NULL);
}

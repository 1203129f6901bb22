/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generic translation-table builder: 4 KiB pages, 512-entry tables, the 4 KiB
 * leaf at level 3. Where the tree starts (root level, concatenated root
 * tables) and where leaves may sit come from the arch's struct pt_geometry;
 * descriptor bits from the arch contract (hv/arch/pgtable.h).
 *
 * pgtable_map() first walks the range without changing anything ("check"
 * pass) so an overlap is reported with the tables untouched, then maps it.
 */
#include <hv/pgtable.h>
#include <hv/string.h>

#define LAST_LEVEL 3u

void page_pool_init(struct page_pool *pool, void *base, uint32_t pages)
{
	pool->base = base;
	pool->pages = pages;
	pool->used = 0;
}

/*
 * Aligned to n pages in the address space, not just within the pool: a
 * concatenated root must be aligned to its own size (the architectures'
 * rules are cited in hv/arch/pgtable.h). n is a power of two.
 */
void *page_pool_alloc(struct page_pool *pool, uint32_t n)
{
	uintptr_t next = (uintptr_t)pool->base + (uint64_t)pool->used * PAGE_SIZE;
	uint32_t first;
	uint8_t *p;

	if (n == 0 || (n & (n - 1)))
		return NULL;
	first = (uint32_t)((ALIGN_UP(next, (uint64_t)n * PAGE_SIZE) - (uintptr_t)pool->base) /
			   PAGE_SIZE);
	if (first + n > pool->pages)
		return NULL;
	p = pool->base + (uint64_t)first * PAGE_SIZE;
	pool->used = first + n;
	memset(p, 0, n * PAGE_SIZE);
	return p;
}

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (LAST_LEVEL - level);
}

static uint32_t level_entries(const struct pgtable *pt, unsigned level)
{
	return level == pt->start_level ? pt->root_entries : PT_ENTRIES;
}

/* At most 16 concatenated root tables (examples per arch: hv/arch/pgtable.h). */
static bool geometry_ok(const struct pt_geometry *g)
{
	uint32_t n = g->root_entries;

	return g->root_level <= LAST_LEVEL && (g->leaf_levels & BIT(LAST_LEVEL)) &&
	       n >= PT_ENTRIES && n <= 16 * PT_ENTRIES && (n & (n - 1)) == 0;
}

enum hv_err pgtable_init(struct pgtable *pt, enum pt_format fmt,
			 const struct pt_geometry *g, struct page_pool *pool)
{
	if (!geometry_ok(g))
		return HV_ERR_INVAL;
	pt->root = page_pool_alloc(pool, g->root_entries / PT_ENTRIES);
	if (!pt->root)
		return HV_ERR_NOMEM;
	pt->root_entries = g->root_entries;
	pt->start_level = g->root_level;
	pt->leaf_levels = g->leaf_levels;
	pt->fmt = fmt;
	pt->pool = pool;
	return HV_OK;
}

uint64_t pgtable_span(const struct pgtable *pt)
{
	return (uint64_t)pt->root_entries << level_shift(pt->start_level);
}

static uint64_t *next_table(uint64_t pte)
{
	return arch_pa_to_hva(arch_pte_addr(pte));
}

/* Can [va, va+size) use one leaf at `level`? Only where the geometry allows
 * a leaf (e.g. no 512 GiB leaf at level 0). */
static bool fits_leaf(const struct pgtable *pt, unsigned level, uint64_t va,
		      uint64_t pa, uint64_t size)
{
	uint64_t blk = 1ULL << level_shift(level);

	return (pt->leaf_levels & BIT(level)) && IS_ALIGNED(va, blk) &&
	       IS_ALIGNED(pa, blk) && size >= blk;
}

/* One level of the walk; `check` only looks (never allocates or writes). */
static enum hv_err map_level(struct pgtable *pt, uint64_t *table, unsigned level,
			     uint64_t va, uint64_t pa, uint64_t size,
			     unsigned attr, bool check)
{
	unsigned shift = level_shift(level);
	uint64_t blk = 1ULL << shift;

	while (size) {
		uint64_t *e = &table[(va >> shift) & (level_entries(pt, level) - 1)];
		uint64_t chunk = blk - (va & (blk - 1));
		enum hv_err err = HV_OK;

		if (chunk > size)
			chunk = size;
		if (fits_leaf(pt, level, va, pa, size)) {
			if (arch_pte_valid(*e))
				return HV_ERR_EXISTS;
			if (!check)
				*e = arch_pte_leaf(pt->fmt, level, PA(pa), attr);
		} else if (arch_pte_valid(*e)) {
			if (!arch_pte_is_table(*e, level))
				return HV_ERR_EXISTS;
			err = map_level(pt, next_table(*e), level + 1, va, pa,
					chunk, attr, check);
		} else if (!check) {
			uint64_t *t = page_pool_alloc(pt->pool, 1);

			if (!t)
				return HV_ERR_NOMEM;
			*e = arch_pte_table(arch_hva_to_pa(t));
			err = map_level(pt, t, level + 1, va, pa, chunk, attr, false);
		}
		if (err)
			return err;
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return HV_OK;
}

enum hv_err pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa,
			uint64_t size, unsigned attr)
{
	enum hv_err err;

	if (size == 0 || !IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return HV_ERR_INVAL;
	if (va + size < va || va + size > pgtable_span(pt) || pa + size < pa)
		return HV_ERR_RANGE;
	err = map_level(pt, pt->root, pt->start_level, va, pa, size, attr, true);
	if (err)
		return err;
	return map_level(pt, pt->root, pt->start_level, va, pa, size, attr, false);
}

enum hv_err pgtable_lookup(const struct pgtable *pt, uint64_t va, uint64_t *pa,
			   unsigned *attr, unsigned *level)
{
	const uint64_t *table = pt->root;

	if (va >= pgtable_span(pt))
		return HV_ERR_RANGE;
	for (unsigned l = pt->start_level; l <= LAST_LEVEL; l++) {
		unsigned shift = level_shift(l);
		uint64_t e = table[(va >> shift) & (level_entries(pt, l) - 1)];

		if (!arch_pte_valid(e))
			return HV_ERR_NOTFOUND;
		if (arch_pte_is_table(e, l)) {
			table = next_table(e);
			continue;
		}
		*pa = arch_pte_addr(e).v + (va & ((1ULL << shift) - 1));
		*attr = arch_pte_attr(pt->fmt, e);
		*level = l;
		return HV_OK;
	}
	return HV_ERR_NOTFOUND;
}

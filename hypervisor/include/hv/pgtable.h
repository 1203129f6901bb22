/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generic translation-table builder (core/pgtable.c), used for the
 * hypervisor's own tables and for every VM's stage 2. Tables come from a
 * static page pool; nothing is ever freed (static partitioning).
 */
#ifndef HV_PGTABLE_H
#define HV_PGTABLE_H

#include <hv/types.h>
#include <hv/arch/pgtable.h>

#define PT_ENTRIES 512u

/* A pool of 4 KiB pages for tables, carved from a static array. */
struct page_pool {
	uint8_t *base; /* PAGE_SIZE aligned */
	uint32_t pages;
	uint32_t used;
};

struct pgtable {
	uint64_t *root;
	uint32_t root_entries; /* 512 * 2^n: concatenated root tables */
	uint8_t start_level;   /* 1: the root maps 1 GiB per entry */
	uint8_t leaf_levels;   /* bit L: a leaf may sit at level L */
	enum pt_format fmt;
	struct page_pool *pool;
};

/** Use `pages` pages at `base` (PAGE_SIZE aligned) as a table pool. */
void page_pool_init(struct page_pool *pool, void *base, uint32_t pages);
/** `n` (a power of two) zeroed contiguous pages, aligned to n pages in the address space; NULL if exhausted. */
void *page_pool_alloc(struct page_pool *pool, uint32_t n);

/**
 * Allocate an empty root shaped by `g` (usually arch_pt_geometry(fmt));
 * HV_ERR_INVAL for a geometry the walker cannot follow.
 */
enum hv_err pgtable_init(struct pgtable *pt, enum pt_format fmt,
			 const struct pt_geometry *g, struct page_pool *pool);
/** Bytes of address space the table covers. */
uint64_t pgtable_span(const struct pgtable *pt);
/**
 * Map [va, va+size) to [pa, pa+size) with `attr` (enum pt_attr), using the
 * largest blocks alignment allows. HV_ERR_INVAL: unaligned or empty;
 * HV_ERR_RANGE: beyond the span; HV_ERR_EXISTS: overlaps a mapping (nothing
 * is changed then); HV_ERR_NOMEM: table pool exhausted.
 */
enum hv_err pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa,
			uint64_t size, unsigned attr);
/** Translate `va`: output address, attributes and leaf level; HV_ERR_NOTFOUND if unmapped. */
enum hv_err pgtable_lookup(const struct pgtable *pt, uint64_t va, uint64_t *pa,
			   unsigned *attr, unsigned *level);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: translation-table descriptor encoding.
 *
 * The generic builder (core/pgtable.c) owns the tree walk: a radix tree of
 * 4 KiB tables with 512 eight-byte entries, levels 1..3 (1 GiB, 2 MiB, 4 KiB
 * leaves), as for the Armv8-A 4 KiB granule (Arm ARM D8.2). The arch only
 * says how one entry is encoded, so the fake arch can use its own encoding
 * and still be walked by the same builder.
 */
#ifndef HV_ARCH_PGTABLE_H
#define HV_ARCH_PGTABLE_H

#include <hv/types.h>

/* Which translation regime a table is for. */
enum pt_format {
	PT_HYP = 0,    /* the hypervisor's own stage 1 (EL2) */
	PT_STAGE2 = 1, /* a VM's stage 2 */
};

/* Generic leaf attributes. */
enum pt_attr {
	PT_R = 1u << 0,
	PT_W = 1u << 1,
	PT_X = 1u << 2,
	PT_DEVICE = 1u << 3, /* Device-nGnRE instead of Normal write-back */
};

/** Encode a table entry pointing at the next-level table at `next`. */
uint64_t arch_pte_table(paddr_t next);
/** Encode a leaf (block at level 1/2, page at level 3). */
uint64_t arch_pte_leaf(enum pt_format fmt, unsigned level, paddr_t pa, unsigned attr);
/** True if the entry maps or points at anything. */
bool arch_pte_valid(uint64_t pte);
/** True if the valid entry at `level` points at a next-level table. */
bool arch_pte_is_table(uint64_t pte, unsigned level);
/** Output address of a valid entry (table or leaf). */
paddr_t arch_pte_addr(uint64_t pte);
/** Generic attributes of a valid leaf (inverse of arch_pte_leaf). */
unsigned arch_pte_attr(enum pt_format fmt, uint64_t pte);
/** Hypervisor pointer to physical memory (identity on aarch64). */
void *arch_pa_to_hva(paddr_t pa);
/** Physical address of hypervisor memory. */
paddr_t arch_hva_to_pa(const void *p);

#endif

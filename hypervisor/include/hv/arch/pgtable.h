/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: translation-table geometry and descriptor encoding.
 *
 * The generic walker (core/pgtable.c) owns the tree: tables of 512
 * eight-byte entries, 4 KiB pages, levels numbered so that the 4 KiB leaf
 * is level 3 and level L maps 2^(12 + 9 * (3 - L)) bytes per entry. The
 * arch gives, per regime, the root level, the root size (concatenated
 * tables) and the levels that may hold leaves (struct pt_geometry), plus
 * the encoding of one entry — as Bao's `page_table_dscr` and Hafnium's
 * `arch_mm_stage2_root_level()` / `arch_mm_stage2_root_table_count()`.
 * Examples: aarch64 stage 2 with a 40-bit IPA starts at level 1 with two
 * concatenated tables (Arm ARM D8.2.7); RISC-V Sv39x4 starts at level 1
 * with four (a 16 KiB root, priv. spec 18.5.1); x86 NPT starts at level 0
 * with one (AMD APM vol. 2, 15.25.5).
 */
#ifndef HV_ARCH_PGTABLE_H
#define HV_ARCH_PGTABLE_H

#include <hv/types.h>

/* Which translation regime a table is for. */
enum pt_format {
	PT_HYP = 0,    /* the hypervisor's own address space */
	PT_STAGE2 = 1, /* a VM's guest-physical → host-physical translation */
};

/* Generic leaf attributes. */
enum pt_attr {
	PT_R = 1u << 0,
	PT_W = 1u << 1,
	PT_X = 1u << 2,
	PT_DEVICE = 1u << 3,   /* device memory (no speculation, no gathering) */
	PT_UNCACHED = 1u << 4, /* normal memory, not cached */
};

/* Shape of a table tree (see above). */
struct pt_geometry {
	uint8_t root_level;    /* 0..3 */
	uint8_t leaf_levels;   /* bit L set: a leaf (block) may sit at level L */
	uint16_t root_entries; /* 512 * 2^n (2^n concatenated root tables) */
};

/** Geometry of tables of format `fmt` (stage 2: spans 2^AXV_ARCH_IPA_BITS). */
const struct pt_geometry *arch_pt_geometry(enum pt_format fmt);
/** Encode a table entry pointing at the next-level table at `next`. */
uint64_t arch_pte_table(paddr_t next);
/** Encode a leaf (block or page) at `level`. */
uint64_t arch_pte_leaf(enum pt_format fmt, unsigned level, paddr_t pa, unsigned attr);
/** True if the entry maps or points at anything. */
bool arch_pte_valid(uint64_t pte);
/** True if the valid entry at `level` points at a next-level table. */
bool arch_pte_is_table(uint64_t pte, unsigned level);
/** Output address of a valid entry (table or leaf). */
paddr_t arch_pte_addr(uint64_t pte);
/** Generic attributes of a valid leaf (inverse of arch_pte_leaf). */
unsigned arch_pte_attr(enum pt_format fmt, uint64_t pte);
/** Hypervisor pointer to physical memory. */
void *arch_pa_to_hva(paddr_t pa);
/** Physical address of hypervisor memory. */
paddr_t arch_hva_to_pa(const void *p);

struct vm;
/** Drop this CPU's cached translations of `vm` (every vCPU start). */
void arch_vm_tlb_flush_local(struct vm *vm);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD64 long-mode page-table entries (AMD APM vol. 2, 5.3 "Long-Mode Page
 * Translation", 5.4 "Page-Translation-Table Entry Fields") for the nested
 * page tables (15.25 "Nested Paging"), driven by the generic builder
 * (core/pgtable.c): levels 0..3 = PML4, PDPT, PD, PT; leaves of 1 GiB,
 * 2 MiB and 4 KiB (PS is reserved in a PML4 entry, 5.3.4).
 *
 * Nested walks are user accesses (15.25.5): every entry has U/S set.
 * NPT cannot say "readable": present is readable, so a leaf needs R.
 * Device memory is strong uncacheable (PCD|PWT: PAT entry 3, UC, with the
 * power-on PAT), uncached memory UC- (PCD: entry 2); the rest write-back.
 */
#include <hv/arch/pgtable.h>
#include <arch/contract.h>

#define PTE_P    BIT(0)
#define PTE_RW   BIT(1)
#define PTE_US   BIT(2)
#define PTE_PWT  BIT(3)
#define PTE_PCD  BIT(4)
#define PTE_A    BIT(5)
#define PTE_D    BIT(6)
#define PTE_PS   BIT(7)
#define PTE_NX   BIT(63)
#define PTE_ADDR GENMASK(51, 12)

/* 4-level nested paging, 2^48 bytes of guest-physical space (AXV_ARCH_IPA_BITS). */
static const struct pt_geometry npt_geometry = {
	.root_level = 0, .leaf_levels = BIT(1) | BIT(2) | BIT(3), .root_entries = 512,
};
_Static_assert(AXV_ARCH_IPA_BITS == 48, "4-level NPT spans 48 bits");

const struct pt_geometry *arch_pt_geometry(enum pt_format fmt)
{
	(void)fmt; /* the hypervisor's own tables are built by boot.S */
	return &npt_geometry;
}

uint64_t arch_pte_table(paddr_t next)
{
	return (next.v & PTE_ADDR) | PTE_P | PTE_RW | PTE_US;
}

uint64_t arch_pte_leaf(enum pt_format fmt, unsigned level, paddr_t pa, unsigned attr)
{
	uint64_t e = (pa.v & PTE_ADDR) | PTE_A | PTE_D;

	(void)fmt;
	if (attr & PT_R)
		e |= PTE_P | PTE_US;
	if (attr & PT_W)
		e |= PTE_RW;
	if (!(attr & PT_X))
		e |= PTE_NX;
	if (attr & PT_DEVICE)
		e |= PTE_PCD | PTE_PWT;
	else if (attr & PT_UNCACHED)
		e |= PTE_PCD;
	if (level < 3)
		e |= PTE_PS;
	return e;
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_P;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level == 0 || (level < 3 && !(pte & PTE_PS));
}

paddr_t arch_pte_addr(uint64_t pte)
{
	return PA(pte & PTE_ADDR);
}

unsigned arch_pte_attr(enum pt_format fmt, uint64_t pte)
{
	unsigned a = PT_R;

	(void)fmt;
	if (pte & PTE_RW)
		a |= PT_W;
	if (!(pte & PTE_NX))
		a |= PT_X;
	if ((pte & (PTE_PCD | PTE_PWT)) == (PTE_PCD | PTE_PWT))
		a |= PT_DEVICE;
	else if (pte & PTE_PCD)
		a |= PT_UNCACHED;
	return a;
}

/* The hypervisor identity-maps the physical memory it touches (boot.S). */
void *arch_pa_to_hva(paddr_t pa)
{
	return (void *)(uintptr_t)pa.v;
}

paddr_t arch_hva_to_pa(const void *p)
{
	return PA((uint64_t)(uintptr_t)p);
}

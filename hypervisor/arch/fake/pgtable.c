/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host model of the descriptor contract, with a deliberately different
 * encoding from aarch64 so the core builder cannot depend on real bits:
 *   bit 0 valid, bit 1 table, bits 2..6 = enum pt_attr, bits 8..11 = level
 *   of a leaf, bits 12..63 = address (host pointers are page aligned).
 * fake_pt_walk() is an independent software walker used by the tests.
 */
#include <hv/arch/pgtable.h>
#include <arch/fake.h>

#define F_VALID BIT(0)
#define F_TABLE BIT(1)
#define F_ADDR  (~0xfffULL)

uint64_t arch_pte_table(paddr_t next)
{
	return (next.v & F_ADDR) | F_TABLE | F_VALID;
}

uint64_t arch_pte_leaf(enum pt_format fmt, unsigned level, paddr_t pa, unsigned attr)
{
	(void)fmt;
	return (pa.v & F_ADDR) | ((uint64_t)(attr & 0x1f) << 2) |
	       ((uint64_t)level << 8) | F_VALID;
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & F_VALID;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	(void)level;
	return pte & F_TABLE;
}

paddr_t arch_pte_addr(uint64_t pte)
{
	return PA(pte & F_ADDR);
}

unsigned arch_pte_attr(enum pt_format fmt, uint64_t pte)
{
	(void)fmt;
	return (pte >> 2) & 0x1f;
}

void *arch_pa_to_hva(paddr_t pa)
{
	return (void *)(uintptr_t)pa.v;
}

paddr_t arch_hva_to_pa(const void *p)
{
	return PA((uintptr_t)p);
}

/*
 * The fake's own geometry, unlike aarch64's: its own tables start at level
 * 1 with one root table; a VM's stage 2 has four levels (root at level 0,
 * 48-bit span, as x86 NPT) with no leaf at level 0.
 */
static const struct pt_geometry fake_geo[] = {
	[PT_HYP] = {.root_level = 1, .leaf_levels = 0xe, .root_entries = 512},
	[PT_STAGE2] = {.root_level = 0, .leaf_levels = 0xe, .root_entries = 512},
};

const struct pt_geometry *arch_pt_geometry(enum pt_format fmt)
{
	return &fake_geo[fmt];
}

void arch_vm_tlb_flush_local(struct vm *vm)
{
	(void)vm;
	fake_machine.tlb_flushes++;
}

int fake_pt_walk(const uint64_t *root, uint32_t root_entries, unsigned root_level,
		 uint64_t va, uint64_t *pa, unsigned *attr, unsigned *level)
{
	const uint64_t *t = root;
	uint32_t n = root_entries;

	for (unsigned l = root_level; l <= 3; l++) {
		unsigned shift = 12 + 9 * (3 - l);
		uint64_t e = t[(va >> shift) % n];

		if (!(e & F_VALID))
			return -1;
		if (e & F_TABLE) {
			t = (const uint64_t *)(uintptr_t)(e & F_ADDR);
			n = 512;
			continue;
		}
		if (((e >> 8) & 0xf) != l)
			return -2; /* leaf tagged with the wrong level */
		*pa = (e & F_ADDR) + (va & ((1ULL << shift) - 1));
		*attr = (e >> 2) & 0x1f;
		*level = l;
		return 0;
	}
	return -1;
}

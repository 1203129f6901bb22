/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 translation tables for the generic walker (hv/arch/pgtable.h).
 * Levels in core's numbering (4 KiB leaf = level 3): Sv39 starts at level
 * 1 (1 GiB entries); Sv39x4 likewise with four concatenated root tables
 * (2048 entries, 16 KiB, 41-bit GPA; privileged spec 1.12, 8.5.1). Leaves
 * may sit at every level. Memory types come from PMAs, not the PTE.
 */
#include <hv/arch/pgtable.h>
#include <hv/vm.h>
#include "pte.h"
#include "rv.h"

static const struct pt_geometry geo_hyp = {
	.root_level = 1, .leaf_levels = (1u << 1) | (1u << 2) | (1u << 3), .root_entries = 512,
};
static const struct pt_geometry geo_s2 = {
	.root_level = 1, .leaf_levels = (1u << 1) | (1u << 2) | (1u << 3),
	.root_entries = 1u << (AXV_ARCH_IPA_BITS - 30),
};

const struct pt_geometry *arch_pt_geometry(enum pt_format fmt)
{
	return fmt == PT_STAGE2 ? &geo_s2 : &geo_hyp;
}

uint64_t arch_pte_table(paddr_t next)
{
	return PTE_MAKE(next.v, PTE_V);
}

/* G-stage leaves need U (accesses are checked as U-mode, 8.5.1); A/D preset. */
uint64_t arch_pte_leaf(enum pt_format fmt, unsigned level, paddr_t pa, unsigned attr)
{
	uint64_t pte = PTE_V | PTE_A | PTE_D;

	(void)level;
	if (attr & PT_R)
		pte |= PTE_R;
	if (attr & PT_W)
		pte |= PTE_W | PTE_R; /* W without R is reserved (4.3.1) */
	if (attr & PT_X)
		pte |= PTE_X;
	pte |= fmt == PT_STAGE2 ? PTE_U : PTE_G;
	return PTE_MAKE(pa.v, pte);
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_V;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < 3 && (pte & PTE_V) && !(pte & (PTE_R | PTE_W | PTE_X));
}

paddr_t arch_pte_addr(uint64_t pte)
{
	return PA(PTE_ADDR(pte));
}

unsigned arch_pte_attr(enum pt_format fmt, uint64_t pte)
{
	(void)fmt;
	return ((pte & PTE_R) ? PT_R : 0) | ((pte & PTE_W) ? PT_W : 0) | ((pte & PTE_X) ? PT_X : 0);
}

void *arch_pa_to_hva(paddr_t pa)
{
	return (void *)(uintptr_t)pa.v; /* identity map (hspt.c) */
}

paddr_t arch_hva_to_pa(const void *p)
{
	return PA((uint64_t)(uintptr_t)p);
}

/* HFENCE.GVMA rs1=x0, rs2=VMID: that VM's guest-physical translations (8.3.2). */
void arch_vm_tlb_flush_local(struct vm *vm)
{
	uint64_t vmid = vm->index + 1;

	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" : : "r"(vmid) : "memory");
	hfence_vvma_all();
}

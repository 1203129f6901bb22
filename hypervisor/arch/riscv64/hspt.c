/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's own S-mode address space: Sv39 (privileged spec 4.4),
 * identity-mapped with 1 GiB pages over the low 8 GiB (MMIO below 2 GiB,
 * RAM of QEMU virt above). Memory types come from the platform's PMAs, so
 * one kind of leaf serves RAM and MMIO. A, D preset: the spec lets
 * hardware fault instead of setting them (4.3.1).
 */
#include "rv.h"
#include "pte.h"

#define HS_GIB_MAPPED 8

static uint64_t hs_root[512] __attribute__((aligned(4096)));

void hspt_enable(void)
{
	const uint64_t leaf = PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;

	if (!hs_root[0])
		for (uint64_t i = 0; i < HS_GIB_MAPPED; i++)
			hs_root[i] = PTE_MAKE(i << 30, leaf);
	__asm__ volatile("fence rw, rw" : : : "memory");
	csr_write(CSR_SATP, SATP_MODE_SV39 | ((uint64_t)(uintptr_t)hs_root >> 12));
	sfence_vma_all();
}

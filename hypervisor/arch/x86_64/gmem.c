/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-linear -> guest-physical translation by walking the guest's own
 * page tables (AMD APM vol. 2, 5.2 legacy 32-bit, 5.2.5 PAE, 5.3 long
 * mode), each table read through the VM's nested mapping (x86_vm_gpa_ptr).
 * Only the translation is done: permission checks are the hardware's,
 * which already let the guest execute the instruction being skipped.
 */
#include <hv/string.h>
#include <arch/gmem.h>
#include <arch/x86.h>
#include <arch/x86_vm.h>

#define PTE_P  BIT(0)
#define PTE_PS BIT(7)
#define CR4_PSE BIT(4)
#define ADDR_MASK GENMASK(51, 12)

static bool read_entry(struct x86_vcpu *v, uint64_t gpa, unsigned size, uint64_t *e)
{
	const void *p = x86_vm_gpa_ptr(v->vm, gpa, size);

	if (!p)
		return false;
	*e = 0;
	memcpy(e, p, size);
	return true;
}

/* Long mode (4 levels) and PAE (3 levels, 4-entry PDPT at CR3[31:5]). */
static bool walk_64(struct x86_vcpu *v, uint64_t lin, uint64_t *gpa, bool pae)
{
	uint64_t table = pae ? (v->vmcb->s.cr3 & 0xffffffe0u) : (v->vmcb->s.cr3 & ADDR_MASK), e;
	unsigned level = pae ? 3 : 4;

	for (; level >= 1; level--) {
		unsigned shift = 12 + 9 * (level - 1);
		uint64_t idx = (lin >> shift) & (pae && level == 3 ? 3 : 511);

		if (!read_entry(v, table + 8 * idx, 8, &e) || !(e & PTE_P))
			return false;
		if (level == 1 || ((level == 2 || level == 3) && (e & PTE_PS) && !(pae && level == 3))) {
			uint64_t mask = (1ULL << shift) - 1;

			*gpa = (e & ADDR_MASK & ~mask) | (lin & mask);
			return true;
		}
		table = e & ADDR_MASK;
	}
	return false;
}

/* Legacy 32-bit paging, 4 KiB pages and 4 MiB pages with CR4.PSE. */
static bool walk_32(struct x86_vcpu *v, uint64_t lin, uint64_t *gpa)
{
	uint64_t pde, pte;

	if (!read_entry(v, (v->vmcb->s.cr3 & 0xfffff000u) + 4 * ((lin >> 22) & 1023), 4, &pde) ||
	    !(pde & PTE_P))
		return false;
	if ((pde & PTE_PS) && (v->vmcb->s.cr4 & CR4_PSE)) {
		*gpa = (pde & 0xffc00000u) | (lin & 0x3fffff);
		return true;
	}
	if (!read_entry(v, (pde & 0xfffff000u) + 4 * ((lin >> 12) & 1023), 4, &pte) ||
	    !(pte & PTE_P))
		return false;
	*gpa = (pte & 0xfffff000u) | (lin & 0xfff);
	return true;
}

bool gmem_translate(struct x86_vcpu *v, uint64_t lin, uint64_t *gpa)
{
	const struct vmcb_save *s = &v->vmcb->s;

	if (!(s->cr0 & CR0_PG)) {
		*gpa = lin & 0xffffffffu;
		return true;
	}
	if (s->efer & EFER_LMA)
		return walk_64(v, lin, gpa, false);
	if (s->cr4 & CR4_PAE)
		return walk_64(v, lin & 0xffffffffu, gpa, true);
	return walk_32(v, lin & 0xffffffffu, gpa);
}

size_t gmem_fetch(struct x86_vcpu *v, uint64_t lin, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		uint64_t gpa, in_page = PAGE_SIZE - ((lin + got) & (PAGE_SIZE - 1));
		size_t n = len - got < in_page ? len - got : (size_t)in_page;
		const void *p;

		if (!gmem_translate(v, lin + got, &gpa))
			break;
		p = x86_vm_gpa_ptr(v->vm, gpa, n);
		if (!p)
			break;
		memcpy(buf + got, p, n);
		got += n;
	}
	return got;
}

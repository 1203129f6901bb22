/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-linear -> guest-physical translation by walking the guest's own
 * page tables (AMD APM vol. 2, 5.2 legacy 32-bit, 5.2.5 PAE, 5.3 long
 * mode), each table read through the VM's RAM regions. Only the
 * translation is done: the hardware already let the guest execute the
 * instruction being stepped over.
 */
#include <hv/string.h>
#include <hv/vm.h>
#include <arch/guest_mem.h>
#include <arch/vmcb.h>
#include <arch/x86.h>

#define PTE_P  BIT(0)
#define PTE_PS BIT(7)
#define CR4_PSE BIT(4)
#define ADDR_MASK GENMASK(51, 12)

/* Host pointer to [gpa, gpa+len) when one RAM region of the VM holds it. */
static const void *gpa_ptr(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	for (uint32_t i = 0; i < vm->cfg->region_num; i++) {
		const struct vmcfg_mem_region *r = &vm->cfg->regions[i];

		if (r->flags & AXV_MEM_FLAG_DEVICE)
			continue;
		if (gpa >= r->ipa && gpa - r->ipa < r->size && len <= r->size - (gpa - r->ipa))
			return arch_pa_to_hva(PA(r->pa + (gpa - r->ipa)));
	}
	return NULL;
}

static bool read_entry(struct vcpu *v, uint64_t gpa, unsigned size, uint64_t *e)
{
	const void *p = gpa_ptr(v->vm, gpa, size);

	if (!p)
		return false;
	*e = 0;
	memcpy(e, p, size);
	return true;
}

/* Long mode (4 levels) and PAE (3 levels, 4-entry PDPT at CR3[31:5]). */
static bool walk_64(struct vcpu *v, uint64_t lin, uint64_t *gpa, bool pae)
{
	const struct vmcb_save *s = &v->arch.vmcb->s;
	uint64_t table = pae ? (s->cr3 & 0xffffffe0u) : (s->cr3 & ADDR_MASK), e;

	for (unsigned level = pae ? 3 : 4; level >= 1; level--) {
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
static bool walk_32(struct vcpu *v, uint64_t lin, uint64_t *gpa)
{
	const struct vmcb_save *s = &v->arch.vmcb->s;
	uint64_t pde, pte;

	if (!read_entry(v, (s->cr3 & 0xfffff000u) + 4 * ((lin >> 22) & 1023), 4, &pde) ||
	    !(pde & PTE_P))
		return false;
	if ((pde & PTE_PS) && (s->cr4 & CR4_PSE)) {
		*gpa = (pde & 0xffc00000u) | (lin & 0x3fffff);
		return true;
	}
	if (!read_entry(v, (pde & 0xfffff000u) + 4 * ((lin >> 12) & 1023), 4, &pte) ||
	    !(pte & PTE_P))
		return false;
	*gpa = (pte & 0xfffff000u) | (lin & 0xfff);
	return true;
}

bool gmem_translate(struct vcpu *v, uint64_t lin, uint64_t *gpa)
{
	const struct vmcb_save *s = &v->arch.vmcb->s;

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

size_t gmem_fetch(struct vcpu *v, uint64_t lin, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		uint64_t gpa, in_page = PAGE_SIZE - ((lin + got) & (PAGE_SIZE - 1));
		size_t n = len - got < in_page ? len - got : (size_t)in_page;
		const void *p;

		if (!gmem_translate(v, lin + got, &gpa))
			break;
		p = gpa_ptr(v->vm, gpa, n);
		if (!p)
			break;
		memcpy(buf + got, p, n);
		got += n;
	}
	return got;
}

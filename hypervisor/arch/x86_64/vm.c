/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 VM set-up: nested page tables for the VM's RAM (generic builder,
 * 4 levels from a PML4: arch_pt_geometry),
 * I/O and MSR permission maps (intercept all but the guest-context MSRs
 * VMLOAD/VMSAVE switch), and the image copied into its RAM.
 */
#include <hv/log.h>
#include <hv/string.h>
#include <arch/svm_bitmap.h>
#include <arch/x86.h>
#include <arch/x86_vm.h>

#define NPT_POOL_PAGES 64
#define MAX_VMS AXV_ARCH_MAX_VMS

struct vm_mem {
	uint8_t iopm[IOPM_SIZE] __attribute__((aligned(4096)));
	uint8_t msrpm[MSRPM_SIZE] __attribute__((aligned(4096)));
	uint8_t pool[NPT_POOL_PAGES][4096] __attribute__((aligned(4096)));
	struct page_pool pp;
};
static struct vm_mem vm_mem[MAX_VMS];
static unsigned vm_mem_used;

/* MSRs whose state is per guest in the VMCB (moved by VMLOAD/VMSAVE or by
 * VMRUN itself): the guest owns them, no exit needed (APM 15.5.2). */
static const uint32_t guest_msrs[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS, MSR_STAR, MSR_LSTAR, MSR_CSTAR,
	MSR_SFMASK, MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
};

static enum hv_err vm_maps_init(struct x86_vm *vm, struct vm_mem *m, const struct x86_vm_desc *d)
{
	iopm_init(m->iopm);
	msrpm_init(m->msrpm);
	for (uint32_t i = 0; i < d->port_num; i++)
		if (iopm_set(m->iopm, d->ports[i].base, d->ports[i].count, false))
			return HV_ERR_RANGE;
	for (size_t i = 0; i < ARRAY_SIZE(guest_msrs); i++)
		if (msrpm_set(m->msrpm, guest_msrs[i], false, false))
			return HV_ERR_INVAL;
	vm->iopm = m->iopm;
	vm->msrpm = m->msrpm;
	return HV_OK;
}

static enum hv_err vm_npt_init(struct x86_vm *vm, struct vm_mem *m, const struct x86_vm_desc *d)
{
	enum hv_err err;

	page_pool_init(&m->pp, m->pool, NPT_POOL_PAGES);
	err = pgtable_init(&vm->npt, PT_STAGE2, arch_pt_geometry(PT_STAGE2), &m->pp);
	if (err)
		return err;
	for (uint32_t i = 0; i < d->region_num && !err; i++) {
		const struct x86_vm_region *r = &d->regions[i];
		unsigned attr = PT_R;

		if (r->flags & AXV_MEM_FLAG_WRITE)
			attr |= PT_W;
		if (r->flags & AXV_MEM_FLAG_EXEC)
			attr |= PT_X;
		if (r->flags & AXV_MEM_FLAG_DEVICE)
			attr |= PT_DEVICE;
		else if (r->flags & AXV_MEM_FLAG_UNCACHED)
			attr |= PT_UNCACHED;
		err = pgtable_map(&vm->npt, r->gpa, r->hpa, r->size, attr);
	}
	return err;
}

/* Zero the VM's RAM and copy its image in (through the hypervisor's
 * identity map: the tool keeps VM RAM below 4 GiB). */
static enum hv_err vm_load(struct x86_vm *vm, const struct x86_vm_desc *d)
{
	size_t img = (size_t)(d->image_end - d->image);
	void *dst;

	for (uint32_t i = 0; i < d->region_num; i++)
		if (!(d->regions[i].flags & AXV_MEM_FLAG_DEVICE))
			memset(arch_pa_to_hva(PA(d->regions[i].hpa)), 0, d->regions[i].size);
	dst = x86_vm_gpa_ptr(vm, d->load_gpa, img);
	if (!dst)
		return HV_ERR_RANGE;
	memcpy(dst, d->image, img);
	hv_log("vm %u %s: CPU %u, %u regions, %u port ranges, image %zu bytes at gpa %#llx",
	       d->id, d->name, d->pcpu, d->region_num, d->port_num, img,
	       (unsigned long long)d->load_gpa);
	return HV_OK;
}

enum hv_err x86_vm_create(struct x86_vm *vm, const struct x86_vm_desc *d)
{
	struct vm_mem *m;
	enum hv_err err;

	if (vm_mem_used >= MAX_VMS)
		return HV_ERR_NOMEM;
	m = &vm_mem[vm_mem_used++];
	memset(vm, 0, sizeof(*vm));
	vm->desc = d;
	err = vm_maps_init(vm, m, d);
	if (!err)
		err = vm_npt_init(vm, m, d);
	return err ? err : vm_load(vm, d);
}

void *x86_vm_gpa_ptr(const struct x86_vm *vm, uint64_t gpa, uint64_t len)
{
	uint64_t pa;
	unsigned attr, level;

	if (!len || gpa + len < gpa)
		return NULL;
	if (pgtable_lookup(&vm->npt, gpa, &pa, &attr, &level) || (attr & PT_DEVICE))
		return NULL;
	/* The whole range must stay in the same leaf. */
	if (((gpa ^ (gpa + len - 1)) >> (12 + 9 * (3 - level))) != 0)
		return NULL;
	return arch_pa_to_hva(PA(pa));
}

#define REFUSALS_LOGGED 64

void x86_vm_refused(struct x86_vm *vm, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	if (vm->refusals++ > REFUSALS_LOGGED)
		return;
	if (vm->refusals > REFUSALS_LOGGED) {
		hv_log("vm %s: more refused accesses, not logged", vm->desc->name);
		return;
	}
	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hv_log("vm %s: refused: %s", vm->desc->name, buf);
}

void x86_vm_stop(struct x86_vm *vm, const char *why)
{
	if (vm->off)
		return;
	vm->off = true;
	hv_log("vm %u %s: off (%s)", vm->desc->id, vm->desc->name, why);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SBI a guest sees (SBI 2.0 spec): BASE, TIME, IPI, RFENCE, HSM and SRST
 * on its own harts only, DBCN on the console; everything else
 * SBI_ERR_NOT_SUPPORTED. Hart ids and masks are the guest's (vCPU numbers).
 */
#include "standalone.h"
#include "sbi_defs.h"
#include <hv/log.h>
#include <hv/uart.h>

#define A(n) (f->x[10 + (n)])

static void ret(struct rv_frame *f, long err, long val)
{
	A(0) = (uint64_t)err;
	A(1) = (uint64_t)val;
}

static bool ext_supported(uint64_t ext)
{
	switch (ext) {
	case SBI_EXT_BASE: case SBI_EXT_TIME: case SBI_EXT_IPI: case SBI_EXT_RFENCE:
	case SBI_EXT_HSM: case SBI_EXT_SRST: case SBI_EXT_DBCN:
		return true;
	default:
		return false;
	}
}

static void sbi_base(struct rv_frame *f, uint64_t fid)
{
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION: ret(f, 0, SBI_SPEC_VERSION_2_0); break;
	case SBI_BASE_GET_IMPL_ID: ret(f, 0, SBI_IMPL_ID_AXVISOR_C); break;
	case SBI_BASE_GET_IMPL_VERSION: ret(f, 0, 1); break;
	case SBI_BASE_PROBE_EXT: ret(f, 0, ext_supported(A(0))); break;
	case SBI_BASE_GET_MVENDORID: case SBI_BASE_GET_MARCHID: case SBI_BASE_GET_MIMPID:
		ret(f, 0, 0); /* the machine's identity is not the guest's business */
		break;
	default: ret(f, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

/*
 * set_timer (6.1): with Sstc the guest's vstimecmp is the real comparator
 * (no exit per tick once the guest writes stimecmp itself); without it our
 * own timer stands in and its interrupt raises hvip.VSTIP (trap.c).
 */
static void sbi_time(struct rv_frame *f, uint64_t fid)
{
	if (fid != SBI_TIME_SET_TIMER) {
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
		return;
	}
	if (rv_has_sstc) {
		csr_write(CSR_VSTIMECMP, A(0));
	} else {
		csr_clear(CSR_HVIP, 1ULL << IRQ_VS_TIMER);
		sbi_set_timer(A(0));
	}
	ret(f, 0, 0);
}

/*
 * A hart mask (3.3): bit i of `mask` is hart `base + i`; base -1 means all.
 * Harts beyond the VM's are an error (SBI_ERR_INVALID_PARAM), never another
 * VM's CPU.
 */
static bool mask_to_vcpus(struct rv_vm *vm, uint64_t mask, uint64_t base, uint32_t *out)
{
	*out = 0;
	if (base == ~0ULL) {
		*out = (1u << vm->nvcpus) - 1;
		return true;
	}
	for (uint32_t i = 0; i < 64; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		if (base >= vm->nvcpus || i >= vm->nvcpus - base)
			return false;
		*out |= 1u << (base + i);
	}
	return true;
}

static void sbi_ipi(struct rv_vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->frame;
	uint32_t set;

	if (fid != SBI_IPI_SEND) {
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
		return;
	}
	if (!mask_to_vcpus(v->vm, A(0), A(1), &set)) {
		ret(f, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	for (uint32_t i = 0; i < v->vm->nvcpus; i++) {
		struct rv_vcpu *t = &v->vm->vcpus[i];

		if (!(set & (1u << i)))
			continue;
		__atomic_fetch_or(&t->pending_vsip, 1ULL << IRQ_VS_SOFT, __ATOMIC_RELEASE);
		if (t == v)
			csr_set(CSR_HVIP, 1ULL << IRQ_VS_SOFT);
		else
			sbi_send_ipi_one(t->phart);
	}
	ret(f, 0, 0);
}

/* Physical hart mask of a set of this VM's vCPUs (hart ids < 64 here). */
static uint64_t phys_mask(struct rv_vm *vm, uint32_t set)
{
	uint64_t m = 0;

	for (uint32_t i = 0; i < vm->nvcpus; i++)
		if (set & (1u << i))
			m |= 1ULL << vm->vcpus[i].phart;
	return m;
}

/*
 * RFENCE (chapter 8) for the VM's own harts: a guest's "sfence.vma" is an
 * HFENCE.VVMA on the pCPUs its vCPUs are pinned to (their VMID is this
 * VM's); the H-extension variants are not offered to guests.
 */
static void sbi_rfence(struct rv_vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->frame;
	uint32_t set;
	long err;

	if (fid > SBI_RFENCE_SFENCE_VMA_ASID) {
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
		return;
	}
	if (!mask_to_vcpus(v->vm, A(0), A(1), &set)) {
		ret(f, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	if (fid == SBI_RFENCE_FENCE_I)
		err = sbi_remote_fence_i(phys_mask(v->vm, set), 0);
	else
		err = sbi_remote_hfence_vvma(phys_mask(v->vm, set), 0, 0, ~0ULL);
	ret(f, err ? SBI_ERR_FAILED : 0, 0);
}

static void sbi_dbcn(struct rv_vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->frame;
	uint8_t *p;

	switch (fid) {
	case SBI_DBCN_WRITE_BYTE:
		uart_putc((char)A(0));
		ret(f, 0, 0);
		break;
	case SBI_DBCN_WRITE:
		/* base is a guest-physical address (12.1): inside the VM or refused */
		if (A(2) || !vm_gpa_to_hva(v->vm, A(1), A(0), &p)) {
			ret(f, SBI_ERR_INVALID_PARAM, 0);
			break;
		}
		for (uint64_t i = 0; i < A(0); i++)
			uart_putc((char)p[i]);
		ret(f, 0, (long)A(0));
		break;
	case SBI_DBCN_READ:
		ret(f, 0, 0); /* no input for guests yet: zero bytes read */
		break;
	default:
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

void vsbi_handle(struct rv_vcpu *v)
{
	struct rv_frame *f = &v->frame;
	uint64_t ext = f->x[17], fid = f->x[16];

	f->sepc += 4; /* ecall is never compressed */
	switch (ext) {
	case SBI_EXT_BASE: sbi_base(f, fid); break;
	case SBI_EXT_TIME: sbi_time(f, fid); break;
	case SBI_EXT_IPI: sbi_ipi(v, fid); break;
	case SBI_EXT_RFENCE: sbi_rfence(v, fid); break;
	case SBI_EXT_HSM: vhsm_call(v, fid); break;
	case SBI_EXT_SRST: vsrst_call(v, fid); break;
	case SBI_EXT_DBCN: sbi_dbcn(v, fid); break;
	default: ret(f, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

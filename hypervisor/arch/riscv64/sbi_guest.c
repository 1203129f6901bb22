/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SBI a guest sees (SBI 2.0 spec), as front-ends on the core: HSM and
 * SRST decode into power requests (hv/power.h) of the core's exit record;
 * BASE, TIME, IPI, RFENCE and DBCN are answered here on the VM's own harts
 * (by the hart ids its config gives them); everything else goes to the
 * core as an unknown call and returns SBI_ERR_NOT_SUPPORTED.
 */
#include <hv/arch/irqchip.h>
#include <hv/arch/pgtable.h>
#include <hv/arch/timer.h>
#include <hv/console.h>
#include <hv/cpu.h>
#include <hv/exit.h>
#include <hv/vm.h>
#include "rv.h"
#include "sbi_defs.h"

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

static bool sbi_base(struct rv_frame *f, uint64_t fid)
{
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION: ret(f, 0, SBI_SPEC_VERSION_2_0); return true;
	case SBI_BASE_GET_IMPL_ID: ret(f, 0, SBI_IMPL_ID_AXVISOR_C); return true;
	case SBI_BASE_GET_IMPL_VERSION: ret(f, 0, 1); return true;
	case SBI_BASE_PROBE_EXT: ret(f, 0, ext_supported(A(0))); return true;
	case SBI_BASE_GET_MVENDORID: case SBI_BASE_GET_MARCHID: case SBI_BASE_GET_MIMPID:
		ret(f, 0, 0); /* the machine's identity is not the guest's business */
		return true;
	default:
		return false;
	}
}

/* set_timer (6.1): Sstc gives the guest vstimecmp; else our timer stands in. */
static bool sbi_time(struct rv_frame *f, uint64_t fid)
{
	if (fid != SBI_TIME_SET_TIMER)
		return false;
	if (rv_has_sstc) {
		csr_write(CSR_VSTIMECMP, A(0));
	} else {
		csr_clear(CSR_HVIP, 1ULL << IRQ_VS_TIMER);
		sbi_set_timer(A(0));
	}
	ret(f, 0, 0);
	return true;
}

/*
 * A hart mask (3.3): bit i is hart `base + i`, base -1 means all of the
 * VM's harts. A hart the VM does not have is SBI_ERR_INVALID_PARAM, never
 * another VM's CPU. Calls fn on each of the VM's vCPUs named.
 */
static long for_each_hart(struct vcpu *v, uint64_t mask, uint64_t base,
			  void (*fn)(struct vcpu *self, struct vcpu *t))
{
	struct vm *vm = v->vm;
	struct vcpu *named[AXVM_MAX_VCPUS];
	uint32_t n = 0;

	for (uint32_t i = 0; i < vm->cfg->vcpu_num; i++) {
		uint64_t id = vm->vcpus[i].hwid;

		if (base == ~0ULL || (id >= base && id - base < 64 && (mask >> (id - base) & 1)))
			named[n++] = &vm->vcpus[i];
	}
	if (base != ~0ULL && (uint64_t)__builtin_popcountll(mask) != n)
		return SBI_ERR_INVALID_PARAM;
	for (uint32_t i = 0; i < n; i++)
		fn(v, named[i]);
	return SBI_SUCCESS;
}

static void ipi_one(struct vcpu *self, struct vcpu *t)
{
	(void)self;
	arch_irqchip_inject(t, IRQ_VS_SOFT);
}

static uint64_t fence_mask;

static void fence_collect(struct vcpu *self, struct vcpu *t)
{
	(void)self;
	fence_mask |= 1ULL << cpus[t->pcpu].hwid;
}

/*
 * RFENCE (chapter 8) on the VM's own harts: a guest's remote sfence.vma is
 * an HFENCE.VVMA on the harts its vCPUs are pinned to (their VMID is this
 * VM's); the H-extension variants are not offered to guests.
 */
static bool sbi_rfence(struct vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->arch.frame;
	long err;

	if (fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return false;
	fence_mask = 0; /* per call, on this hart: guests do not share harts */
	err = for_each_hart(v, A(0), A(1), fence_collect);
	if (!err)
		err = fid == SBI_RFENCE_FENCE_I ? sbi_remote_fence_i(fence_mask, 0)
						: sbi_remote_hfence_vvma(fence_mask, 0, 0, ~0ULL);
	ret(f, err ? (err < 0 ? err : SBI_ERR_FAILED) : 0, 0);
	return true;
}

/*
 * The VM's console port: the one of its emulated UART if it has one (the
 * multiplexer has one port per VM; opening with the same name and context
 * returns it), else one of its own.
 */
static struct console_port *vm_console(struct vm *vm)
{
	void *ctx = NULL;

	for (uint32_t i = 0; i < vm->emu_num; i++)
		if (vm->emus[i].cfg && vm->emus[i].cfg->type == VMCFG_EMU_CONSOLE)
			ctx = vm->emus[i].priv;
	return console_open(vm->cfg->name, NULL, ctx);
}

static void dbcn_out(struct vm *vm, uint8_t c)
{
	if (!vm->arch.console)
		vm->arch.console = vm_console(vm);
	if (vm->arch.console)
		while (console_putc(vm->arch.console, c) == HV_ERR_BUSY)
			console_poll(arch_timer_count());
}

/* DBCN (chapter 12): output through the console multiplexer, as the VM. */
static bool sbi_dbcn(struct vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->arch.frame;

	if (fid == SBI_DBCN_WRITE_BYTE) {
		dbcn_out(v->vm, (uint8_t)A(0));
		ret(f, 0, 0);
	} else if (fid == SBI_DBCN_WRITE) {
		/* the buffer is guest-physical (12.1): inside the VM's RAM or refused */
		const struct vmcfg_mem_region *r = NULL;

		for (uint32_t i = 0; i < v->vm->cfg->region_num && !r; i++) {
			const struct vmcfg_mem_region *x = &v->vm->cfg->regions[i];

			if (!A(2) && A(1) >= x->ipa && A(0) <= x->size && A(1) - x->ipa <= x->size - A(0))
				r = x;
		}
		if (!r) {
			ret(f, SBI_ERR_INVALID_PARAM, 0);
			return true;
		}
		for (uint64_t i = 0; i < A(0); i++)
			dbcn_out(v->vm, *(const uint8_t *)arch_pa_to_hva(PA(r->pa + A(1) - r->ipa + i)));
		ret(f, 0, (long)A(0));
	} else if (fid == SBI_DBCN_READ) {
		ret(f, 0, 0); /* no input for guests yet */
	} else {
		return false;
	}
	return true;
}

/* Core power API errors as SBI HSM reports them (9.1). */
static long hsm_error(enum hv_err err)
{
	switch (err) {
	case HV_OK: return SBI_SUCCESS;
	case HV_ERR_NOTFOUND: return SBI_ERR_INVALID_PARAM;
	case HV_ERR_RANGE: return SBI_ERR_INVALID_ADDRESS;
	case HV_ERR_EXISTS: case HV_ERR_BUSY: return SBI_ERR_ALREADY_AVAILABLE;
	default: return SBI_ERR_FAILED;
	}
}

/* HSM and SRST: the power request of the core's exit record. */
static bool sbi_power(struct vcpu *v, uint64_t ext, uint64_t fid)
{
	struct rv_frame *f = &v->arch.frame;
	struct vcpu_exit e = {.kind = VCPU_EXIT_POWER};
	enum hv_err err;

	e.power = (struct power_req){.hwid = A(0), .entry = A(1), .ctx = A(2)};
	if (ext == SBI_EXT_HSM && fid == SBI_HSM_HART_START)
		e.power.op = POWER_CPU_ON;
	else if (ext == SBI_EXT_HSM && fid == SBI_HSM_HART_STOP)
		e.power.op = POWER_CPU_OFF;
	else if (ext == SBI_EXT_HSM && fid == SBI_HSM_HART_STATUS)
		e.power.op = POWER_CPU_STATUS;
	else if (ext == SBI_EXT_SRST && fid == SBI_SRST_RESET && A(0) == SBI_SRST_TYPE_SHUTDOWN)
		e.power.op = POWER_VM_OFF;
	else if (ext == SBI_EXT_SRST && fid == SBI_SRST_RESET &&
		 (A(0) == SBI_SRST_TYPE_COLD_REBOOT || A(0) == SBI_SRST_TYPE_WARM_REBOOT))
		e.power.op = POWER_VM_RESET;
	else if (ext == SBI_EXT_SRST && fid == SBI_SRST_RESET) {
		ret(f, SBI_ERR_INVALID_PARAM, 0);
		return true;
	} else
		return false;
	err = vcpu_exit_handle(v, &e);
	/* power_status numbers are the SBI HSM states (started 0, stopped 1, pending 2) */
	ret(f, hsm_error(err), e.power.op == POWER_CPU_STATUS && !err ? (long)e.power.status : 0);
	return true;
}

static bool sbi_known(struct vcpu *v, uint64_t ext, uint64_t fid)
{
	struct rv_frame *f = &v->arch.frame;

	switch (ext) {
	case SBI_EXT_BASE: return sbi_base(f, fid);
	case SBI_EXT_TIME: return sbi_time(f, fid);
	case SBI_EXT_IPI:
		if (fid != SBI_IPI_SEND)
			return false;
		ret(f, for_each_hart(v, A(0), A(1), ipi_one), 0);
		return true;
	case SBI_EXT_RFENCE: return sbi_rfence(v, fid);
	case SBI_EXT_HSM: case SBI_EXT_SRST: return sbi_power(v, ext, fid);
	case SBI_EXT_DBCN: return sbi_dbcn(v, fid);
	default: return false;
	}
}

void vsbi_call(struct vcpu *v)
{
	struct rv_frame *f = &v->arch.frame;
	uint64_t ext = f->x[17], fid = f->x[16];

	f->sepc += 4; /* ecall is never compressed; a stopped vCPU restarts anew */
	if (!sbi_known(v, ext, fid)) {
		struct vcpu_exit e = {.kind = VCPU_EXIT_HYPERCALL};

		e.call = (struct vcpu_exit_call){.abi = "SBI", .nr = ext << 32 | fid,
						 .args = {A(0), A(1), A(2)}};
		vcpu_exit_handle(v, &e);
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

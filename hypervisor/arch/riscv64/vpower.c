/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBI HSM (SBI 2.0 chapter 9) and SRST (chapter 10) for guests: the power
 * front-ends on the VM's own vCPUs, by the guest's own hart ids. Same
 * semantics as PSCI on aarch64: SRST shutdown stops this VM only (the
 * machine powers off after the last one), reboot restarts it alone.
 */
#include "rv.h"
#include "sbi_defs.h"

#define A(n) (f->x[10 + (n)])
/* A start request being filled in (not an SBI state: never reported). */
#define VCPU_CLAIMED 0xff

static void ret(struct rv_frame *f, long err, long val)
{
	A(0) = (uint64_t)err;
	A(1) = (uint64_t)val;
}

static void hsm_start(struct rv_vcpu *v)
{
	struct rv_frame *f = &v->frame;
	struct rv_vm *vm = v->vm;
	uint32_t stopped = VCPU_STOPPED;
	struct rv_vcpu *t;
	uint8_t *unused;

	if (A(0) >= vm->nvcpus) {
		ret(f, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	/* The start address must be guest memory (9.1: INVALID_ADDRESS). */
	if (!vm_gpa_to_hva(vm, A(1), 2, &unused)) {
		ret(f, SBI_ERR_INVALID_ADDRESS, 0);
		return;
	}
	t = &vm->vcpus[A(0)];
	if (!__atomic_compare_exchange_n(&t->state, &stopped, VCPU_CLAIMED, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
		ret(f, SBI_ERR_ALREADY_AVAILABLE, 0);
		return;
	}
	t->start_pc = A(1);
	t->start_arg = A(2);
	__atomic_store_n(&t->state, VCPU_START_PENDING, __ATOMIC_RELEASE);
	sbi_send_ipi_one(t->phart);
	ret(f, 0, 0);
}

static void hsm_status(struct rv_vcpu *v)
{
	struct rv_frame *f = &v->frame;
	uint32_t s;

	if (A(0) >= v->vm->nvcpus) {
		ret(f, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	s = __atomic_load_n(&v->vm->vcpus[A(0)].state, __ATOMIC_ACQUIRE);
	ret(f, 0, s == VCPU_CLAIMED ? VCPU_START_PENDING : s);
}

void vhsm_call(struct rv_vcpu *v, uint64_t fid)
{
	switch (fid) {
	case SBI_HSM_HART_START:
		hsm_start(v);
		break;
	case SBI_HSM_HART_STOP:
		/* no return on success: rv_trap parks a vCPU that is not started */
		__atomic_store_n(&v->state, VCPU_STOPPED, __ATOMIC_RELEASE);
		break;
	case SBI_HSM_HART_STATUS:
		hsm_status(v);
		break;
	default:
		ret(&v->frame, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

void vsrst_call(struct rv_vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->frame;

	if (fid != SBI_SRST_RESET) {
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
		return;
	}
	switch (A(0)) {
	case SBI_SRST_TYPE_SHUTDOWN:
		vm_stop(v->vm, "SBI SRST shutdown");
		break;
	case SBI_SRST_TYPE_COLD_REBOOT:
	case SBI_SRST_TYPE_WARM_REBOOT:
		vm_reset(v->vm, v);
		break;
	default:
		ret(f, SBI_ERR_INVALID_PARAM, 0);
	}
}

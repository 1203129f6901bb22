/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBI HSM (SBI 2.0 chapter 9) and SRST (chapter 10) for guests: thin
 * front-ends that decode a call into the core's power request
 * (hv/power.h `struct power_req`, the VCPU_EXIT_POWER record) and turn the
 * result into SBI error codes. Same semantics as PSCI on aarch64: SRST
 * shutdown stops this VM only (the machine powers off after the last one),
 * reboot restarts it alone; HSM names the VM's own harts by its hart ids.
 */
#include "standalone.h"
#include "sbi_defs.h"

#define A(n) (f->x[10 + (n)])

static void ret(struct rv_frame *f, long err, long val)
{
	A(0) = (uint64_t)err;
	A(1) = (uint64_t)val;
}

/* Core power API errors as hart_start reports them (9.1 table). */
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

void vhsm_call(struct rv_vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->frame;
	struct power_req req = {.hwid = A(0), .entry = A(1), .ctx = A(2)};
	enum hv_err err;

	switch (fid) {
	case SBI_HSM_HART_START: req.op = POWER_CPU_ON; break;
	case SBI_HSM_HART_STOP: req.op = POWER_CPU_OFF; break;
	case SBI_HSM_HART_STATUS: req.op = POWER_CPU_STATUS; break;
	default:
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
		return;
	}
	err = rv_power_handle(v, &req);
	/* hart_stop does not return on success: the vCPU parks (rv_trap) */
	if (req.op == POWER_CPU_STATUS && !err)
		ret(f, 0, (long)req.status); /* power_status numbers = SBI HSM states */
	else
		ret(f, hsm_error(err), 0);
}

void vsrst_call(struct rv_vcpu *v, uint64_t fid)
{
	struct rv_frame *f = &v->frame;
	struct power_req req = {0};

	if (fid != SBI_SRST_RESET) {
		ret(f, SBI_ERR_NOT_SUPPORTED, 0);
		return;
	}
	switch (A(0)) {
	case SBI_SRST_TYPE_SHUTDOWN: req.op = POWER_VM_OFF; break;
	case SBI_SRST_TYPE_COLD_REBOOT:
	case SBI_SRST_TYPE_WARM_REBOOT: req.op = POWER_VM_RESET; break;
	default:
		ret(f, SBI_ERR_INVALID_PARAM, 0);
		return;
	}
	rv_power_handle(v, &req);
}

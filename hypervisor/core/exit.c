/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Core's side of the decoded exit record (hv/exit.h): what every
 * architecture's exits have in common. Anything a guest can trigger is
 * reflected (abort / undefined injected by the arch) with a rate-limited
 * log line, or stops that VM.
 */
#include <hv/arch/irqchip.h>
#include <hv/arch/vcpu.h>
#include <hv/exit.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/vm.h>

static const char *vm_name(const struct vcpu *v)
{
	return v->vm->cfg->name;
}

/* Unsupported calls are not faults (a guest probes): logged on their own
 * budget, which leaves the fault log's for real faults. */
enum hv_err exit_hypercall(struct vcpu *vcpu, struct vcpu_exit_call *call)
{
	if (vcpu_log_call(vcpu))
		LOG("vm %s vcpu %u: %s function %#lx not supported", vm_name(vcpu),
		    vcpu->id, call->abi, call->nr);
	return HV_ERR_UNSUPP;
}

enum hv_err exit_power(struct vcpu *vcpu, struct power_req *req)
{
	switch (req->op) {
	case POWER_CPU_ON:
		return power_vcpu_start(vcpu->vm, req->hwid, req->entry, req->ctx);
	case POWER_CPU_STATUS:
		return power_vcpu_status(vcpu->vm, req->hwid, &req->status);
	case POWER_CPU_OFF:
		power_vcpu_stop_self(vcpu);
		break;
	case POWER_VM_OFF:
		power_vm_off(vcpu);
		break;
	case POWER_VM_RESET:
		power_vm_reset(vcpu);
		break;
	}
	return HV_OK;
}

/* Nothing to do: the vCPU owns its CPU, so it may as well wait in the guest. */
enum hv_err exit_halt(struct vcpu *vcpu)
{
	(void)vcpu;
	return HV_OK;
}

enum hv_err exit_undefined(struct vcpu *vcpu, struct vcpu_exit_fault *f)
{
	if (vcpu_log_fault(vcpu))
		LOG("vm %s vcpu %u: instruction at pc %#lx not emulated: undefined injected",
		    vm_name(vcpu), vcpu->id, f->pc);
	arch_vcpu_inject_undef(vcpu);
	return HV_OK;
}

enum hv_err exit_abort(struct vcpu *vcpu, struct vcpu_exit_fault *f)
{
	if (vcpu_log_fault(vcpu))
		LOG("vm %s vcpu %u: %s outside its memory, IPA %#lx pc %#lx: external abort injected",
		    vm_name(vcpu), vcpu->id,
		    f->insn ? "instruction fetch" : f->write ? "write" : "read", f->ipa, f->pc);
	arch_vcpu_inject_abort(vcpu, f->va, f->insn, f->write);
	return HV_OK;
}

enum hv_err exit_fatal(struct vcpu *vcpu)
{
	vcpu_fatal(vcpu);
	return HV_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPU power API (hv/power.h): the state machine every arch's firmware-call
 * front-end shares (hv/arch/README.md). A VM sees only its own vCPUs, by the
 * hardware id its config gives them.
 */
#include <hv/arch/cpu.h>
#include <hv/arch/irqchip.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/power.h>
#include <hv/vm.h>

static enum hv_err start_state_error(enum vcpu_state st)
{
	if (st == VCPU_ON_PENDING)
		return HV_ERR_BUSY;
	return st == VCPU_RUNNING ? HV_ERR_EXISTS : HV_ERR_DENIED;
}

enum hv_err power_vcpu_start(struct vm *vm, uint64_t hwid, uint64_t entry, uint64_t ctx)
{
	struct vcpu *t = vm_vcpu_by_hwid(vm, hwid);
	enum vcpu_state expect = VCPU_OFF;
	bool ok;

	if (!t)
		return HV_ERR_NOTFOUND;
	if (vcpu_state_get(t) != VCPU_OFF)
		return start_state_error(vcpu_state_get(t));
	/* An entry outside its memory would only fault forever. */
	if (!vm_ipa_executable(vm, entry))
		return HV_ERR_RANGE;
	/*
	 * Entry and context first: the target CPU reads them once it sees
	 * ON_PENDING. The lock keeps a racing start from rewriting them; the
	 * compare-and-swap still guards against a concurrent state change
	 * (VM off / reset) from outside this API.
	 */
	spin_lock(&vm->power_lock);
	if (vcpu_state_get(t) == VCPU_OFF) {
		t->boot_entry = entry;
		t->boot_arg = ctx;
	}
	ok = __atomic_compare_exchange_n(&t->state, &expect, VCPU_ON_PENDING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	spin_unlock(&vm->power_lock);
	if (!ok)
		return start_state_error(expect);
	arch_cpu_wake_all();
	arch_irqchip_kick_cpu(t->pcpu); /* its CPU may sleep until an interrupt */
	return HV_OK;
}

void power_vcpu_stop_self(struct vcpu *vcpu)
{
	vcpu_state_set(vcpu, VCPU_OFF); /* vcpu_trap_return parks this CPU */
}

enum hv_err power_vcpu_status(struct vm *vm, uint64_t hwid, enum power_status *st)
{
	struct vcpu *t = vm_vcpu_by_hwid(vm, hwid);

	if (!t)
		return HV_ERR_NOTFOUND;
	switch (vcpu_state_get(t)) {
	case VCPU_RUNNING:
		*st = POWER_STATUS_ON;
		break;
	case VCPU_ON_PENDING:
		*st = POWER_STATUS_ON_PENDING;
		break;
	default:
		*st = POWER_STATUS_OFF;
		break;
	}
	return HV_OK;
}

void power_vm_off(struct vcpu *vcpu)
{
	LOG("vm %s: SYSTEM_OFF: VM powered off", vcpu->vm->cfg->name);
	if (vm_power_off(vcpu->vm)) {
		LOG("all VMs are off: powering off the machine");
		hv_machine_off();
	}
}

void power_vm_reset(struct vcpu *vcpu)
{
	LOG("vm %s: SYSTEM_RESET", vcpu->vm->cfg->name);
	vm_reset(vcpu->vm);
}

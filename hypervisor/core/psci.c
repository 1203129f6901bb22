/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI 1.1 for guests (Arm DEN 0022D). A VM sees only its own vCPUs, by the
 * MPIDR its config gives them: CPU_ON / AFFINITY_INFO on any other MPIDR
 * get INVALID_PARAMETERS, exactly as on a machine without that CPU.
 */
#include <hv/arch/cpu.h>
#include <hv/arch/vcpu.h>
#include <hv/hv.h>
#include <hv/irq.h>
#include <hv/log.h>
#include <hv/psci.h>
#include <hv/vm.h>

#define PSCI_VERSION_1_1 0x10001
#define SMCCC_VERSION_1_1 0x10001
#define MPIDR_AFF_MASK 0xff00ffffffULL
#define MIGRATE_NONE 2 /* no Trusted OS to migrate (DEN 0022D 5.9) */

static bool is_32bit_fid(uint32_t fid)
{
	return !(fid & 0x40000000u);
}

static int64_t psci_features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

static int64_t psci_on_state_error(enum vcpu_state st)
{
	if (st == VCPU_ON_PENDING)
		return PSCI_RET_ON_PENDING;
	return st == VCPU_RUNNING ? PSCI_RET_ALREADY_ON : PSCI_RET_DENIED;
}

static int64_t psci_cpu_on(struct vm *vm, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct vcpu *t = vm_vcpu_by_mpidr(vm, mpidr & MPIDR_AFF_MASK);
	enum vcpu_state expect = VCPU_OFF;
	bool ok;

	if (!t)
		return PSCI_RET_INVALID_PARAMETERS;
	if (vcpu_state_get(t) != VCPU_OFF)
		return psci_on_state_error(vcpu_state_get(t));
	/* An entry outside its memory would only fault forever (DEN 0022D 5.6). */
	if (!vm_ipa_executable(vm, entry))
		return PSCI_RET_INVALID_ADDRESS;
	/*
	 * Entry and context first: the target CPU reads them once it sees
	 * ON_PENDING. The lock keeps a racing CPU_ON from rewriting them; the
	 * compare-and-swap still guards against a concurrent state change
	 * (VM off / reset) from outside PSCI.
	 */
	spin_lock(&vm->psci_lock);
	if (vcpu_state_get(t) == VCPU_OFF) {
		t->boot_entry = entry;
		t->boot_arg = ctx;
	}
	ok = __atomic_compare_exchange_n(&t->state, &expect, VCPU_ON_PENDING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	spin_unlock(&vm->psci_lock);
	if (!ok)
		return psci_on_state_error(expect);
	arch_cpu_wake_all();
	irq_kick_cpu(t->pcpu); /* its CPU may sleep in WFI */
	return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(struct vm *vm, uint64_t mpidr, uint64_t level)
{
	struct vcpu *t = vm_vcpu_by_mpidr(vm, mpidr & MPIDR_AFF_MASK);

	if (!t || level != 0)
		return PSCI_RET_INVALID_PARAMETERS;
	switch (vcpu_state_get(t)) {
	case VCPU_RUNNING:
		return PSCI_AFF_ON;
	case VCPU_ON_PENDING:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

enum psci_action psci_call(struct vcpu *vcpu, uint32_t fid, const uint64_t a[3],
			   int64_t *ret)
{
	uint64_t x[3] = {a[0], a[1], a[2]};

	if (is_32bit_fid(fid)) {
		for (int i = 0; i < 3; i++)
			x[i] &= 0xffffffffULL; /* SMC32/HVC32: upper halves ignored */
	}
	*ret = PSCI_RET_NOT_SUPPORTED;
	switch (fid) {
	case SMCCC_VERSION:
		*ret = SMCCC_VERSION_1_1;
		break;
	case PSCI_VERSION:
		*ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		*ret = psci_features((uint32_t)x[0]);
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		*ret = psci_cpu_on(vcpu->vm, x[0], x[1], x[2]);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		*ret = psci_affinity_info(vcpu->vm, x[0], x[1]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		*ret = MIGRATE_NONE;
		break;
	case PSCI_CPU_OFF:
		vcpu_state_set(vcpu, VCPU_OFF);
		return PSCI_ACT_VCPU_OFF;
	case PSCI_SYSTEM_OFF:
		return PSCI_ACT_VM_OFF;
	case PSCI_SYSTEM_RESET:
		return PSCI_ACT_VM_RESET;
	}
	return PSCI_ACT_RETURN;
}

void psci_trap(struct vcpu *vcpu)
{
	uint64_t a[3] = {arch_vcpu_reg(vcpu, 1), arch_vcpu_reg(vcpu, 2),
			 arch_vcpu_reg(vcpu, 3)};
	uint32_t fid = (uint32_t)arch_vcpu_reg(vcpu, 0);
	int64_t ret;

	switch (psci_call(vcpu, fid, a, &ret)) {
	case PSCI_ACT_RETURN:
		if (ret == PSCI_RET_NOT_SUPPORTED && fid != PSCI_FEATURES &&
		    vcpu_log_fault(vcpu))
			LOG("vm %s vcpu %u: SMCCC function %#x not supported",
			    vcpu->vm->cfg->name, vcpu->id, fid);
		arch_vcpu_set_reg(vcpu, 0, (uint64_t)ret);
		break;
	case PSCI_ACT_VCPU_OFF:
		break; /* vcpu_trap_return parks this CPU */
	case PSCI_ACT_VM_OFF:
		LOG("vm %s: SYSTEM_OFF: VM powered off", vcpu->vm->cfg->name);
		if (vm_power_off(vcpu->vm)) {
			LOG("all VMs are off: powering off the machine");
			hv_machine_off();
		}
		break;
	case PSCI_ACT_VM_RESET:
		LOG("vm %s: SYSTEM_RESET", vcpu->vm->cfg->name);
		vm_reset(vcpu->vm);
		break;
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI 1.1 for guests (Arm DEN 0022D): a thin ABI front-end on the core
 * vCPU power API (hv/power.h). A VM sees only its own vCPUs, by the MPIDR
 * its config gives them (their hardware id): CPU_ON / AFFINITY_INFO on any
 * other MPIDR get INVALID_PARAMETERS, as on a machine without that CPU.
 */
#include <arch/psci.h>
#include <arch/regs.h>
#include <hv/exit.h>
#include <hv/power.h>
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

/* The power API's answer as a PSCI return code (DEN 0022D 5.6, 5.7). */
static int64_t psci_ret(enum hv_err err)
{
	switch (err) {
	case HV_OK:
		return PSCI_RET_SUCCESS;
	case HV_ERR_EXISTS:
		/* Started by an earlier CPU_ON that succeeded but not running
		 * yet (the power API's BUSY): DEN 0022D 5.6.2 allows ON_PENDING
		 * or ALREADY_ON here; KVM, which guests are tested against,
		 * answers ALREADY_ON to every racing caller, and so do we. */
	case HV_ERR_BUSY:
		return PSCI_RET_ALREADY_ON;
	case HV_ERR_RANGE:
		return PSCI_RET_INVALID_ADDRESS;
	case HV_ERR_DENIED:
		return PSCI_RET_DENIED;
	default:
		return PSCI_RET_INVALID_PARAMETERS; /* no such vCPU in this VM */
	}
}

static int64_t psci_cpu_on(struct vm *vm, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	return psci_ret(power_vcpu_start(vm, mpidr & MPIDR_AFF_MASK, entry, ctx));
}

static int64_t psci_affinity_info(struct vm *vm, uint64_t mpidr, uint64_t level)
{
	enum power_status st;

	if (level != 0 || power_vcpu_status(vm, mpidr & MPIDR_AFF_MASK, &st))
		return PSCI_RET_INVALID_PARAMETERS;
	/* enum power_status has PSCI's AFFINITY_INFO values (DEN 0022D 5.7.2). */
	return (int64_t)st;
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
		power_vcpu_stop_self(vcpu);
		return PSCI_ACT_VCPU_OFF;
	case PSCI_SYSTEM_OFF:
		return PSCI_ACT_VM_OFF;
	case PSCI_SYSTEM_RESET:
		return PSCI_ACT_VM_RESET;
	}
	return PSCI_ACT_RETURN;
}

/* Not a PSCI/SMCCC function we implement: core logs it (not a fault). */
static void psci_unsupported(struct vcpu *vcpu, uint32_t fid)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_HYPERCALL,
			      .call = {.abi = "SMCCC", .nr = fid}};

	(void)vcpu_exit_handle(vcpu, &e);
}

static void psci_power(struct vcpu *vcpu, enum power_op op)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_POWER, .power = {.op = op}};

	(void)vcpu_exit_handle(vcpu, &e);
}

void psci_trap(struct vcpu *vcpu)
{
	uint64_t a[3] = {arch_vcpu_reg(vcpu, 1), arch_vcpu_reg(vcpu, 2),
			 arch_vcpu_reg(vcpu, 3)};
	uint32_t fid = (uint32_t)arch_vcpu_reg(vcpu, 0);
	int64_t ret;

	switch (psci_call(vcpu, fid, a, &ret)) {
	case PSCI_ACT_RETURN:
		if (ret == PSCI_RET_NOT_SUPPORTED && fid != PSCI_FEATURES)
			psci_unsupported(vcpu, fid);
		arch_vcpu_set_reg(vcpu, 0, (uint64_t)ret);
		break;
	case PSCI_ACT_VCPU_OFF:
		break; /* vcpu_trap_return parks this CPU */
	case PSCI_ACT_VM_OFF:
		psci_power(vcpu, POWER_VM_OFF);
		break;
	case PSCI_ACT_VM_RESET:
		psci_power(vcpu, POWER_VM_RESET);
		break;
	}
}

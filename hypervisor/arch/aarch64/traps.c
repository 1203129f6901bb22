/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trap dispatch: a table indexed by ESR_EL2.EC (Arm ARM D13.2.37) that
 * decodes each trap once and hands core a decoded exit record (hv/exit.h,
 * after AxVisor's axvcpu exit reasons): MMIO, power / unsupported calls
 * (psci.c), halt, interrupt, fatal. Anything
 * a guest can trigger is reflected into the guest (external abort,
 * UNDEFINED, SMCCC NOT_SUPPORTED) with a log line. An EC with no handler
 * is UNDEFINED when it is an instruction trap (exc.c: trap_ec_action());
 * any other stops that VM with ESR, FAR and ELR in the log.
 */
#include <arch/regs.h>
#include <hv/arch/vcpu.h>
#include <hv/exit.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <arch/psci.h>
#include <arch/vdebug.h>
#include <hv/vm.h>
#include <stddef.h>
#include "esr.h"
#include "exc.h"
#include "sysreg.h"

#define TRAP_SYNC 0
#define TRAP_IRQ  1
#define TRAP_FIQ  2
#define TRAP_SERROR 3

typedef void (*trap_fn)(struct vcpu *vcpu, uint64_t esr);

static const char *vm_name(const struct vcpu *v)
{
	return v->vm->cfg->name;
}

static void trap_wfx(struct vcpu *vcpu, uint64_t esr)
{
	struct vcpu_exit e;

	(void)esr;
	e.kind = VCPU_EXIT_HALT;
	(void)vcpu_exit_handle(vcpu, &e);
	arch_vcpu_skip(vcpu); /* not trapped (TWI/TWE = 0); harmless if it is */
}

static void trap_hvc(struct vcpu *vcpu, uint64_t esr)
{
	(void)esr;
	psci_trap(vcpu); /* ELR already points past the HVC */
}

static void trap_smc(struct vcpu *vcpu, uint64_t esr)
{
	(void)esr;
	arch_vcpu_skip(vcpu); /* a trapped SMC returns to itself (D1.10.4) */
	psci_trap(vcpu);
}

static void trap_sysreg(struct vcpu *vcpu, uint64_t esr)
{
	uint32_t iss = ESR_ISS(esr);
	unsigned rt = SYSREG_RT(iss);
	bool write = !SYSREG_READ(iss);
	uint64_t val = arch_vcpu_reg(vcpu, rt);

	if (sysreg_is_setway(iss)) {
		/*
		 * Set/way maintenance would act on caches other partitions
		 * share. Do the VM's share by VA instead: a full clean+inval
		 * of its RAM when the loop reaches set 0 / way 0 of a level
		 * (the last operand of the usual descending loop).
		 */
		if ((val & ~0xeULL) == 0)
			vm_flush_dcache(vcpu->vm);
		arch_vcpu_skip(vcpu);
		return;
	}
	if (vgic_sysreg(vcpu, iss, &val, write) == HV_OK ||
	    vdebug_sysreg(vcpu, iss, &val, write) == HV_OK) {
		if (!write)
			arch_vcpu_set_reg(vcpu, rt, val);
		arch_vcpu_skip(vcpu);
		return;
	}
	if (vcpu_log_fault(vcpu))
		LOG("vm %s vcpu %u: trapped sysreg op0=%u op1=%u CRn=%u CRm=%u op2=%u %s at pc %#lx: UNDEFINED",
		    vm_name(vcpu), vcpu->id, SYSREG_OP0(iss), SYSREG_OP1(iss), SYSREG_CRN(iss),
		    SYSREG_CRM(iss), SYSREG_OP2(iss), write ? "write" : "read", arch_vcpu_pc(vcpu));
	arch_vcpu_inject_undef(vcpu);
}

/* FAR_EL2/HPFAR_EL2 are not saved by the vectors: only aborts need them. */
static void save_fault_address(struct vcpu *vcpu)
{
	vcpu->arch.far = read_sysreg(far_el2);
	vcpu->arch.hpfar = read_sysreg(hpfar_el2);
}

static void trap_iabt(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t ipa;

	save_fault_address(vcpu);
	ipa = abort_fault_ipa(vcpu->arch.hpfar, vcpu->arch.far);
	if (vcpu->arch.far - read_sysreg(vbar_el1) < 0x800) {
		/* Its own exception vector is not in its memory: injecting would loop. */
		LOG("vm %s vcpu %u: exception vector at %#lx is outside its memory (ESR %#lx): stopping the VM",
		    vm_name(vcpu), vcpu->id, vcpu->arch.far, esr);
		vcpu_fatal(vcpu);
		return;
	}
	if (vcpu_log_fault(vcpu))
		LOG("vm %s vcpu %u: instruction fetch outside its memory, IPA %#lx ESR %#lx ELR %#lx: external abort injected",
		    vm_name(vcpu), vcpu->id, ipa, esr, arch_vcpu_pc(vcpu));
	arch_vcpu_inject_abort(vcpu, vcpu->arch.far, true, false);
}

/*
 * Kept out of trap_dabt() so that the emulated path pays no frame for it,
 * and it keeps nothing live across the device call for it either: ESR is
 * in the vCPU (the vectors saved it), FAR_EL2 and HPFAR_EL2 are still this
 * abort's, since EL2 runs with interrupts masked and takes no exception of
 * its own before this (one would be a hypervisor panic).
 */
static __attribute__((cold, noinline)) void dabt_refuse(struct vcpu *vcpu)
{
	uint64_t esr = vcpu->arch.esr;
	bool write = ESR_ISS(esr) & DABT_WNR;
	uint64_t ipa;

	save_fault_address(vcpu);
	ipa = abort_fault_ipa(vcpu->arch.hpfar, vcpu->arch.far);
	if (vm_find_emul(vcpu->vm, ipa)) {
		if (vcpu_log_fault(vcpu))
			LOG("vm %s vcpu %u: %s of emulated device at IPA %#lx cannot be emulated (ESR %#lx ELR %#lx): external abort injected",
			    vm_name(vcpu), vcpu->id, write ? "write" : "read", ipa, esr, arch_vcpu_pc(vcpu));
		arch_vcpu_inject_abort(vcpu, vcpu->arch.far, false, write);
		return;
	}
	if (vcpu_log_fault(vcpu))
		LOG("vm %s vcpu %u: %s outside its memory, IPA %#lx ESR %#lx ELR %#lx: external abort injected",
		    vm_name(vcpu), vcpu->id, write ? "write" : "read", ipa, esr, arch_vcpu_pc(vcpu));
	arch_vcpu_inject_abort(vcpu, vcpu->arch.far, false, write);
}

/*
 * EC 0x24. The IPA needs HPFAR_EL2 (IPA[51:12]) and FAR_EL2 (the page
 * offset); neither is stored on the emulated path, only dabt_refuse()
 * keeps FAR for the abort it injects.
 */
static void trap_dabt(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t ipa = abort_fault_ipa(read_sysreg(hpfar_el2), read_sysreg(far_el2));

	if (abort_emulate(vcpu, (uint32_t)ESR_ISS(esr), ipa) != HV_OK)
		dabt_refuse(vcpu);
}

static const trap_fn trap_table[64] = {
	[EC_WFX] = trap_wfx,
	[EC_HVC64] = trap_hvc,
	[EC_SMC64] = trap_smc,
	[EC_SYSREG] = trap_sysreg,
	[EC_IABT_LOW] = trap_iabt,
	[EC_DABT_LOW] = trap_dabt,
};

/* A trapped instruction nothing emulates (trap_ec_action()): UNDEFINED. */
static void trap_undefined(struct vcpu *vcpu, uint64_t esr)
{
	if (vcpu_log_fault(vcpu))
		LOG("vm %s vcpu %u: trapped instruction EC=%#lx ESR=%#lx ELR=%#lx not emulated: UNDEFINED injected",
		    vm_name(vcpu), vcpu->id, ESR_EC(esr), esr, arch_vcpu_pc(vcpu));
	arch_vcpu_inject_undef(vcpu);
}

static void trap_unhandled(struct vcpu *vcpu, uint64_t esr, const char *what)
{
	save_fault_address(vcpu);
	LOG("vm %s vcpu %u: unhandled %s EC=%#lx ESR=%#lx FAR=%#lx ELR=%#lx: stopping the VM",
	    vm_name(vcpu), vcpu->id, what, ESR_EC(esr), esr, vcpu->arch.far,
	    arch_vcpu_pc(vcpu));
	exit_fatal(vcpu);
}

/* Returns `a` for vectors.S to restore from (saves reloading it there). */
struct vcpu_arch *arch_trap_lower(struct vcpu_arch *a, uint64_t kind)
{
	struct vcpu *vcpu = (struct vcpu *)((char *)a - offsetof(struct vcpu, arch));
	uint64_t esr = a->esr;

	vcpu_mark_out(vcpu);
	arch_irqchip_vcpu_exit(vcpu);

	/* Synchronous traps first: one test on their path (TRAP_SYNC = 0). */
	if (__builtin_expect(kind == TRAP_SYNC, 1)) {
		if (trap_table[ESR_EC(esr)])
			trap_table[ESR_EC(esr)](vcpu, esr);
		else if (trap_ec_action(ESR_EC(esr)) == TRAP_ACT_UNDEF)
			trap_undefined(vcpu, esr);
		else
			trap_unhandled(vcpu, esr, "trap");
	} else if (__builtin_expect(kind != TRAP_SERROR, 1)) {
		struct vcpu_exit e; /* TRAP_IRQ, TRAP_FIQ: the kind is all there is */

		e.kind = VCPU_EXIT_IRQ;
		(void)vcpu_exit_handle(vcpu, &e);
	} else {
		trap_unhandled(vcpu, esr, "SError");
	}
	vcpu_trap_return(vcpu);
	return a;
}

void arch_trap_hyp(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	hv_panic("exception %lu at EL2: ESR=%#lx ELR=%#lx FAR=%#lx", kind, esr, elr, far);
}

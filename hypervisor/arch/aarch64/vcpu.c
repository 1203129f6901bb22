/* SPDX-License-Identifier: Apache-2.0 */
/* aarch64 vCPU contract: reset, entry, and exception injection into EL1. */
#include <arch/regs.h>
#include <hv/arch/pgtable.h>
#include <hv/arch/vcpu.h>
#include <hv/cpu.h>
#include <hv/string.h>
#include <hv/vm.h>
#include <stddef.h>
#include <arch/vdebug.h>
#include "esr.h"
#include "exc.h"
#include "sysreg.h"

#define HV_STACK_SIZE 0x4000


extern uint8_t hv_stacks[][HV_STACK_SIZE];
void arch_vcpu_enter(struct vcpu_arch *a, uint64_t stack_top) __attribute__((noreturn));

void arch_vm_init(struct vm *vm)
{
	/* VMID = index + 1 (8-bit VMIDs, VTCR_EL2.VS = 0); 0 is never a guest. */
	vm->arch.vttbr = ((uint64_t)(vm->index + 1) << 48) | (uintptr_t)vm->s2.root;
}

/* EL1 state a CPU has after reset, as far as an OS may rely on it. */
static void el1_reset(void)
{
	write_sysreg(sctlr_el1, SCTLR_EL1_RESET);
	write_sysreg(vbar_el1, 0ULL);
	write_sysreg(tcr_el1, 0ULL);
	write_sysreg(ttbr0_el1, 0ULL);
	write_sysreg(ttbr1_el1, 0ULL);
	write_sysreg(cpacr_el1, 3ULL << 20); /* FP/SIMD usable: CPTR_EL2 lets it */
	write_sysreg(cntkctl_el1, 0ULL);
	write_sysreg(cntv_ctl_el0, 0ULL);
	write_sysreg(cntp_ctl_el0, 0ULL);
	write_sysreg(sp_el1, 0ULL);
	write_sysreg(sp_el0, 0ULL);
	write_sysreg(tpidr_el1, 0ULL);
	write_sysreg(mdscr_el1, 0ULL);
}

void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg)
{
	/* The trap frame only: irqchip and debug state have their own resets. */
	memset(&vcpu->arch, 0, offsetof(struct vcpu_arch, vgic));
	vcpu->arch.elr = entry;
	vcpu->arch.spsr = SPSR_EL1H_MASKED;
	vcpu->arch.x[0] = arg;
	el1_reset();
	/* MPIDR_EL1 as the guest reads it: bit 31 is RES1 (D13.2.86). */
	write_sysreg(vmpidr_el2, vcpu->hwid | BIT(31));
	vdebug_reset(vcpu);
	/* VTTBR_EL2 and the TLBs: core's arch_vm_tlb_flush_local() just before. */
}

void arch_vcpu_run(struct vcpu *vcpu)
{
	cpu_this()->arch.frame = &vcpu->arch;
	arch_vcpu_enter(&vcpu->arch, (uint64_t)hv_stacks[vcpu->pcpu + 1]);
}

uint64_t arch_vcpu_reg(const struct vcpu *vcpu, unsigned n)
{
	return n < 31 ? vcpu->arch.x[n] : 0;
}

void arch_vcpu_set_reg(struct vcpu *vcpu, unsigned n, uint64_t val)
{
	if (n < 31)
		vcpu->arch.x[n] = val;
}

uint64_t arch_vcpu_pc(const struct vcpu *vcpu)
{
	return vcpu->arch.elr;
}

void arch_vcpu_skip(struct vcpu *vcpu)
{
	vcpu->arch.elr += 4;
}

/*
 * Take an exception to EL1 as the hardware would (Arm ARM D1.10.2): save
 * pc/PSTATE into ELR_EL1/SPSR_EL1, enter EL1h with DAIF masked at the
 * vector for the mode the guest was in (exc_vector_offset()).
 */
static void inject(struct vcpu *vcpu, uint64_t esr, uint64_t far)
{
	write_sysreg(elr_el1, vcpu->arch.elr);
	write_sysreg(spsr_el1, vcpu->arch.spsr);
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	vcpu->arch.elr = read_sysreg(vbar_el1) + exc_vector_offset(vcpu->arch.spsr);
	vcpu->arch.spsr = EXC_EL1_PSTATE;
}

static bool from_el0(const struct vcpu *vcpu)
{
	return (vcpu->arch.spsr & 0xf) == 0;
}

void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write)
{
	/* EC: abort from a lower EL (EL0) or the same EL (EL1); FSC 0x10. */
	uint64_t ec = insn ? (from_el0(vcpu) ? EC_IABT_LOW : EC_IABT_CUR)
			   : (from_el0(vcpu) ? EC_DABT_LOW : EC_DABT_CUR);
	uint64_t esr = (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SEA;

	if (write && !insn)
		esr |= DABT_WNR;
	inject(vcpu, esr, va);
}

/* At the trapped instruction; vcpu->arch.esr is the trap's ESR_EL2. */
void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	inject(vcpu, exc_undef_syndrome(vcpu->arch.esr), 0);
}

/* This VMID's stage 1 and 2 entries on this CPU (D8.13: TLBI VMALLS12E1). */
void arch_vm_tlb_flush_local(struct vm *vm)
{
	write_sysreg(vttbr_el2, vm->arch.vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1; dsb nsh; isb" ::: "memory");
}

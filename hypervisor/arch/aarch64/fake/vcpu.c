/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aarch64 host model of the vCPU contract: registers and injections as plain data.
 * Injection takes the exception to EL1 with the same pure rules as the
 * aarch64 code (arch/aarch64/exc.c), on the modelled EL1 registers.
 */
#include <arch/regs.h>
#include <hv/arch/vcpu.h>
#include <hv/vm.h>
#include <hv/string.h>
#include <stdlib.h>
#include <stddef.h>
#include <arch/vdebug.h>
#include "esr.h"
#include "exc.h"

void arch_vm_init(struct vm *vm)
{
	vm->arch.vttbr = ((uint64_t)(vm->index + 1) << 48) | (uintptr_t)vm->s2.root;
}

void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg)
{
	/* Registers only, as aarch64/vcpu.c: irqchip and debug state stay. */
	memset(&vcpu->arch, 0, offsetof(struct vcpu_arch, resets));
	vcpu->arch.resets++;
	vcpu->arch.pc = entry;
	vcpu->arch.spsr = EXC_EL1_PSTATE;
	vcpu->arch.x[0] = arg;
	vdebug_reset(vcpu);
}

void arch_vcpu_run(struct vcpu *vcpu)
{
	(void)vcpu;
	abort(); /* never entered on the host */
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
	return vcpu->arch.pc;
}

void arch_vcpu_skip(struct vcpu *vcpu)
{
	vcpu->arch.pc += 4;
}

/* Exception entry to EL1 (Arm ARM D1.10.2), as aarch64/vcpu.c inject(). */
static void inject(struct vcpu *vcpu, uint64_t esr, uint64_t far)
{
	struct vcpu_arch *a = &vcpu->arch;

	a->elr_el1 = a->pc;
	a->spsr_el1 = a->spsr;
	a->esr_el1 = esr;
	a->far_el1 = far;
	a->pc = a->vbar_el1 + exc_vector_offset(a->spsr);
	a->spsr = EXC_EL1_PSTATE;
}

void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write)
{
	bool low = (vcpu->arch.spsr & 0xf) == 0;
	uint64_t ec = insn ? (low ? EC_IABT_LOW : EC_IABT_CUR) : (low ? EC_DABT_LOW : EC_DABT_CUR);

	vcpu->arch.injected_aborts++;
	vcpu->arch.last_abort_va = va;
	vcpu->arch.last_abort_insn = insn;
	inject(vcpu, (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SEA | (write && !insn ? DABT_WNR : 0), va);
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	vcpu->arch.injected_undefs++;
	inject(vcpu, exc_undef_syndrome(vcpu->arch.esr), 0);
}

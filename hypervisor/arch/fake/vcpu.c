/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the vCPU contract: registers and injections as plain data. */
#include <hv/arch/vcpu.h>
#include <hv/vm.h>
#include <hv/string.h>
#include <stdlib.h>

void arch_vm_init(struct vm *vm)
{
	vm->arch.vttbr = ((uint64_t)(vm->index + 1) << 48) | (uintptr_t)vm->s2.root;
}

void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg)
{
	uint64_t resets = vcpu->arch.resets;

	memset(&vcpu->arch, 0, sizeof(vcpu->arch));
	vcpu->arch.resets = resets + 1;
	vcpu->arch.pc = entry;
	vcpu->arch.x[0] = arg;
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

void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write)
{
	(void)write;
	vcpu->arch.injected_aborts++;
	vcpu->arch.last_abort_va = va;
	vcpu->arch.last_abort_insn = insn;
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	vcpu->arch.injected_undefs++;
}

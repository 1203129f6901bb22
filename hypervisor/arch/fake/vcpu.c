/* SPDX-License-Identifier: Apache-2.0 */
/* Neutral host model of the vCPU contract: reset and injections as data. */
#include <hv/arch/vcpu.h>
#include <hv/string.h>
#include <hv/vm.h>
#include <stdlib.h>

void arch_vm_init(struct vm *vm)
{
	vm->arch.root = (uintptr_t)vm->s2.root;
}

void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg)
{
	vcpu->arch.resets++;
	vcpu->arch.pc = entry;
	vcpu->arch.arg = arg;
	vcpu->arch.injected_aborts = 0;
	vcpu->arch.injected_undefs = 0;
}

void arch_vcpu_run(struct vcpu *vcpu)
{
	(void)vcpu;
	abort(); /* never entered on the host */
}

uint64_t arch_vcpu_pc(const struct vcpu *vcpu)
{
	return vcpu->arch.pc;
}

void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write)
{
	vcpu->arch.injected_aborts++;
	vcpu->arch.last_abort_va = va;
	vcpu->arch.last_abort_insn = insn;
	vcpu->arch.last_abort_write = write;
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	vcpu->arch.injected_undefs++;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Arch contract: vCPU register state, guest entry and exception injection. */
#ifndef HV_ARCH_VCPU_H
#define HV_ARCH_VCPU_H

#include <hv/types.h>

struct vcpu;
struct vm;

/** Prepare the VM's stage 2 (VTTBR value) once its tables are built. */
void arch_vm_init(struct vm *vm);
/** Architectural reset of a vCPU: EL1h, MMU off, pc = entry, x0 = arg. */
void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg);
/** Enter the guest on this CPU; the stack is reset, so no return. */
void arch_vcpu_run(struct vcpu *vcpu) __attribute__((noreturn));
/** Read general register n (31 reads as zero). */
uint64_t arch_vcpu_reg(const struct vcpu *vcpu, unsigned n);
/** Write general register n (31 is ignored). */
void arch_vcpu_set_reg(struct vcpu *vcpu, unsigned n, uint64_t val);
/** Guest program counter. */
uint64_t arch_vcpu_pc(const struct vcpu *vcpu);
/** Skip the trapped instruction (4 bytes, AArch64). */
void arch_vcpu_skip(struct vcpu *vcpu);
/** Inject a synchronous external abort for address `va` (data or instruction). */
void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write);
/** Inject an UNDEFINED exception at the current instruction. */
void arch_vcpu_inject_undef(struct vcpu *vcpu);

#endif

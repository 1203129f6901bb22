/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: vCPU register state, guest entry and exception injection.
 * `struct vcpu_arch` and `struct vm_arch` (<arch/types.h>) are embedded by
 * value in struct vcpu / struct vm and opaque to core (Bao's
 * src/arch/<arch>/inc/arch/vm.h; Hafnium's inc/hf/arch/cpu.h).
 */
#ifndef HV_ARCH_VCPU_H
#define HV_ARCH_VCPU_H

#include <hv/types.h>

struct vcpu;
struct vm;

/** Per-VM arch state once its stage 2 is built (VMID, root pointer, ...). */
void arch_vm_init(struct vm *vm);
/** Architectural reset of a vCPU: guest kernel mode, MMU off, pc = entry, first argument = arg. */
void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg);
/** Enter the guest on this CPU; the stack is reset, so no return. */
void arch_vcpu_run(struct vcpu *vcpu) __attribute__((noreturn));
/** Guest program counter (for log lines). */
uint64_t arch_vcpu_pc(const struct vcpu *vcpu);
/** Inject a synchronous external abort / access fault for `va` (data or instruction). */
void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write);
/** Inject an undefined-instruction exception at the current instruction. */
void arch_vcpu_inject_undef(struct vcpu *vcpu);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Struct offsets for the assembly (vectors.S, boot.S). Compiled to assembly
 * only; the build turns each "->NAME value" line into `#define NAME value`
 * in asm_defs.h (Bao's src/arch/armv8/asm_defs.c, Linux's asm-offsets.c).
 */
#include <stddef.h>
#include <hv/cpu.h>
#include <hv/vm.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

void asm_defs(void);
void asm_defs(void)
{
	DEFINE(CPU_ARCH_FRAME, offsetof(struct cpu, arch.frame));
	DEFINE(VCPU_ARCH_X, offsetof(struct vcpu_arch, x));
	DEFINE(VCPU_ARCH_ELR, offsetof(struct vcpu_arch, elr));
	DEFINE(VCPU_ARCH_ESR, offsetof(struct vcpu_arch, esr));
	DEFINE(VCPU_ARCH_HPFAR, offsetof(struct vcpu_arch, hpfar));
}

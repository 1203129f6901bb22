/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Struct offsets for the assembly (svm_run.S). Compiled to assembly only;
 * the build turns each "->NAME value" line into `#define NAME value` in
 * asm_defs.h (Bao's asm_defs.c, Linux's asm-offsets.c). %c prints the
 * constant without AT&T's '$'.
 */
#include <stddef.h>
#include <hv/cpu.h>
#include <hv/vm.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))

void asm_defs(void);
void asm_defs(void)
{
	DEFINE(VCPU_ARCH_GPR, offsetof(struct vcpu_arch, gpr));
}

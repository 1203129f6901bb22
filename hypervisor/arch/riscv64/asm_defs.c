/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Struct offsets for the assembly, as arch/aarch64/asm_defs.c. trap.S uses
 * the frame offsets of arch/frame.h (checked there); this file checks that
 * the frame sits at the start of struct vcpu_arch.
 */
#include <stddef.h>
#include <hv/cpu.h>
#include <hv/vm.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

_Static_assert(offsetof(struct vcpu_arch, frame) == 0, "trap.S: frame first");

void asm_defs(void);
void asm_defs(void)
{
	DEFINE(VCPU_ARCH_FRAME, offsetof(struct vcpu_arch, frame));
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors (Arm ARM D1.10.2, VBAR_EL2 layout). Exceptions from
 * the guest save its general registers, ELR/SPSR and the fault syndrome
 * into the vCPU (TPIDR_EL2 = its struct cpu, cpu.arch.frame = &vcpu->arch)
 * and call arch_trap_lower(), which hands the frame back in x0; the
 * same vCPU is resumed when it returns. Exceptions taken from EL2 itself
 * are our own bugs: arch_trap_hyp() logs and stops.
 */
#include "asm_defs.h" /* generated from asm_defs.c */

#define TRAP_SYNC   0
#define TRAP_IRQ    1
#define TRAP_FIQ    2
#define TRAP_SERROR 3

.macro	ventry target, kind
	.balign	0x80
	mov	x18, #\kind		/* clobbered at EL2 only (hyp bug path) */
	b	\target
.endm

.macro	lentry kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	lower_save
.endm

	.text
	.balign	0x800
	.global	hv_vectors
hv_vectors:
	ventry	hyp_trap, TRAP_SYNC	/* current EL, SP_EL0 */
	ventry	hyp_trap, TRAP_IRQ
	ventry	hyp_trap, TRAP_FIQ
	ventry	hyp_trap, TRAP_SERROR
	ventry	hyp_trap, TRAP_SYNC	/* current EL, SP_ELx */
	ventry	hyp_trap, TRAP_IRQ
	ventry	hyp_trap, TRAP_FIQ
	ventry	hyp_trap, TRAP_SERROR
	lentry	TRAP_SYNC		/* lower EL, AArch64 */
	lentry	TRAP_IRQ
	lentry	TRAP_FIQ
	lentry	TRAP_SERROR
	ventry	hyp_trap, TRAP_SYNC	/* lower EL, AArch32: RW=1, never */
	ventry	hyp_trap, TRAP_IRQ
	ventry	hyp_trap, TRAP_FIQ
	ventry	hyp_trap, TRAP_SERROR

hyp_trap:
	mov	x0, x18
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	bl	arch_trap_hyp
1:	wfe
	b	1b

/*
 * x0/x1 of the guest are on the stack, x1 = trap kind.
 *
 * Fast path for HVC/SMC (SMCCC: arguments and results in x0-x17), for
 * interrupts (no guest register is read) and for data aborts whose
 * transfer register ISS.SRT is none of x19-x29 (the handler reads or
 * writes Rt only; with ISV = 0 it touches no register and SRT is RES0):
 * x19-x29 are callee-saved in the AAPCS64, so the C handler hands them
 * back untouched and they are neither saved nor restored; their copies in
 * struct vcpu_arch are stale then. Every other trap (system registers,
 * instruction aborts, an Rt in x19-x29) saves all of them.
 */
lower_save:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #CPU_ARCH_FRAME]	/* struct cpu -> running vCPU's frame */
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VCPU_ARCH_ELR]
	mrs	x2, esr_el2
	str	x2, [x0, #VCPU_ARCH_ESR]
	cbnz	x1, .Lfast		/* IRQ, FIQ, SError */
	ubfx	x3, x2, #27, #5		/* EC >> 1: 0x16 HVC64, 0x17 SMC64 -> 0xb */
	cmp	x3, #0xb
	b.eq	.Lfast
	cmp	x3, #0x12		/* 0x24 DABT from a lower EL (0x25 never comes here) */
	b.eq	.Ldabt
.Lslow:
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	bl	arch_trap_lower		/* returns the frame in x0 */
	b	vcpu_restore
.Ldabt:
	ubfx	x3, x2, #16, #5		/* ISS.SRT: x19..x29 -> 0..10 */
	sub	x3, x3, #19
	cmp	x3, #10
	b.ls	.Lslow
.Lfast:
	bl	arch_trap_lower		/* returns the frame in x0 */
	ldp	x1, x2, [x0, #VCPU_ARCH_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldr	x18, [x0, #144]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	dsb	nsh
	isb

	.global vcpu_restore
/* x0 = struct vcpu_arch *: load the guest state and return to it. */
vcpu_restore:
	ldp	x1, x2, [x0, #VCPU_ARCH_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

	dsb	nsh			/* speculation barrier after eret */
	isb

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 vector table of the interrupt-driven console guest ('c'): IRQs from
 * the current EL (SP0 or SPx) call irq_handler() with the caller-saved
 * registers preserved; anything else parks the CPU.
 */
	.macro	park
	.balign	0x80
	b	.
	.endm

	.macro	irq_slot
	.balign	0x80
	b	irq_entry
	.endm

	.section .text, "ax"
	.balign	0x800
	.global	vectors
vectors:
	park			/* current EL, SP0: sync */
	irq_slot		/* IRQ */
	park			/* FIQ */
	park			/* SError */
	park			/* current EL, SPx: sync */
	irq_slot		/* IRQ */
	park
	park
	park			/* lower EL, AArch64 */
	park
	park
	park
	park			/* lower EL, AArch32 */
	park
	park
	park

irq_entry:
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	bl	irq_handler
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	add	sp, sp, #176
	eret

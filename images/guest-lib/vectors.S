/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One EL1 vector table for the test guests that take exceptions (Arm ARM
 * D1.10.2 layout). Every entry saves x0..x30 in a struct guest_frame on
 * the current stack and calls a C hook with it:
 *   IRQ (any of the four IRQ slots)  -> guest_irq(frame)
 *   anything else                    -> guest_exception(frame)
 * then restores the registers (a hook may change them in the frame) and
 * returns with ERET. The weak defaults below park the CPU. Install with
 * guest_vectors_install() (guest.h). Not for the bench guests: their IRQ
 * slot must stamp the counter in its first instruction (bench-lib/head.S).
 */
#define FRAME_SIZE 256	/* struct guest_frame: x0..x30, 16-byte aligned */

	.macro	save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mov	x0, sp
	.endm

	.macro	restore_frame
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret
	.endm

	/* One group of four slots: sync, IRQ, FIQ, SError. */
	.macro	vgroup
	.balign	0x80
	b	exc_entry
	.balign	0x80
	b	irq_entry
	.balign	0x80
	b	exc_entry
	.balign	0x80
	b	exc_entry
	.endm

	.text
	.balign	0x800
	.global	guest_vectors
guest_vectors:
	vgroup			/* current EL, SP0 */
	vgroup			/* current EL, SPx */
	vgroup			/* lower EL, AArch64 */
	vgroup			/* lower EL, AArch32 */

exc_entry:
	save_frame
	bl	guest_exception
	restore_frame

irq_entry:
	save_frame
	bl	guest_irq
	restore_frame

	.weak	guest_exception
guest_exception:
	b	.

	.weak	guest_irq
guest_irq:
	b	.

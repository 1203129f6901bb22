/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run_a32_el0(code): enter AArch32 EL0 (usr mode, A32, A/I/F masked) at
 * `code`. Its first exception comes back through guest-lib's vectors, where
 * guest_exception() sets ELR_EL1 = a32_resume and SPSR_EL1 = EL1h. x19-x30
 * and sp do not survive AArch32 (X15-X30 map to banked registers, Arm ARM
 * D1.20.1), so they are kept here and restored before returning.
 */
	.text
	.global	run_a32_el0
run_a32_el0:
	adr	x1, a32_saved
	stp	x19, x20, [x1, #0]
	stp	x21, x22, [x1, #16]
	stp	x23, x24, [x1, #32]
	stp	x25, x26, [x1, #48]
	stp	x27, x28, [x1, #64]
	stp	x29, x30, [x1, #80]
	mov	x2, sp
	str	x2, [x1, #96]
	msr	elr_el1, x0
	mov	x2, #0x1d0	/* M = 0x10 usr, T = 0, A/I/F = 1 */
	msr	spsr_el1, x2
	isb
	eret

	.global	a32_resume
a32_resume:
	adr	x1, a32_saved
	ldr	x2, [x1, #96]
	mov	sp, x2
	ldp	x19, x20, [x1, #0]
	ldp	x21, x22, [x1, #16]
	ldp	x23, x24, [x1, #32]
	ldp	x25, x26, [x1, #48]
	ldp	x27, x28, [x1, #64]
	ldp	x29, x30, [x1, #80]
	ret

	.data
	.balign	16
a32_saved:
	.space	112

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console test guest entry: EL1, MMU off, x0 = DTB. Set the stack, clear
 * .bss, run guest_main(); if it returns, power the VM off (PSCI SYSTEM_OFF
 * over HVC), and spin if even that returns.
 */
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x1, =stack_top
	mov	sp, x1
	ldr	x1, =bss_start
	ldr	x2, =bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	guest_main
	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF */
	hvc	#0
3:	wfe
	b	3b

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry of the bare-metal test guests (EL1, MMU off, x0 = DTB). The boot
 * vCPU clears .bss and calls main(x0); a secondary started by PSCI CPU_ON
 * at secondary_start with x0 = context (its index) gets its own stack and
 * calls secondary_main(x0). A VM reset starts us again from scratch.
 */
#define STACK_SIZE 0x4000
#define MAX_CPUS 8

	.section .text.start, "ax"
	.global _start
_start:
	mov	x19, x0
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	ldr	x1, =guest_stacks
	add	sp, x1, #STACK_SIZE
	mov	x0, x19
	bl	main
	b	guest_halt

	.global secondary_start
secondary_start:
	and	x0, x0, #(MAX_CPUS - 1)
	mov	x19, x0
	ldr	x1, =guest_stacks
	mov	x2, #STACK_SIZE
	madd	x1, x0, x2, x1
	add	sp, x1, x2
	bl	secondary_main
	b	guest_halt

	.global guest_halt
guest_halt:
	wfi
	b	guest_halt

	.section .bss.stacks, "aw", %nobits
	.balign	16
guest_stacks:
	.space	STACK_SIZE * MAX_CPUS

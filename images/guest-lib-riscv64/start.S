/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 guest entry: the boot hart at _start (a0 = hart id, a1 = DTB),
 * others at secondary_start through SBI HSM (a0 = hart id, a1 = opaque).
 * Each hart gets a 16 KiB stack after the image (RAM is zeroed by the
 * hypervisor on VM start).
 */
	.section .text.start, "ax"
	.global _start
_start:
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	set_stack
	call	main
	call	sbi_shutdown
3:	wfi
	j	3b

	.global secondary_start
secondary_start:
	call	set_stack
	call	secondary_main
	j	3b

/* sp = __stacks + (a0 + 1) * 16 KiB; keeps a0/a1 */
set_stack:
	la	sp, __stacks
	addi	t0, a0, 1
	slli	t0, t0, 14
	add	sp, sp, t0
	ret

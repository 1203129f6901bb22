/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The probe guest's trap vector (VS-mode stvec): record scause and stval,
 * step over the faulting instruction (2 or 4 bytes) and return.
 */
	.text
	.balign 4
	.global probe_vector
probe_vector:
	addi	sp, sp, -32
	sd	t0, 0(sp)
	sd	t1, 8(sp)
	sd	t2, 16(sp)
	la	t1, probe_traps
	ld	t0, 0(t1)
	addi	t0, t0, 1
	sd	t0, 0(t1)
	csrr	t0, scause
	sd	t0, 8(t1)
	csrr	t0, stval
	sd	t0, 16(t1)
	csrr	t0, sepc
	lhu	t1, 0(t0)
	andi	t1, t1, 3
	li	t2, 3
	addi	t0, t0, 2
	bne	t1, t2, 1f
	addi	t0, t0, 2
1:	csrw	sepc, t0
	ld	t0, 0(sp)
	ld	t1, 8(sp)
	ld	t2, 16(sp)
	addi	sp, sp, 32
	sret

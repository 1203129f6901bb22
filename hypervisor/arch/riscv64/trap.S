/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trap entry and guest resume. While a guest runs, sscratch holds its
 * vCPU's struct rv_frame; in HS-mode it is 0 (the Linux convention), so
 * the vector tells a trap from the guest (V=1) from one of our own.
 * Privileged spec 8.6.4: traps from V=1 to HS-mode set hstatus.SPV.
 */
#include "rv.h"

#define SAVE(r, n)	sd r, FRAME_X(n)(t6)
#define LOAD(r, n)	ld r, FRAME_X(n)(t6)

	.section .text
	.balign 4
	.global rv_trap_vector
rv_trap_vector:
	csrrw	t6, sscratch, t6	/* t6 = frame, sscratch = guest t6 */
	beqz	t6, hs_trap
	SAVE(x1, 1);  SAVE(x2, 2);  SAVE(x3, 3);  SAVE(x4, 4)
	SAVE(x5, 5);  SAVE(x6, 6);  SAVE(x7, 7);  SAVE(x8, 8)
	SAVE(x9, 9);  SAVE(x10, 10); SAVE(x11, 11); SAVE(x12, 12)
	SAVE(x13, 13); SAVE(x14, 14); SAVE(x15, 15); SAVE(x16, 16)
	SAVE(x17, 17); SAVE(x18, 18); SAVE(x19, 19); SAVE(x20, 20)
	SAVE(x21, 21); SAVE(x22, 22); SAVE(x23, 23); SAVE(x24, 24)
	SAVE(x25, 25); SAVE(x26, 26); SAVE(x27, 27); SAVE(x28, 28)
	SAVE(x29, 29); SAVE(x30, 30)
	csrrw	t5, sscratch, zero	/* guest t6; sscratch = 0 in HS-mode */
	SAVE(t5, 31)
	csrr	t5, sepc
	sd	t5, FRAME_SEPC(t6)
	csrr	t5, sstatus
	sd	t5, FRAME_SSTATUS(t6)
	csrr	t5, 0x600		/* hstatus */
	sd	t5, FRAME_HSTATUS(t6)
	ld	sp, FRAME_HV_SP(t6)
	ld	tp, FRAME_HV_TP(t6)
	mv	a0, t6
	call	rv_trap
	/* fall through: resume the frame rv_trap returned */

	.global rv_guest_resume
rv_guest_resume:
	mv	t6, a0
	ld	t5, FRAME_SEPC(t6)
	csrw	sepc, t5
	ld	t5, FRAME_SSTATUS(t6)
	csrw	sstatus, t5
	ld	t5, FRAME_HSTATUS(t6)
	csrw	0x600, t5
	csrw	sscratch, t6
	LOAD(x1, 1);  LOAD(x2, 2);  LOAD(x3, 3);  LOAD(x4, 4)
	LOAD(x5, 5);  LOAD(x6, 6);  LOAD(x7, 7);  LOAD(x8, 8)
	LOAD(x9, 9);  LOAD(x10, 10); LOAD(x11, 11); LOAD(x12, 12)
	LOAD(x13, 13); LOAD(x14, 14); LOAD(x15, 15); LOAD(x16, 16)
	LOAD(x17, 17); LOAD(x18, 18); LOAD(x19, 19); LOAD(x20, 20)
	LOAD(x21, 21); LOAD(x22, 22); LOAD(x23, 23); LOAD(x24, 24)
	LOAD(x25, 25); LOAD(x26, 26); LOAD(x27, 27); LOAD(x28, 28)
	LOAD(x29, 29); LOAD(x30, 30); LOAD(x31, 31)
	sret

	/* A trap taken in HS-mode (ours): caller-saved registers on our stack. */
hs_trap:
	csrrw	t6, sscratch, t6	/* restore t6, sscratch = 0 again */
	addi	sp, sp, -128
	sd	ra, 0(sp);  sd t0, 8(sp);  sd t1, 16(sp); sd t2, 24(sp)
	sd	a0, 32(sp); sd a1, 40(sp); sd a2, 48(sp); sd a3, 56(sp)
	sd	a4, 64(sp); sd a5, 72(sp); sd a6, 80(sp); sd a7, 88(sp)
	sd	t3, 96(sp); sd t4, 104(sp); sd t5, 112(sp); sd t6, 120(sp)
	call	rv_hs_trap
	ld	ra, 0(sp);  ld t0, 8(sp);  ld t1, 16(sp); ld t2, 24(sp)
	ld	a0, 32(sp); ld a1, 40(sp); ld a2, 48(sp); ld a3, 56(sp)
	ld	a4, 64(sp); ld a5, 72(sp); ld a6, 80(sp); ld a7, 88(sp)
	ld	t3, 96(sp); ld t4, 104(sp); ld t5, 112(sp); ld t6, 120(sp)
	addi	sp, sp, 128
	sret

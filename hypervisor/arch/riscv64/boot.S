/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry in HS-mode. OpenSBI fw_jump enters _start on one hart (the boot
 * hart, chosen by its lottery) with a0 = hart id and a1 = the device tree;
 * every other hart stays in the firmware until we start it with SBI HSM
 * hart_start at rv_secondary_entry (a0 = hart id, a1 = opaque), SBI 2.0
 * sections 4.2 and 9.1. Interrupts stay off in HS-mode: we take them only
 * while a guest runs (privileged spec 8.4.1).
 */
#include <arch/contract.h>
#include "rv.h"

	.section .text.boot, "ax"
	.global _start
_start:
	csrci	sstatus, 2		/* SIE = 0 */
	csrw	sie, zero
	li	t0, AXV_ARCH_MAX_HARTS
	bgeu	a0, t0, hang
	/* Only the first entry is the boot hart; the flag lives in .data. */
	la	t0, rv_boot_claimed
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, hang
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	li	a2, 1
	j	common

	.global rv_secondary_entry
rv_secondary_entry:
	csrci	sstatus, 2
	csrw	sie, zero
	li	t0, AXV_ARCH_MAX_HARTS
	bgeu	a0, t0, hang
	li	a2, 0
common:
	/* sp = rv_stacks + (hart id + 1) * RV_STACK_SIZE */
	la	sp, rv_stacks
	li	t0, RV_STACK_SIZE
	addi	t1, a0, 1
	mul	t1, t1, t0
	add	sp, sp, t1
	call	rv_hart_main
hang:
	wfi
	j	hang

	.section .data
	.balign 4
	.global rv_boot_claimed
rv_boot_claimed:
	.word	0

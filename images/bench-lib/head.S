/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry, exception vectors and per-CPU stacks shared by every bench guest.
 *
 * The image starts with an arm64 Image header whose text_offset is
 * 0x1000_0000: QEMU's -kernel loads an Image at RAM base (0x4000_0000) +
 * text_offset, so the same binary runs at 0x5000_0000 natively and as a VM
 * (whose config loads it at 0x5000_0000 with entry 0x5000_0000).
 * Entry at EL1, MMU off, x0 = DTB. Everything is addressed PC-relative
 * (adrp/adr, no absolute pointers in data), so a VM may also load the image
 * at another 4 KiB-aligned address (the second and third VMs of a multi-VM
 * bench sit at 0x5100_0000, 0x5200_0000 ... identity-mapped).
 */
	.section .text.head, "ax"
	.global _start
_start:
	b	entry			/* code0: the guest's first instruction */
	.long	0			/* code1 */
	.quad	0x10000000		/* text_offset */
	.quad	__image_size		/* image_size */
	.quad	0			/* flags: little-endian */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0

entry:
	mrs	x22, cntpct_el0		/* boot stamp: second instruction */
	mrs	x19, cntvct_el0
	mrs	x21, cntfrq_el0
	mov	x20, x0			/* DTB */
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	mov	x1, x20
	mov	x2, x22
	bl	bench_entry
	b	psci_system_off

/* PSCI CPU_ON entry for secondary vCPUs: x0 = context id = CPU index. */
	.global secondary_entry
secondary_entry:
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	lsl	x2, x0, #14		/* 16 KiB per CPU */
	sub	x1, x1, x2
	mov	sp, x1
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	bl	secondary_main
3:	wfi
	b	3b

/*
 * Vectors. The IRQ vector reads the virtual counter in its first
 * instruction into x17; code that unmasks IRQs declares x17 clobbered
 * (bench_wait_* in lib.c), so the stamp needs no save first.
 */
	.macro	ventry label
	.balign	0x80
	b	\label
	.endm

	.balign	0x800
vectors:
	ventry	bad_exc			/* current EL, SP0 */
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc			/* current EL, SPx: sync */
	.balign	0x80
	mrs	x17, cntvct_el0		/* IRQ: first instruction of the handler */
	b	irq_common
	ventry	bad_exc			/* FIQ */
	ventry	bad_exc			/* SError */
	ventry	bad_exc			/* lower EL (never) */
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc
	ventry	bad_exc

irq_common:
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x18, [sp, #128]
	stp	x29, x30, [sp, #144]
	mov	x0, x17
	bl	bench_irq
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x18, [sp, #128]
	ldp	x29, x30, [sp, #144]
	add	sp, sp, #176
	eret

bad_exc:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	bench_fault
	b	psci_system_off

	.global psci_system_off
psci_system_off:
	movz	w0, #0x8400, lsl #16
	add	w0, w0, #8		/* SYSTEM_OFF 0x84000008 */
	hvc	#0
4:	wfi
	b	4b

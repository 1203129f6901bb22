/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host exception entry stubs, vectors 0-31 (AMD APM vol. 2, 8.2). Vectors
 * that push no error code get a zero one so every frame looks alike; the
 * C handler (cpu.c) reports and stops: the hypervisor takes no exception
 * on purpose.
 */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.code64
.macro stub v
	.balign 16
	.if !HAS_ERR(\v)
	push $0
	.endif
	push $\v
	jmp exc_common
.endm

	.balign 16
	.global x86_exc_stubs
x86_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr

/*
 * Host interrupts (local APIC only; the 8259s are masked): the idle
 * timer, the kick IPI and the spurious vector. Caller-saved registers are
 * kept, x86_irq() acknowledges (apic.c).
 */
.macro irqstub v
	.balign 16
	.global x86_irq_stub_\v
x86_irq_stub_\v:
	push $\v
	jmp irq_common
.endm
	irqstub 0xf0
	irqstub 0xf1
	irqstub 0xff

irq_common:
	push %rax
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	push %rbp
	mov %rsp, %rbp
	mov 80(%rsp), %rdi          /* vector */
	and $-16, %rsp
	call x86_irq
	mov %rbp, %rsp
	pop %rbp
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rax
	add $8, %rsp
	iretq

exc_common:
	push %rax
	push %rcx
	push %rdx
	push %rbx
	push %rbp
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	and $-16, %rsp
	call x86_exception
1:	cli
	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits

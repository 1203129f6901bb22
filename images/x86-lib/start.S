/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 bare-metal guest start: entered in 32-bit protected mode with flat
 * segments and paging off (the hypervisor's documented entry state, the
 * Multiboot one), at the image's load address. Identity-maps the first
 * 4 GiB with 2 MiB pages, enters long mode (AMD APM vol. 2, 14.6), loads an
 * IDT for vectors 0-31 and calls main(); when main returns the guest powers
 * its VM off through the shutdown port (0x604, SLP_EN).
 *
 * Exceptions: a probe (lib.c) arms x86_resume_rip/x86_resume_rsp before an
 * instruction that may fault; the handler records the vector in
 * x86_last_vector and resumes there. Unarmed, x86_unexpected() reports.
 */
	.section .text.start, "ax"
	.code32
	.global _start
_start:
	cli
	mov $pd, %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax               /* P | RW | PS */
	mov %eax, (%edi,%ecx,8)
	mov %ecx, %eax
	shr $11, %eax                /* bits 63:32 of the 2 MiB frame */
	mov %eax, 4(%edi,%ecx,8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b
	mov $pdpt, %edi
	mov $(pd + 3), %eax
	xor %ecx, %ecx
2:	mov %eax, (%edi,%ecx,8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jb 2b
	movl $(pdpt + 3), pml4
	lgdt gdt_ptr
	mov %cr4, %eax
	or $(1 << 5), %eax
	mov %eax, %cr4
	mov $pml4, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $(1 << 8), %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax
	mov %eax, %cr0
	ljmp $0x08, $long64

	.code64
long64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	lea stack_top(%rip), %rsp
	call x86_idt_init
	call main
	call x86_power_off
3:	hlt
	jmp 3b

#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)
	.text
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

/* Stack: vector, error code, RIP, CS, RFLAGS, RSP, SS. */
exc_common:
	push %rax
	mov 8(%rsp), %rax
	mov %eax, x86_last_vector(%rip)
	mov x86_resume_rip(%rip), %rax
	test %rax, %rax
	jz 4f
	mov %rax, 24(%rsp)           /* resume at the probe's label ... */
	mov x86_resume_rsp(%rip), %rax
	mov %rax, 48(%rsp)           /* ... with the probe's stack */
	movq $0, x86_resume_rip(%rip)
	pop %rax
	add $16, %rsp
	iretq
4:	mov 8(%rsp), %rdi
	mov 24(%rsp), %rsi
	mov 16(%rsp), %rdx
	and $-16, %rsp
	call x86_unexpected
5:	hlt
	jmp 5b

	.section .rodata
	.balign 16
gdt:
	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
gdt_end:
gdt_ptr:
	.word gdt_end - gdt - 1
	.long gdt

	.section .bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4 * 4096
	.balign 16
	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits

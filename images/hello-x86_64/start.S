/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 bare-metal guest start: entered in 32-bit protected mode with flat
 * segments and paging off (the hypervisor's documented entry state, the
 * Multiboot one), at the image's load address. Identity-maps the first
 * 1 GiB with 2 MiB pages, enters long mode (AMD APM vol. 2, 14.6) and calls
 * main() on a stack in the image; main's return value is ignored and the
 * guest powers its VM off through the shutdown port (0x604, SLP_EN).
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
	or $0x83, %eax
	mov %eax, (%edi,%ecx,8)
	movl $0, 4(%edi,%ecx,8)
	inc %ecx
	cmp $512, %ecx
	jb 1b
	movl $(pd + 3), pdpt
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
	call main
	mov $0x604, %dx
	mov $0x2000, %ax
	outw %ax, %dx
2:	hlt
	jmp 2b

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
pd:	.skip 4096
	.balign 16
	.skip 8192
stack_top:

	.section .note.GNU-stack, "", @progbits

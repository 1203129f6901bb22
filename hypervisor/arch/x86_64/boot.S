/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot: Multiboot 1 entry (32-bit protected mode, paging off: Multiboot
 * Specification 0.6.96 section 3.2), identity page tables for the low
 * 4 GiB, long mode (AMD APM vol. 2, 14.6 "Enabling and Activating Long
 * Mode"), then C on the CPU's own stack.
 *
 * QEMU's -kernel loads the flat binary through the header's address fields
 * (flag bit 16, the "a.out kludge"): its Multiboot loader refuses ELF64.
 *
 * Application processors start in real mode at the SIPI vector (ap_tramp,
 * copied below 1 MiB by apic.c), switch to protected mode and join the same
 * path. The BSP names the CPU index each AP takes in x86_ap_next_idx and
 * starts one AP at a time.
 */
#include <arch/layout.h>

#define MB_MAGIC 0x1badb002
#define MB_FLAGS ((1 << 1) | (1 << 16)) /* memory info; address fields valid */

#define SEL_CODE64 0x08
#define SEL_DATA   0x10
#define SEL_CODE32 0x18

	.section .multiboot, "a"
	.balign 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long (-(MB_MAGIC + MB_FLAGS)) & 0xffffffff
	.long mb_header          /* header_addr */
	.long __image_start      /* load_addr */
	.long __load_end         /* load_end_addr */
	.long __bss_end          /* bss_end_addr: QEMU zeroes up to here */
	.long boot32_entry       /* entry_addr */

	.section .text.boot, "ax"
	.code32
	.global boot32_entry
boot32_entry:
	cli
	cld
	mov %eax, x86_mb_magic
	mov %ebx, x86_mb_info
	/* 2048 PD entries of 2 MiB: 0..4 GiB; the top GiB (MMIO: local
	 * APIC, I/O APIC, PCI holes) uncached (PCD|PWT). */
	mov $boot_pd, %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax             /* P | RW | PS */
	cmp $1536, %ecx
	jb 2f
	or $0x18, %eax             /* PWT | PCD */
2:	mov %eax, (%edi,%ecx,8)
	movl $0, 4(%edi,%ecx,8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b
	mov $boot_pdpt, %edi
	mov $(boot_pd + 3), %eax
	xor %ecx, %ecx
3:	mov %eax, (%edi,%ecx,8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jb 3b
	movl $(boot_pdpt + 3), boot_pml4
	jmp lm_enter32

/* Protected mode, flat segments, paging off -> long mode. */
	.global lm_enter32
lm_enter32:
	lgdt boot_gdt_ptr
	mov %cr4, %eax
	or $(1 << 5), %eax         /* CR4.PAE */
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx      /* EFER */
	rdmsr
	or $((1 << 8) | (1 << 11)), %eax /* LME | NXE */
	wrmsr
	mov %cr0, %eax
	and $0x9fffffff, %eax      /* caches on: CD = NW = 0 */
	or $0x80010001, %eax       /* PG | WP | PE */
	mov %eax, %cr0
	ljmp $SEL_CODE64, $long64

	.code64
long64:
	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov x86_ap_next_idx(%rip), %edi
	cmp $HV_MAX_CPUS, %edi
	jae 9f
	mov %rdi, %rax
	inc %rax
	shl $HV_STACK_SHIFT, %rax
	lea x86_stacks(%rip), %rsp
	add %rax, %rsp
	xor %ebp, %ebp
	call x86_cpu_entry
9:	cli
	hlt
	jmp 9b

/*
 * AP start-up code, copied to AP_TRAMP_PA (a SIPI vector page) before the
 * SIPIs: real mode, CS = AP_TRAMP_PA >> 4, IP = 0.
 */
	.code16
	.global ap_tramp, ap_tramp_end
ap_tramp:
	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	lgdtl (AP_TRAMP_PA + ap_tramp_gdt_ptr - ap_tramp)
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $SEL_CODE32, $ap_pm32
	.balign 8
ap_tramp_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt
ap_tramp_end:

	.code32
ap_pm32:
	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	jmp lm_enter32

	.section .rodata
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff   /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff   /* 0x10: flat data */
	.quad 0x00cf9a000000ffff   /* 0x18: flat 32-bit code */
boot_gdt_end:
	.balign 8
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .bss
	.balign 4096
	.global boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096
	.balign 16
	.global x86_stacks
x86_stacks:
	.skip HV_MAX_CPUS << HV_STACK_SHIFT
	.balign 4
	.global x86_mb_magic, x86_mb_info, x86_ap_next_idx
x86_mb_magic:
	.skip 4
x86_mb_info:
	.skip 4
x86_ap_next_idx:
	.skip 4

	.section .note.GNU-stack, "", @progbits

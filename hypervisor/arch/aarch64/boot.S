/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry points. The firmware starts with the arm64 Image header (Linux
 * Documentation/arch/arm64/booting.rst) so QEMU -kernel and U-Boot booti
 * both take us. We are linked at hypervisor base + text_offset: QEMU loads
 * there (its RAM base is our base); U-Boot's booti keeps an image loaded
 * at that address in place because flags bit 3 says the 2 MiB-aligned
 * base may be anywhere in RAM (booting.rst "Bit 3"), instead of moving it
 * to the start of DRAM, where the real boards' hypervisor base is not.
 */
#include <config.h>

#define HV_STACK_SIZE 0x4000

	.section .text.head, "ax"
	.global _head
_head:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	AXVM_HV_TEXT_OFFSET	/* text_offset: we do not relocate */
	.quad	__image_size		/* image_size incl. bss, non-zero */
	.quad	0xa			/* flags: LE, 4 KiB pages, base anywhere */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

	.text
primary_entry:
	/* Must run at EL2 (QEMU virtualization=on / U-Boot at EL2). */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	.Lhang
	bl	el2_reset_sctlr
	/* Clear .bss with the MMU off (8-byte aligned, see the linker script). */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	ldr	x1, =hv_stacks
	ldr	x2, =(HV_STACK_SIZE * (AXVM_CPU_NUM + 1))
	add	sp, x1, x2		/* the boot stack is the last one */
	bl	arch_boot_primary
.Lhang:
	wfe
	b	.Lhang

/* PSCI CPU_ON target: x0 = our logical CPU index (context_id). */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	bl	el2_reset_sctlr
	ldr	x1, =hv_stacks
	mov	x2, #HV_STACK_SIZE
	madd	x1, x19, x2, x1
	add	sp, x1, x2		/* stack of CPU x19 */
	mov	x0, x19
	bl	arch_boot_secondary
	b	.Lhang

/* MMU, caches off, little-endian EL2 (SCTLR_EL2 RES1 bits only). */
el2_reset_sctlr:
	ldr	x1, =0x30c50830
	msr	sctlr_el2, x1
	isb
	ret

/*
 * void arch_vcpu_enter(struct vcpu_arch *a, uint64_t stack_top)
 * Reset this CPU's stack and enter the vCPU (arch_vcpu_run has set
 * cpu.arch.frame for the vectors).
 */
	.global arch_vcpu_enter
arch_vcpu_enter:
	mov	sp, x1
	b	vcpu_restore

	.section .noinit.stacks, "aw", %nobits
	.balign	16
	.global hv_stacks
hv_stacks:
	.space	HV_STACK_SIZE * (AXVM_CPU_NUM + 1)

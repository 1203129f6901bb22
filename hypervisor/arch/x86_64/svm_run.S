/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One guest run: svm_vmrun(gpr, vmcb_pa, host_save_pa).
 *
 * VMRUN saves/restores only part of the host state (APM vol. 2, 15.5.1:
 * RAX, RSP, RIP, RFLAGS, CS/SS/DS/ES, GDTR/IDTR, CR0/3/4, EFER); FS, GS,
 * TR, LDTR, KernelGSBase, STAR/LSTAR/CSTAR/SFMASK and SYSENTER_* move with
 * VMLOAD/VMSAVE (15.5.2), so the guest's are loaded from its VMCB and the
 * host's from its own save area around VMRUN, with GIF clear (15.17) so
 * nothing is taken in between. The guest GPRs other than RAX and RSP (in
 * the VMCB) are loaded and saved here, gpr[] in x86 encoding order.
 */
#define G(n) (8 * (n))

	.text
	.code64
	.global svm_vmrun
svm_vmrun:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi               /* gpr[] */
	push %rdx               /* host save area */
	mov %rsi, %rax          /* VMCB: VMRUN's implicit operand */
	mov G(1)(%rdi), %rcx
	mov G(2)(%rdi), %rdx
	mov G(3)(%rdi), %rbx
	mov G(5)(%rdi), %rbp
	mov G(6)(%rdi), %rsi
	mov G(8)(%rdi), %r8
	mov G(9)(%rdi), %r9
	mov G(10)(%rdi), %r10
	mov G(11)(%rdi), %r11
	mov G(12)(%rdi), %r12
	mov G(13)(%rdi), %r13
	mov G(14)(%rdi), %r14
	mov G(15)(%rdi), %r15
	mov G(7)(%rdi), %rdi
	clgi
	vmload %rax
	vmrun %rax
	vmsave %rax
	push %rdi               /* guest RDI */
	mov 16(%rsp), %rdi      /* gpr[] */
	mov %rcx, G(1)(%rdi)
	mov %rdx, G(2)(%rdi)
	mov %rbx, G(3)(%rdi)
	mov %rbp, G(5)(%rdi)
	mov %rsi, G(6)(%rdi)
	mov %r8, G(8)(%rdi)
	mov %r9, G(9)(%rdi)
	mov %r10, G(10)(%rdi)
	mov %r11, G(11)(%rdi)
	mov %r12, G(12)(%rdi)
	mov %r13, G(13)(%rdi)
	mov %r14, G(14)(%rdi)
	mov %r15, G(15)(%rdi)
	pop %rax
	mov %rax, G(7)(%rdi)
	pop %rax                /* host save area */
	vmload %rax
	stgi
	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

	.section .note.GNU-stack, "", @progbits

/* x86_run_on_stack(vcpu, fn, stack_top): fn(vcpu) on a fresh stack, no
 * return (arch_vcpu_run: every start begins with an empty stack). */
	.text
	.global x86_run_on_stack
x86_run_on_stack:
	mov %rdx, %rsp
	xor %ebp, %ebp
	call *%rsi
1:	cli
	hlt
	jmp 1b
	.section .note.GNU-stack, "", @progbits

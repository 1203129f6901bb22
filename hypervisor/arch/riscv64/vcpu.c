/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 vCPUs (hv/arch/vcpu.h) and the hypervisor clock (hv/arch/timer.h).
 * VS-mode entry: sret with hstatus.SPV = 1 and sstatus.SPP = 1 (privileged
 * spec 1.12, 8.6.4); hgatp selects the VM's G-stage (8.2.10).
 */
#include <hv/arch/timer.h>
#include <hv/arch/vcpu.h>
#include <hv/cpu.h>
#include <hv/vm.h>
#include "rv.h"

/* The guest's timer off and its time the host's (htimedelta 0, 8.2.7). */
static void timer_vcpu_reset(void)
{
	csr_write(CSR_HTIMEDELTA, 0);
	if (rv_has_sstc)
		csr_write(CSR_VSTIMECMP, ~0ULL);
	else
		sbi_set_timer(~0ULL);
	csr_clear(CSR_HVIP, 1ULL << IRQ_VS_TIMER);
}

void arch_vm_init(struct vm *vm)
{
	/* VMID = VM index + 1: VMID 0 is never a guest's. */
	vm->arch.hgatp = HGATP_MODE_SV39X4 | ((uint64_t)(vm->index + 1) << HGATP_VMID_SHIFT) |
			 ((uint64_t)(uintptr_t)vm->s2.root >> 12);
}

void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg)
{
	struct rv_frame *f = &vcpu->arch.frame;

	for (unsigned i = 0; i < 32; i++)
		f->x[i] = 0;
	f->x[10] = vcpu->hwid; /* a0: hart id, a1: device tree (SBI boot convention) */
	f->x[11] = arg;
	f->sepc = entry;
	f->sstatus = (csr_read(CSR_SSTATUS) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_FS)) |
		     SSTATUS_SPP | (1ULL << 13) /* FS = Initial: VS may use FP */;
	f->hstatus = csr_read(CSR_HSTATUS) | HSTATUS_SPV | HSTATUS_SPVP;
	vcpu->arch.pending_vsip = 0;
	csr_write(CSR_VSSTATUS, 0);
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSEPC, 0);
	csr_write(CSR_VSATP, 0);
	timer_vcpu_reset();
}

void arch_vcpu_run(struct vcpu *vcpu)
{
	struct cpu *c = cpu_this();
	struct rv_frame *f = &vcpu->arch.frame;

	f->hv_sp = c->arch.stack_top;
	f->hv_tp = (uint64_t)(uintptr_t)c;
	csr_write(CSR_HGATP, vcpu->vm->arch.hgatp);
	hfence_vvma_all();
	rv_guest_resume(f);
}

uint64_t arch_vcpu_pc(const struct vcpu *vcpu)
{
	return vcpu->arch.frame.sepc;
}

/*
 * Take exception `cause` in VS-mode as if the hart had (8.6.4, and KVM's
 * trap redirect): vsepc/vscause/vstval, vsstatus SPP/SPIE/SIE, jump to
 * vstvec (direct: MODE bits ignored for exceptions).
 */
void rv_inject(struct vcpu *vcpu, uint64_t cause, uint64_t tval)
{
	struct rv_frame *f = &vcpu->arch.frame;
	uint64_t vs = csr_read(CSR_VSSTATUS);

	vs &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (f->sstatus & SSTATUS_SPP)
		vs |= SSTATUS_SPP;
	if (vs & SSTATUS_SIE)
		vs |= SSTATUS_SPIE;
	vs &= ~SSTATUS_SIE;
	csr_write(CSR_VSSTATUS, vs);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, f->sepc);
	f->sepc = csr_read(CSR_VSTVEC) & ~3ULL;
	f->sstatus |= SSTATUS_SPP;
}

void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write)
{
	rv_inject(vcpu, insn ? EXC_INST_ACCESS : write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, va);
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	rv_inject(vcpu, EXC_ILLEGAL_INST, 0);
}

/* --- the clock: the time CSR (10 MHz on QEMU virt) ----------------------- */
uint64_t arch_timer_count(void)
{
	__asm__ volatile("fence iorw, iorw" : : : "memory");
	return csr_read(CSR_TIME);
}

uint64_t arch_timer_count_relaxed(void)
{
	return csr_read(CSR_TIME);
}

uint64_t arch_timer_freq(void)
{
	return vmcfg_board.timer_freq ? vmcfg_board.timer_freq : 10000000;
}

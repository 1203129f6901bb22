/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD SVM: per-CPU enable, the VMCB of a vCPU, the VMRUN / #VMEXIT loop
 * and exit dispatch (AMD APM vol. 2, chapter 15).
 *
 * What QEMU's SVM lacks is handled here: no NRIPS (the next RIP is decoded,
 * insn.c), VMRUN failure reported as 0x00000000ffffffff (low 32 bits
 * compared), stale vector bits in EXITINTINFO (only the valid bit tested).
 */
#include <hv/log.h>
#include <hv/string.h>
#include <arch/gmem.h>
#include <arch/insn.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <arch/x86_vm.h>

#define SVM_CPUID_FN   0x8000000au
#define SVM_FEAT_NPT   BIT(0)

struct svm_cpu {
	uint8_t hsave[4096] __attribute__((aligned(4096)));
	uint8_t host_vmsave[4096] __attribute__((aligned(4096)));
};
static struct svm_cpu svm_cpus[HV_MAX_CPUS];

void svm_vmrun(uint64_t *gpr, uint64_t vmcb_pa, uint64_t host_save_pa);

void svm_cpu_init(uint32_t idx)
{
	struct cpuid_regs ext = cpuid(0x80000001u, 0);

	if (!(ext.ecx & BIT(2)))
		hv_panic("cpu %u: no SVM (CPUID 8000_0001h ECX[2]); run QEMU with -cpu ...,+svm", idx);
	if (!(cpuid(SVM_CPUID_FN, 0).edx & SVM_FEAT_NPT))
		hv_panic("cpu %u: no nested paging (CPUID 8000_000Ah EDX[0])", idx);
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		hv_panic("cpu %u: SVM disabled by firmware (VM_CR.SVMDIS)", idx);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, (uint64_t)svm_cpus[idx].hsave);
	/* The host's FS/GS/TR/LDTR/syscall MSRs, reloaded after every exit. */
	__asm__ volatile("vmsave %0" ::"a"((uint64_t)svm_cpus[idx].host_vmsave) : "memory");
}

static void seg_set(struct vmcb_seg *s, uint16_t sel, uint16_t attr, uint32_t limit)
{
	*s = (struct vmcb_seg){.sel = sel, .attr = attr, .limit = limit, .base = 0};
}

/* Guest entry state: 32-bit protected mode, flat 4 GiB segments, paging
 * off (the Multiboot machine state, spec 3.2), so a guest's own start-up
 * code switches to long mode as the hypervisor did. */
static void vmcb_state_init(struct vmcb_save *s, uint64_t entry)
{
	seg_set(&s->cs, 0x08, 0xc9b, 0xffffffff); /* code, present, D/B, G */
	seg_set(&s->ds, 0x10, 0xc93, 0xffffffff); /* data, present, D/B, G */
	s->es = s->ds;
	s->ss = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	seg_set(&s->ldtr, 0, 0x082, 0);
	seg_set(&s->tr, 0, 0x08b, 0x67);          /* busy 32-bit TSS */
	seg_set(&s->gdtr, 0, 0, 0xffff);
	seg_set(&s->idtr, 0, 0, 0xffff);
	s->cr0 = CR0_PE | CR0_ET;
	s->efer = EFER_SVME; /* required in the guest state (15.5.1) */
	s->rflags = 0x2;
	s->rip = entry;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->g_pat = 0x0007040600070406ULL; /* power-on PAT */
}

static void vmcb_control_init(struct vmcb_control *c, const struct x86_vm *vm)
{
	c->icpt_misc1 = ICPT_INTR | ICPT_NMI | ICPT_SMI | ICPT_INIT | ICPT_CPUID | ICPT_INVD |
			ICPT_HLT | ICPT_INVLPGA | ICPT_IOIO | ICPT_MSR | ICPT_TASKSW | ICPT_SHUTDOWN;
	/* Every SVM instruction: the guest sees no SVM (CPUID) and must not
	 * reach the host's (VMRUN must be intercepted anyway, 15.5.1). */
	c->icpt_misc2 = ICPT_VMRUN | ICPT_VMMCALL | ICPT_VMLOAD | ICPT_VMSAVE | ICPT_STGI |
			ICPT_CLGI | ICPT_SKINIT | ICPT_MONITOR | ICPT_MWAIT | ICPT_MWAIT_C;
	c->icpt_exc = BIT(18); /* #MC: the host's to see */
	c->iopm_pa = (uint64_t)vm->iopm;
	c->msrpm_pa = (uint64_t)vm->msrpm;
	c->asid = vm->desc->id + 1; /* 0 is the host's */
	c->tlb_ctl = 1;             /* flush this ASID on the first VMRUN */
	c->np_ctl = 1;
	c->ncr3 = arch_hva_to_pa(vm->npt.root).v;
	c->int_ctl = BIT(24);       /* V_INTR_MASKING: host IF stays the host's */
}

void svm_vcpu_init(struct x86_vcpu *v, struct x86_vm *vm)
{
	memset(v->vmcb, 0, sizeof(*v->vmcb));
	memset(v->gpr, 0, sizeof(v->gpr));
	v->vm = vm;
	v->guest_efer = 0;
	vmcb_control_init(&v->vmcb->c, vm);
	vmcb_state_init(&v->vmcb->s, vm->desc->entry_gpa);
}

static void inject_exc(struct x86_vcpu *v, unsigned vec, bool has_err, uint32_t err)
{
	v->vmcb->c.eventinj = EVENT_VALID | EVENT_TYPE_EXC | vec |
			      (has_err ? EVENT_ERR | ((uint64_t)err << 32) : 0);
}

#define EXC_UD 6
#define EXC_GP 13

/* The code size of the guest's current CS (APM vol. 2, 4.8.1). */
static enum insn_mode guest_mode(const struct vmcb_save *s)
{
	if ((s->efer & EFER_LMA) && (s->cs.attr & BIT(9)))
		return INSN_MODE64;
	if (!(s->cr0 & CR0_PE))
		return INSN_MODE16;
	return (s->cs.attr & BIT(10)) ? INSN_MODE32 : INSN_MODE16;
}

/* Step over the intercepted instruction; false (and #GP injected) if its
 * bytes cannot be fetched or decoded. */
static bool skip_insn(struct x86_vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->s;
	uint8_t b[INSN_MAX_LEN];
	enum insn_mode mode = guest_mode(s);
	uint64_t lin = (mode == INSN_MODE64 ? 0 : s->cs.base) + s->rip;
	size_t got = gmem_fetch(v, lin, b, sizeof(b));
	unsigned len = insn_length(b, got, mode);

	if (!len) {
		hv_log("vm %s: cannot decode the instruction at rip %#llx", v->vm->desc->name,
		       (unsigned long long)s->rip);
		inject_exc(v, EXC_GP, true, 0);
		return false;
	}
	s->rip += len;
	if (mode != INSN_MODE64)
		s->rip &= 0xffffffffu;
	return true;
}

/* CPUID as the hardware answers, minus what the guest must not use: SVM
 * (no nested virtualization), MONITOR/MWAIT (intercepted), x2APIC; plus
 * the hypervisor-present bit (CPUID Fn0000_0001 ECX[31]). */
static void exit_cpuid(struct x86_vcpu *v)
{
	uint32_t leaf = (uint32_t)v->gpr[GPR_RAX], sub = (uint32_t)v->gpr[GPR_RCX];
	struct cpuid_regs r = cpuid(leaf, sub);

	if (leaf == 1) {
		r.ecx &= ~(uint32_t)(BIT(3) | BIT(21)); /* MONITOR, x2APIC */
		r.ecx |= (uint32_t)BIT(31);
	} else if (leaf == 0x80000001u) {
		r.ecx &= ~(uint32_t)BIT(2); /* SVM */
	} else if (leaf == SVM_CPUID_FN) {
		r = (struct cpuid_regs){0};
	}
	v->gpr[GPR_RAX] = r.eax;
	v->gpr[GPR_RBX] = r.ebx;
	v->gpr[GPR_RCX] = r.ecx;
	v->gpr[GPR_RDX] = r.edx;
	skip_insn(v);
}

/* EFER is the guest's own, but SVME must stay set in the VMCB (an illegal
 * guest state otherwise); the guest sees the value it wrote. Other MSRs
 * not passed through by the MSRPM: #GP (reads and writes). */
static void exit_msr(struct x86_vcpu *v)
{
	uint32_t msr = (uint32_t)v->gpr[GPR_RCX];
	bool wr = v->vmcb->c.exitinfo1 & 1;
	uint64_t val = (v->gpr[GPR_RDX] << 32) | (uint32_t)v->gpr[GPR_RAX];

	if (msr == MSR_EFER && wr) {
		if (val & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)) {
			x86_vm_refused(v->vm, "EFER value %#llx: #GP", (unsigned long long)val);
			inject_exc(v, EXC_GP, true, 0);
			return;
		}
		v->guest_efer = val;
		v->vmcb->s.efer = (val & ~EFER_LMA) | (v->vmcb->s.efer & EFER_LMA) | EFER_SVME;
	} else if (msr == MSR_EFER) {
		val = (v->vmcb->s.efer & ~EFER_SVME) | (v->guest_efer & EFER_SVME);
		v->gpr[GPR_RAX] = (uint32_t)val;
		v->gpr[GPR_RDX] = val >> 32;
	} else {
		x86_vm_refused(v->vm, "%s of MSR %#x: #GP", wr ? "write" : "read", msr);
		inject_exc(v, EXC_GP, true, 0);
		return;
	}
	skip_insn(v);
}

static bool exit_ioio(struct x86_vcpu *v)
{
	uint64_t info = v->vmcb->c.exitinfo1;
	uint16_t port = (uint16_t)(info >> IOIO_PORT_SHIFT);
	unsigned size = (info >> IOIO_SZ_SHIFT) & 7; /* one-hot: 1, 2, 4 bytes */

	if (info & IOIO_STR) {
		/* INS/OUTS: not emulated yet; the guest gets #GP. */
		x86_vm_refused(v->vm, "string I/O at port %#x: #GP", port);
		inject_exc(v, EXC_GP, true, 0);
		return true;
	}
	if (!vio_handle(v, port, size == 4 ? 4 : size == 2 ? 2 : 1, info & IOIO_IN))
		return false;
	v->vmcb->s.rip = v->vmcb->c.exitinfo2; /* IOIO gives the next RIP (15.10.2) */
	return true;
}

static bool exit_hypercall(struct x86_vcpu *v)
{
	/* VMMCALL: no hypercalls defined yet: RAX = -1 (unknown). */
	v->gpr[GPR_RAX] = ~0ULL;
	skip_insn(v);
	return true;
}

/* A guest access outside its memory (nothing in its nested page tables:
 * another VM's RAM, the hypervisor, a device it does not own): #GP(0)
 * into the guest, the x86 counterpart of an external abort. A fault while
 * the CPU was delivering an event cannot be reflected: the VM stops. */
static bool exit_npf(struct x86_vcpu *v)
{
	struct vmcb_control *c = &v->vmcb->c;

	if (c->exitintinfo & EVENT_VALID) {
		x86_vm_stop(v->vm, "nested page fault while delivering an exception");
		return false;
	}
	x86_vm_refused(v->vm, "access to gpa %#llx (error %#llx) at rip %#llx: #GP",
		       (unsigned long long)c->exitinfo2, (unsigned long long)c->exitinfo1,
		       (unsigned long long)v->vmcb->s.rip);
	c->eventinj = 0;
	inject_exc(v, EXC_GP, true, 0);
	return true;
}

/* Handle one #VMEXIT; false when the vCPU must not run again. */
static bool svm_exit(struct x86_vcpu *v)
{
	struct vmcb_control *c = &v->vmcb->c;

	if ((uint32_t)c->exitcode == VMEXIT_INVALID_LO) {
		x86_vm_stop(v->vm, "VMRUN refused its state (VMEXIT_INVALID)");
		return false;
	}
	switch (c->exitcode) {
	case VMEXIT_INTR: case VMEXIT_NMI: case VMEXIT_SMI:
		return true;
	case VMEXIT_CPUID:
		exit_cpuid(v);
		return true;
	case VMEXIT_MSR:
		exit_msr(v);
		return true;
	case VMEXIT_IOIO:
		return exit_ioio(v);
	case VMEXIT_VMMCALL:
		return exit_hypercall(v);
	case VMEXIT_INVD:
		__asm__ volatile("wbinvd"); /* never drop the host's dirty lines */
		skip_insn(v);
		return true;
	case VMEXIT_HLT:
		/* No virtual interrupt source yet: nothing can wake it. */
		x86_vm_stop(v->vm, "halted with nothing to wake it");
		return false;
	case VMEXIT_SHUTDOWN:
		x86_vm_stop(v->vm, "shutdown (triple fault)");
		return false;
	case VMEXIT_NPF:
		return exit_npf(v);
	case VMEXIT_VMRUN: case VMEXIT_VMLOAD: case VMEXIT_VMSAVE: case VMEXIT_STGI:
	case VMEXIT_CLGI: case VMEXIT_SKINIT: case VMEXIT_INVLPGA: case VMEXIT_MONITOR:
	case VMEXIT_MWAIT: case VMEXIT_MWAIT_C:
		x86_vm_refused(v->vm, "SVM/MONITOR instruction (exit %#llx) at rip %#llx: #UD",
			       (unsigned long long)c->exitcode, (unsigned long long)v->vmcb->s.rip);
		inject_exc(v, EXC_UD, false, 0);
		return true;
	default:
		hv_log("vm %s: unexpected exit %#llx info1 %#llx info2 %#llx rip %#llx",
		       v->vm->desc->name, (unsigned long long)c->exitcode,
		       (unsigned long long)c->exitinfo1, (unsigned long long)c->exitinfo2,
		       (unsigned long long)v->vmcb->s.rip);
		x86_vm_stop(v->vm, "unhandled exit");
		return false;
	}
}

void svm_vcpu_run(struct x86_vcpu *v, uint32_t idx)
{
	uint64_t host = (uint64_t)svm_cpus[idx].host_vmsave;

	while (!v->vm->off) {
		v->vmcb->s.rax = v->gpr[GPR_RAX];
		v->vmcb->s.rsp = v->gpr[GPR_RSP];
		svm_vmrun(v->gpr, (uint64_t)v->vmcb, host);
		v->gpr[GPR_RAX] = v->vmcb->s.rax;
		v->gpr[GPR_RSP] = v->vmcb->s.rsp;
		v->vmcb->c.tlb_ctl = 0;
		v->vmcb->c.eventinj = 0;
		v->exits++;
		/* An event cut short by the exit is re-injected (15.7.2); QEMU
		 * leaves stale vector bits, so only the valid bit counts. */
		if (v->vmcb->c.exitintinfo & EVENT_VALID)
			v->vmcb->c.eventinj = v->vmcb->c.exitintinfo;
		if (!svm_exit(v))
			break;
	}
}

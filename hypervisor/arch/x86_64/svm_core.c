/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD SVM (AMD APM vol. 2, chapter 15): per-CPU enable, the VMCB at vCPU
 * reset, event injection, and the instruction emulation every exit path
 * shares -- stepping over an intercepted instruction (QEMU has no NRIPS:
 * the length is decoded, insn.c), CPUID and MSR accesses.
 */
#include <hv/cpu.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hv/vm.h>
#include <arch/guest_mem.h>
#include <arch/insn.h>
#include <arch/svm.h>
#include <arch/x86.h>

#define SVM_CPUID_FN  0x8000000au
#define SVM_FEAT_NPT  BIT(0)

struct svm_cpu_pages {
	uint8_t hsave[4096] __attribute__((aligned(4096)));
	uint8_t host_save[4096] __attribute__((aligned(4096)));
};
static struct svm_cpu_pages svm_pages[AXVM_CPU_NUM];

void svm_cpu_init(struct cpu *c)
{
	struct svm_cpu_pages *p = &svm_pages[c->index];

	if (!(cpuid(0x80000001u, 0).ecx & BIT(2)))
		hv_panic("cpu %u: no SVM (CPUID 8000_0001h ECX[2]); run QEMU with -cpu ...,+svm", c->index);
	if (!(cpuid(SVM_CPUID_FN, 0).edx & SVM_FEAT_NPT))
		hv_panic("cpu %u: no nested paging (CPUID 8000_000Ah EDX[0])", c->index);
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		hv_panic("cpu %u: SVM disabled by firmware (VM_CR.SVMDIS)", c->index);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	c->arch.hsave_pa = (uint64_t)p->hsave;
	c->arch.host_save_pa = (uint64_t)p->host_save;
	wrmsr(MSR_VM_HSAVE_PA, c->arch.hsave_pa);
	/* The host's FS/GS/TR/LDTR/syscall MSRs, reloaded after every exit. */
	__asm__ volatile("vmsave %0" ::"a"(c->arch.host_save_pa) : "memory");
	LOG("cpu %u (APIC id %lu): SVM on", c->index, c->hwid);
}

static void seg_set(struct vmcb_seg *s, uint16_t sel, uint16_t attr, uint32_t limit)
{
	*s = (struct vmcb_seg){.sel = sel, .attr = attr, .limit = limit, .base = 0};
}

/* Guest entry state: 32-bit protected mode, flat 4 GiB segments, paging
 * off (the Multiboot machine state, spec 3.2); EBX = the entry argument. */
static void vmcb_state_reset(struct vmcb_save *s, uint64_t entry)
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

static void vmcb_control_reset(struct vmcb_control *c, const struct vm *vm)
{
	c->icpt_misc1 = ICPT_INTR | ICPT_NMI | ICPT_SMI | ICPT_INIT | ICPT_CPUID | ICPT_INVD |
			ICPT_HLT | ICPT_INVLPGA | ICPT_IOIO | ICPT_MSR | ICPT_TASKSW | ICPT_SHUTDOWN;
	/* Every SVM instruction: the guest sees no SVM (CPUID) and must not
	 * reach the host's (VMRUN must be intercepted anyway, 15.5.1). */
	c->icpt_misc2 = ICPT_VMRUN | ICPT_VMMCALL | ICPT_VMLOAD | ICPT_VMSAVE | ICPT_STGI |
			ICPT_CLGI | ICPT_SKINIT | ICPT_MONITOR | ICPT_MWAIT | ICPT_MWAIT_C;
	c->icpt_exc = BIT(18); /* #MC: the host's to see */
	c->iopm_pa = arch_hva_to_pa(vm->arch.iopm).v;
	c->msrpm_pa = arch_hva_to_pa(vm->arch.msrpm).v;
	c->asid = vm->index + 1; /* 0 is the host's */
	c->tlb_ctl = 1;          /* flush this ASID on the first VMRUN */
	c->np_ctl = 1;
	c->ncr3 = arch_hva_to_pa(vm->s2.root).v;
	c->int_ctl = BIT(24);    /* V_INTR_MASKING: host IF stays the host's */
}

void svm_vmcb_reset(struct vcpu *v, uint64_t entry)
{
	memset(v->arch.vmcb, 0, sizeof(*v->arch.vmcb));
	vmcb_control_reset(&v->arch.vmcb->c, v->vm);
	vmcb_state_reset(&v->arch.vmcb->s, entry);
}

void svm_inject_exc(struct vcpu *v, unsigned vec, bool has_err, uint32_t err)
{
	v->arch.vmcb->c.eventinj = EVENT_VALID | EVENT_TYPE_EXC | vec |
				   (has_err ? EVENT_ERR | ((uint64_t)err << 32) : 0);
}

/* The code size of the guest's current CS (APM vol. 2, 4.8.1). */
static enum insn_mode guest_mode(const struct vmcb_save *s)
{
	if ((s->efer & EFER_LMA) && (s->cs.attr & BIT(9)))
		return INSN_MODE64;
	if (!(s->cr0 & CR0_PE))
		return INSN_MODE16;
	return (s->cs.attr & BIT(10)) ? INSN_MODE32 : INSN_MODE16;
}

bool svm_skip_insn(struct vcpu *v)
{
	struct vmcb_save *s = &v->arch.vmcb->s;
	uint8_t b[INSN_MAX_LEN];
	enum insn_mode mode = guest_mode(s);
	uint64_t lin = (mode == INSN_MODE64 ? 0 : s->cs.base) + s->rip;
	unsigned len = insn_length(b, gmem_fetch(v, lin, b, sizeof(b)), mode);

	if (!len) {
		if (vcpu_log_fault(v))
			LOG("vm %s: cannot decode the instruction at rip %#lx: #GP",
			    v->vm->cfg->name, s->rip);
		svm_inject_exc(v, EXC_GP, true, 0);
		return false;
	}
	s->rip += len;
	if (mode != INSN_MODE64)
		s->rip &= 0xffffffffu;
	return true;
}

void svm_emulate_cpuid(struct vcpu *v)
{
	uint64_t *g = v->arch.gpr;
	uint32_t leaf = (uint32_t)g[GPR_RAX];
	struct cpuid_regs r = cpuid(leaf, (uint32_t)g[GPR_RCX]);

	if (leaf == 1) {
		r.ecx &= ~(uint32_t)(BIT(3) | BIT(21)); /* MONITOR, x2APIC */
		r.ecx |= (uint32_t)BIT(31);             /* hypervisor present */
	} else if (leaf == 0x80000001u) {
		r.ecx &= ~(uint32_t)BIT(2);             /* SVM: no nesting */
	} else if (leaf == SVM_CPUID_FN) {
		r = (struct cpuid_regs){0};
	}
	g[GPR_RAX] = r.eax;
	g[GPR_RBX] = r.ebx;
	g[GPR_RCX] = r.ecx;
	g[GPR_RDX] = r.edx;
	svm_skip_insn(v);
}

static void msr_refuse(struct vcpu *v, const char *what, uint32_t msr)
{
	if (vcpu_log_fault(v))
		LOG("vm %s: %s of MSR %#x refused: #GP", v->vm->cfg->name, what, msr);
	svm_inject_exc(v, EXC_GP, true, 0);
}

/* EFER is the guest's own, but SVME must stay set in the VMCB (an illegal
 * guest state otherwise); the guest sees the value it wrote. */
void svm_emulate_msr(struct vcpu *v)
{
	uint64_t *g = v->arch.gpr;
	struct vmcb_save *s = &v->arch.vmcb->s;
	uint32_t msr = (uint32_t)g[GPR_RCX];
	bool wr = v->arch.vmcb->c.exitinfo1 & 1;
	uint64_t val = (g[GPR_RDX] << 32) | (uint32_t)g[GPR_RAX];

	if (msr != MSR_EFER || (wr && (val & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)))) {
		msr_refuse(v, wr ? "write" : "read", msr);
		return;
	}
	if (wr) {
		v->arch.guest_efer = val;
		s->efer = (val & ~EFER_LMA) | (s->efer & EFER_LMA) | EFER_SVME;
	} else {
		val = s->efer & ~EFER_SVME;
		g[GPR_RAX] = (uint32_t)val;
		g[GPR_RDX] = val >> 32;
	}
	svm_skip_insn(v);
}

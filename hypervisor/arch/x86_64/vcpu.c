/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hv/arch/vcpu.h for x86_64 on AMD SVM: per-VM permission maps, vCPU
 * reset, and the run loop -- VMRUN, then each #VMEXIT decoded once into a
 * struct vcpu_exit for core (hv/exit.h) or handled here when it is x86
 * business (CPUID, MSRs, COM1, ports it does not own), then the
 * write-back and RIP step the record asks for (AMD APM vol. 2, ch. 15).
 *
 * QEMU's SVM: no NRIPS (the length is decoded, svm_core.c), VMRUN failure
 * reported as 0x00000000ffffffff (low 32 bits compared), stale vector
 * bits in EXITINTINFO (only its valid bit is tested).
 */
#include <hv/arch/irqchip.h>
#include <hv/arch/pgtable.h>
#include <hv/arch/vcpu.h>
#include <hv/cpu.h>
#include <hv/exit.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/vm.h>
#include <arch/layout.h>
#include <arch/svm.h>
#include <arch/svm_bitmap.h>
#include <arch/vuart.h>
#include <arch/x86.h>

/* Ports every VM reaches through the hypervisor: the shutdown port
 * (q35 ACPI PM1a_CNT, SLP_EN = bit 13, ACPI 6.4 4.8.3.2.1), the
 * keyboard-controller pulse reset (0xfe to 0x64) and the reset control
 * register (0xcf9, bit 2). */
#define PORT_PM1A_CNT 0x604
#define PM1_SLP_EN    0x2000
#define PORT_KBC_CMD  0x64
#define PORT_RST_CNT  0xcf9

struct vm_maps {
	uint8_t iopm[IOPM_SIZE] __attribute__((aligned(4096)));
	uint8_t msrpm[MSRPM_SIZE] __attribute__((aligned(4096)));
};
static struct vm_maps vm_maps[AXVM_VM_NUM];
static struct vmcb vmcbs[AXVM_CPU_NUM] __attribute__((aligned(4096)));
extern uint8_t x86_stacks[];

void x86_run_on_stack(struct vcpu *v, void (*fn)(struct vcpu *), uint64_t stack_top)
	__attribute__((noreturn));

/* MSRs whose state is per guest in the VMCB (moved by VMLOAD/VMSAVE):
 * the guest owns them, no exit needed (APM 15.5.2). */
static const uint32_t guest_msrs[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS, MSR_STAR, MSR_LSTAR, MSR_CSTAR,
	MSR_SFMASK, MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
};

void arch_vm_init(struct vm *vm)
{
	struct vm_maps *m = &vm_maps[vm->index];
	const struct vmcfg_vm_arch *a = &vm->cfg->arch;

	iopm_init(m->iopm);
	msrpm_init(m->msrpm);
	for (size_t i = 0; i < ARRAY_SIZE(guest_msrs); i++)
		msrpm_set(m->msrpm, guest_msrs[i], false, false);
	/* Ranges axvmconfig checked (no COM1, no shutdown/reset ports). */
	for (uint32_t i = 0; i < a->port_num; i++)
		iopm_set(m->iopm, a->ports[i].base, a->ports[i].count, false);
	vm->arch.iopm = m->iopm;
	vm->arch.msrpm = m->msrpm;
	vuart_vm_init(vm);
}

void arch_vcpu_reset(struct vcpu *vcpu, uint64_t entry, uint64_t arg)
{
	struct vcpu_arch *a = &vcpu->arch;

	a->vmcb = &vmcbs[vcpu->pcpu];
	for (unsigned i = 0; i < GPR_N; i++)
		a->gpr[i] = 0;
	a->gpr[GPR_RBX] = arg;
	a->guest_efer = 0;
	svm_vmcb_reset(vcpu, entry);
}

uint64_t arch_vcpu_pc(const struct vcpu *vcpu)
{
	return vcpu->arch.vmcb->s.rip;
}

/* An access outside the VM's memory: #GP(0), x86's nearest to an
 * external abort (a bus error has no exception of its own). */
void arch_vcpu_inject_abort(struct vcpu *vcpu, uint64_t va, bool insn, bool write)
{
	(void)va;
	(void)insn;
	(void)write;
	svm_inject_exc(vcpu, EXC_GP, true, 0);
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	svm_inject_exc(vcpu, EXC_UD, false, 0);
}

/* Every start flushes the VM's ASID at the next VMRUN (TLB_CONTROL = 1:
 * flush the whole TLB would be 1 too on CPUs without FlushByAsid). */
void arch_vm_tlb_flush_local(struct vm *vm)
{
	(void)vm; /* the VMCB is reset with tlb_ctl = 1 right after */
}

static void port_refuse(struct vcpu *v, uint16_t port, bool in, uint32_t val)
{
	if (!vcpu_log_fault(v))
		return;
	if (in)
		LOG("vm %s: read of port %#x it does not own: all ones", v->vm->cfg->name, port);
	else
		LOG("vm %s: write %#x to port %#x it does not own: ignored", v->vm->cfg->name, val, port);
}

/* A port access of `size` bytes: COM1, the power ports, or refused.
 * Returns the exit record to hand to core (NONE if handled here). */
static enum hv_err ioio(struct vcpu *v, uint16_t port, unsigned size, bool in,
			struct vcpu_exit *e)
{
	uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	uint32_t val = (uint32_t)v->arch.gpr[GPR_RAX] & mask;
	enum hv_err err = HV_OK;

	if (port >= VUART_BASE && port < VUART_BASE + VUART_PORTS) {
		err = vuart_access(v->vm, port, in, &val);
	} else if (!in && port == PORT_PM1A_CNT && (val & PM1_SLP_EN)) {
		e->kind = VCPU_EXIT_POWER;
		e->power.op = POWER_VM_OFF;
	} else if (!in && ((port == PORT_KBC_CMD && val == 0xfe) ||
			   (port == PORT_RST_CNT && (val & 4)))) {
		e->kind = VCPU_EXIT_POWER;
		e->power.op = POWER_VM_RESET;
	} else {
		port_refuse(v, port, in, val);
		val = 0xffffffffu;
	}
	if (in && !err) {
		if (size == 4)
			v->arch.gpr[GPR_RAX] = val & mask; /* 32-bit IN zero-extends */
		else
			v->arch.gpr[GPR_RAX] = (v->arch.gpr[GPR_RAX] & ~(uint64_t)mask) | (val & mask);
	}
	return err;
}

static void exit_ioio(struct vcpu *v, struct vcpu_exit *e)
{
	struct vmcb_control *c = &v->arch.vmcb->c;
	uint64_t info = c->exitinfo1;
	unsigned sz = (info >> IOIO_SZ_SHIFT) & 7;
	uint16_t port = (uint16_t)(info >> IOIO_PORT_SHIFT);

	if (info & IOIO_STR) { /* INS/OUTS: not emulated yet */
		if (vcpu_log_fault(v))
			LOG("vm %s: string I/O at port %#x: #GP", v->vm->cfg->name, port);
		svm_inject_exc(v, EXC_GP, true, 0);
		return;
	}
	if (ioio(v, port, sz == 4 ? 4 : sz == 2 ? 2 : 1, info & IOIO_IN, e) == HV_OK)
		v->arch.vmcb->s.rip = c->exitinfo2; /* IOIO gives the next RIP (15.10.2) */
	/* else HV_ERR_BUSY: the OUT runs again once the console has room */
}

static void fault_record(struct vcpu *v, struct vcpu_exit *e, enum vcpu_exit_kind kind)
{
	const struct vmcb_control *c = &v->arch.vmcb->c;

	e->kind = kind;
	e->fault.pc = v->arch.vmcb->s.rip;
	e->fault.ipa = kind == VCPU_EXIT_ABORT ? c->exitinfo2 : 0;
	e->fault.va = 0;
	e->fault.insn = kind == VCPU_EXIT_ABORT && (c->exitinfo1 & BIT(4));
	e->fault.write = kind == VCPU_EXIT_ABORT && (c->exitinfo1 & BIT(1));
}

/* Decode one #VMEXIT: either handled here or turned into a record. */
static void exit_decode(struct vcpu *v, struct vcpu_exit *e)
{
	struct vmcb_control *c = &v->arch.vmcb->c;

	e->kind = VCPU_EXIT_NONE;
	if ((uint32_t)c->exitcode == VMEXIT_INVALID_LO) {
		LOG("vm %s: VMRUN refused the guest state (VMEXIT_INVALID)", v->vm->cfg->name);
		e->kind = VCPU_EXIT_FATAL;
		return;
	}
	switch (c->exitcode) {
	case VMEXIT_CPUID:
		svm_emulate_cpuid(v);
		break;
	case VMEXIT_MSR:
		svm_emulate_msr(v);
		break;
	case VMEXIT_IOIO:
		exit_ioio(v, e);
		break;
	case VMEXIT_VMMCALL:
		e->kind = VCPU_EXIT_HYPERCALL;
		e->call = (struct vcpu_exit_call){.abi = "VMMCALL", .nr = v->arch.gpr[GPR_RAX],
			.args = {v->arch.gpr[GPR_RBX], v->arch.gpr[GPR_RCX], v->arch.gpr[GPR_RDX]}};
		break;
	case VMEXIT_HLT:
		e->kind = VCPU_EXIT_HALT;
		break;
	case VMEXIT_INVD:
		__asm__ volatile("wbinvd"); /* never drop the host's dirty lines */
		svm_skip_insn(v);
		break;
	case VMEXIT_NPF:
		/* A fault while delivering an event cannot be reflected. */
		fault_record(v, e, (c->exitintinfo & EVENT_VALID) ? VCPU_EXIT_FATAL : VCPU_EXIT_ABORT);
		break;
	case VMEXIT_SHUTDOWN:
		LOG("vm %s: shutdown (triple fault) at rip %#lx", v->vm->cfg->name, v->arch.vmcb->s.rip);
		e->kind = VCPU_EXIT_FATAL;
		break;
	case VMEXIT_VMRUN: case VMEXIT_VMLOAD: case VMEXIT_VMSAVE: case VMEXIT_STGI:
	case VMEXIT_CLGI: case VMEXIT_SKINIT: case VMEXIT_INVLPGA: case VMEXIT_MONITOR:
	case VMEXIT_MWAIT: case VMEXIT_MWAIT_C:
		fault_record(v, e, VCPU_EXIT_UNDEFINED);
		break;
	case VMEXIT_INTR:
		/* Still pending in the local APIC: take it in the host now
		 * (x86_irq acknowledges), or VMRUN exits again at once. */
		__asm__ volatile("sti; nop; cli" ::: "memory");
		break;
	case VMEXIT_NMI: case VMEXIT_SMI: case VMEXIT_INIT:
		break;
	default:
		LOG("vm %s: unexpected exit %#lx info1 %#lx info2 %#lx rip %#lx", v->vm->cfg->name,
		    c->exitcode, c->exitinfo1, c->exitinfo2, v->arch.vmcb->s.rip);
		e->kind = VCPU_EXIT_FATAL;
		break;
	}
}

/* Core's verdict on a record, written back into the guest. */
static void exit_complete(struct vcpu *v, struct vcpu_exit *e, enum hv_err err)
{
	switch (e->kind) {
	case VCPU_EXIT_HYPERCALL:
		v->arch.gpr[GPR_RAX] = err ? ~0ULL : (uint64_t)e->call.ret;
		svm_skip_insn(v);
		break;
	case VCPU_EXIT_HALT:
		svm_skip_insn(v);
		break;
	case VCPU_EXIT_POWER:
		/* The VM is going off or resetting: nothing to step over. */
		break;
	default:
		break;
	}
}

static void vcpu_loop(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;
	uint64_t host = cpu_this()->arch.host_save_pa, vmcb = arch_hva_to_pa(a->vmcb).v;

	for (;;) {
		struct vcpu_exit e;

		a->vmcb->s.rax = a->gpr[GPR_RAX];
		a->vmcb->s.rsp = a->gpr[GPR_RSP];
		svm_vmrun(a->gpr, vmcb, host);
		a->gpr[GPR_RAX] = a->vmcb->s.rax;
		a->gpr[GPR_RSP] = a->vmcb->s.rsp;
		a->vmcb->c.tlb_ctl = 0;
		a->vmcb->c.eventinj = 0;
		a->exits++;
		arch_irqchip_vcpu_exit(v);
		/* An event cut short by the exit is delivered again (15.7.2). */
		if (a->vmcb->c.exitintinfo & EVENT_VALID)
			a->vmcb->c.eventinj = a->vmcb->c.exitintinfo;
		exit_decode(v, &e);
		if (e.kind != VCPU_EXIT_NONE)
			exit_complete(v, &e, vcpu_exit_handle(v, &e));
		vcpu_trap_return(v);
	}
}

void arch_vcpu_run(struct vcpu *vcpu)
{
	uint64_t top = (uint64_t)x86_stacks + ((uint64_t)(cpu_this()->index + 1) << HV_STACK_SHIFT);

	x86_run_on_stack(vcpu, vcpu_loop, top);
}

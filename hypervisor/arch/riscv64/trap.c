/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Traps from a guest (V=1) into HS-mode: decode scause/htval/stval
 * (privileged spec 1.12, 8.6) and act; traps of our own are bugs, except
 * the guarded HLVX that fetches a faulting guest instruction.
 */
#include "standalone.h"
#include "insn.h"
#include <hv/log.h>

#define FAULT_LOG_MAX 16

/*
 * Take the exception `cause` in VS-mode as a trap from the guest's current
 * mode (8.6.4 semantics of a trap redirected by the hypervisor, as for a
 * delegated one): vsepc/vscause/vstval, vsstatus SPP/SPIE/SIE, jump to
 * vstvec (direct mode: MODE bits ignored for exceptions).
 */
void rv_inject_exception(struct rv_vcpu *v, uint64_t cause, uint64_t tval)
{
	struct rv_frame *f = &v->frame;
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
	f->sstatus |= SSTATUS_SPP; /* return to VS-mode */
}

/* HLVX.HU (8.3.1) under a guard: a fault here is skipped and reported. */
static bool fetch_half(struct rv_pcpu *pc, uint64_t gva, uint16_t *out)
{
	uint64_t val;

	pc->hlv_faulted = false;
	pc->hlv_armed = true;
	__asm__ volatile(".insn r 0x73, 0x4, 0x32, %0, %1, x3"
			 : "=r"(val) : "r"(gva) : "memory");
	pc->hlv_armed = false;
	*out = (uint16_t)val;
	return !pc->hlv_faulted;
}

/*
 * The faulting instruction: htinst if the hart filled it in (QEMU 7.2
 * leaves it 0), else fetched from the guest with HLVX, as the guest's
 * own translation sees it (hstatus.SPVP = the guest's mode).
 */
static bool fetch_access(struct rv_vcpu *v, struct rv_access *a)
{
	struct rv_pcpu *pc = this_pcpu();
	uint64_t pc_gva = v->frame.sepc;
	uint16_t lo, hi = 0;

	if (rv_htinst_decode(csr_read(CSR_HTINST), a))
		return true;
	if (v->frame.sstatus & SSTATUS_SPP)
		csr_set(CSR_HSTATUS, HSTATUS_SPVP);
	else
		csr_clear(CSR_HSTATUS, HSTATUS_SPVP);
	if (!fetch_half(pc, pc_gva, &lo))
		return false;
	if ((lo & 3) == 3 && !fetch_half(pc, pc_gva + 2, &hi))
		return false;
	return rv_insn_decode(lo | ((uint32_t)hi << 16), a);
}

static void log_fault(struct rv_vcpu *v, const char *what, uint64_t gpa)
{
	uint32_t *n = &v->faults_logged;

	if (*n < FAULT_LOG_MAX)
		hv_log("VM %s vCPU %u: %s at GPA 0x%lx (pc 0x%lx): access fault injected",
		       v->vm->name, v->vhart, what, gpa, v->frame.sepc);
	else if (*n == FAULT_LOG_MAX)
		hv_log("VM %s vCPU %u: further faults not logged", v->vm->name, v->vhart);
	(*n)++;
}

/*
 * A guest-physical address no region maps (8.6.2 htval: GPA >> 2). No MMIO
 * device is emulated yet: a decodable load/store gets an access fault, as
 * would an instruction fetch; a fetch from the guest's own trap vector
 * would loop for ever, so that stops the VM.
 */
static void guest_page_fault(struct rv_vcpu *v, uint64_t code)
{
	uint64_t gpa = (csr_read(CSR_HTVAL) << 2) | (csr_read(CSR_STVAL) & 3);
	uint64_t stval = csr_read(CSR_STVAL);
	struct rv_access a;

	if (code == EXC_INST_GUEST_PAGE) {
		if (v->frame.sepc == (csr_read(CSR_VSTVEC) & ~3ULL)) {
			vm_stop(v->vm, "its trap vector is not in its memory");
			return;
		}
		log_fault(v, "instruction fetch", gpa);
		rv_inject_exception(v, EXC_INST_ACCESS, stval);
		return;
	}
	if (!fetch_access(v, &a)) {
		log_fault(v, "undecodable access", gpa);
	} else {
		char what[40];

		hv_snprintf(what, sizeof(what), "%u-byte %s of x%u", a.width,
			    a.is_store ? "store" : "load", a.reg);
		log_fault(v, what, gpa);
	}
	rv_inject_exception(v, code == EXC_LOAD_GUEST_PAGE ? EXC_LOAD_ACCESS : EXC_STORE_ACCESS,
			    stval);
}

/* HS-level interrupts while a guest runs: IPIs (kicks) and the fallback timer. */
static void handle_irq(struct rv_vcpu *v, uint64_t irq)
{
	if (irq == IRQ_S_SOFT) {
		csr_clear(CSR_SIP, 1ULL << IRQ_S_SOFT);
		csr_set(CSR_HVIP, __atomic_exchange_n(&v->pending_vsip, 0, __ATOMIC_ACQUIRE));
	} else if (irq == IRQ_S_TIMER && !rv_has_sstc) {
		/* no Sstc: our timer stands in for the guest's (SBI set_timer) */
		sbi_set_timer(~0ULL);
		csr_set(CSR_HVIP, 1ULL << IRQ_VS_TIMER);
	} else {
		hv_log("VM %s vCPU %u: unexpected interrupt %lu", v->vm->name, v->vhart, irq);
		csr_clear(CSR_SIE, 1ULL << irq);
	}
}

static void handle_exception(struct rv_vcpu *v, uint64_t code)
{
	switch (code) {
	case EXC_ECALL_VS:
		vsbi_handle(v);
		break;
	case EXC_INST_GUEST_PAGE:
	case EXC_LOAD_GUEST_PAGE:
	case EXC_STORE_GUEST_PAGE:
		guest_page_fault(v, code);
		break;
	case EXC_VIRTUAL_INST:
		/* an HS-only instruction or CSR from VS/VU: illegal to the guest */
		rv_inject_exception(v, EXC_ILLEGAL_INST, csr_read(CSR_STVAL));
		break;
	default:
		/* not delegated (access faults from PMP, misaligned accesses) */
		rv_inject_exception(v, code, csr_read(CSR_STVAL));
		break;
	}
}

struct rv_frame *rv_trap(struct rv_frame *f)
{
	struct rv_pcpu *pc = this_pcpu();
	struct rv_vcpu *v = pc->vcpu;
	uint64_t cause = csr_read(CSR_SCAUSE);

	if (!v || &v->frame != f)
		hv_panic("trap from a guest on hart %u with no vCPU", pc->hartid);
	if (cause & SCAUSE_IRQ)
		handle_irq(v, cause & ~SCAUSE_IRQ);
	else
		handle_exception(v, cause);
	if (__atomic_load_n(&v->vm->stopping, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_STARTED)
		vcpu_park(pc);
	return f;
}

/* A trap in HS-mode: only the guarded HLVX may fault (skip it, 4 bytes). */
void rv_hs_trap(void);
void rv_hs_trap(void)
{
	struct rv_pcpu *pc = this_pcpu();

	if (pc->hlv_armed) {
		pc->hlv_faulted = true;
		pc->hlv_armed = false;
		csr_write(CSR_SEPC, csr_read(CSR_SEPC) + 4);
		return;
	}
	hv_panic("HS-mode trap: scause 0x%lx sepc 0x%lx stval 0x%lx", csr_read(CSR_SCAUSE),
		 csr_read(CSR_SEPC), csr_read(CSR_STVAL));
}

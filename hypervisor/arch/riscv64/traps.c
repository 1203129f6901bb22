/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Traps from a guest (V=1) into HS-mode, decoded once into the core's exit
 * record (hv/exit.h) from scause/htval/stval (privileged spec 1.12, 8.6);
 * register write-back and instruction skip stay here. Our own traps are
 * bugs, except the guarded HLVX that fetches a faulting instruction.
 */
#include <hv/cpu.h>
#include <hv/exit.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/vm.h>
#include "insn.h"
#include "rv.h"

void rv_hs_trap(void);

/* HLVX.HU (8.3.1) under a guard: a fault is skipped and reported. */
static bool fetch_half(struct cpu *c, uint64_t gva, uint16_t *out)
{
	uint64_t val;

	c->arch.hlv_faulted = false;
	c->arch.hlv_armed = true;
	__asm__ volatile(".insn r 0x73, 0x4, 0x32, %0, %1, x3" : "=r"(val) : "r"(gva) : "memory");
	c->arch.hlv_armed = false;
	*out = (uint16_t)val;
	return !c->arch.hlv_faulted;
}

/* htinst when the hart gives it (QEMU 7.2: 0), else the instruction via HLVX. */
static bool fetch_access(struct vcpu *v, struct rv_access *a)
{
	struct rv_frame *f = &v->arch.frame;
	uint16_t lo, hi = 0;

	if (rv_htinst_decode(csr_read(CSR_HTINST), a))
		return true;
	if (f->sstatus & SSTATUS_SPP)
		csr_set(CSR_HSTATUS, HSTATUS_SPVP);
	else
		csr_clear(CSR_HSTATUS, HSTATUS_SPVP);
	if (!fetch_half(cpu_this(), f->sepc, &lo))
		return false;
	if ((lo & 3) == 3 && !fetch_half(cpu_this(), f->sepc + 2, &hi))
		return false;
	return rv_insn_decode(lo | ((uint32_t)hi << 16), a);
}

static uint64_t sign_extend(uint64_t v, unsigned width)
{
	unsigned s = 64 - 8 * width;

	return width >= 8 ? v : (uint64_t)((int64_t)(v << s) >> s);
}

/* An emulated device's access: decode, dispatch, write back, skip. */
static void mmio_exit(struct vcpu *v, uint64_t gpa, bool write)
{
	struct rv_frame *f = &v->arch.frame;
	struct vcpu_exit e = {.kind = VCPU_EXIT_MMIO};
	struct rv_access a;

	if (!fetch_access(v, &a) || a.is_store != write) {
		rv_inject(v, write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, csr_read(CSR_STVAL));
		return;
	}
	e.mmio = (struct mmio_access){.addr = gpa, .width = a.width, .write = write,
				      .value = write && a.reg ? f->x[a.reg] : 0};
	if (vcpu_exit_handle(v, &e)) {
		rv_inject(v, write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, csr_read(CSR_STVAL));
		return;
	}
	if (!write && a.reg)
		f->x[a.reg] = a.sign_extend ? sign_extend(e.mmio.value, a.width) : e.mmio.value;
	f->sepc += a.len;
}

/* htval is GPA >> 2 (8.6.3); no device there: the core reflects an abort. */
static void guest_page_fault(struct vcpu *v, uint64_t code)
{
	uint64_t stval = csr_read(CSR_STVAL);
	uint64_t gpa = (csr_read(CSR_HTVAL) << 2) | (stval & 3);
	struct vcpu_exit e = {.kind = VCPU_EXIT_ABORT};

	if (code != EXC_INST_GUEST_PAGE && vm_find_emul(v->vm, gpa)) {
		mmio_exit(v, gpa, code == EXC_STORE_GUEST_PAGE);
		return;
	}
	if (code == EXC_INST_GUEST_PAGE && v->arch.frame.sepc == (csr_read(CSR_VSTVEC) & ~3ULL)) {
		e.kind = VCPU_EXIT_FATAL; /* its own trap vector is unreachable: a loop */
		vcpu_exit_handle(v, &e);
		return;
	}
	e.fault = (struct vcpu_exit_fault){.ipa = gpa, .va = stval, .pc = v->arch.frame.sepc,
					   .insn = code == EXC_INST_GUEST_PAGE,
					   .write = code == EXC_STORE_GUEST_PAGE};
	vcpu_exit_handle(v, &e);
}

static void exception(struct vcpu *v, uint64_t code)
{
	struct vcpu_exit e = {.kind = VCPU_EXIT_UNDEFINED};

	switch (code) {
	case EXC_ECALL_VS:
		vsbi_call(v);
		break;
	case EXC_INST_GUEST_PAGE:
	case EXC_LOAD_GUEST_PAGE:
	case EXC_STORE_GUEST_PAGE:
		guest_page_fault(v, code);
		break;
	case EXC_VIRTUAL_INST:
		/* an HS-only instruction or CSR from VS/VU: illegal to the guest */
		e.fault.pc = v->arch.frame.sepc;
		vcpu_exit_handle(v, &e);
		break;
	default:
		/* not delegated: access faults from PMP, misaligned accesses */
		rv_inject(v, code, csr_read(CSR_STVAL));
		break;
	}
}

struct rv_frame *rv_trap(struct rv_frame *f)
{
	struct cpu *c = cpu_this();
	struct vcpu *v = c->vcpu;
	uint64_t cause = csr_read(CSR_SCAUSE);

	if (!v || &v->arch.frame != f)
		hv_panic("trap from a guest on hart %lu with no vCPU", c->hwid);
	vcpu_mark_out(v);
	arch_irqchip_vcpu_exit(v);
	if (cause & SCAUSE_IRQ) {
		struct vcpu_exit e = {.kind = VCPU_EXIT_IRQ};

		vcpu_exit_handle(v, &e);
	} else {
		exception(v, cause);
	}
	vcpu_trap_return(v); /* parks this hart if the vCPU was stopped */
	return f;
}

/* A trap in HS-mode: only the guarded HLVX may fault (skip it, 4 bytes). */
void rv_hs_trap(void)
{
	struct cpu *c = cpu_this();

	if (c && c->arch.hlv_armed) {
		c->arch.hlv_faulted = true;
		c->arch.hlv_armed = false;
		csr_write(CSR_SEPC, csr_read(CSR_SEPC) + 4);
		return;
	}
	hv_panic("HS-mode trap: scause %#lx sepc %#lx stval %#lx", csr_read(CSR_SCAUSE),
		 csr_read(CSR_SEPC), csr_read(CSR_STVAL));
}

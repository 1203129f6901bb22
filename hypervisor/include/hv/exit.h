/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The decoded exit record: the one way arch trap code hands a guest exit to
 * core. The arch decodes its trap once (a syndrome, a cause register, a
 * exit code) into a `struct vcpu_exit`, calls vcpu_exit_handle(), then
 * does the write-back the record asks for (a read's register, a call's
 * return value) itself: which register, sign extension and instruction
 * length stay arch business. Compare AxVisor's axvcpu `AxVCpuExitReason`
 * (MmioRead/MmioWrite, Hypercall, CpuUp/CpuDown/SystemDown, Halt,
 * ExternalInterrupt, NestedPageFault) and Hafnium's `struct vcpu_fault_info`.
 *
 * vcpu_exit_handle() is inline: when the arch passes a constant kind the
 * dispatch folds away and the trap path pays nothing for the record.
 */
#ifndef HV_EXIT_H
#define HV_EXIT_H

#include <hv/arch/irqchip.h>
#include <hv/emul.h>
#include <hv/power.h>
#include <hv/types.h>

struct vcpu;

enum vcpu_exit_kind {
	VCPU_EXIT_NONE = 0,   /* handled in arch already: just resume */
	VCPU_EXIT_MMIO,       /* emulated device access: .mmio */
	VCPU_EXIT_HYPERCALL,  /* a call no arch front-end knows: .call */
	VCPU_EXIT_POWER,      /* vCPU/VM power request of a front-end: .power */
	VCPU_EXIT_HALT,       /* WFI / HLT / wait-for-interrupt */
	VCPU_EXIT_UNDEFINED,  /* instruction nothing emulates: .fault.pc */
	VCPU_EXIT_ABORT,      /* access outside the VM's memory: .fault */
	VCPU_EXIT_IRQ,        /* a physical interrupt arrived while it ran */
	VCPU_EXIT_FATAL,      /* cannot be reflected into the guest: stop the VM */
};

/* A hypercall / firmware call (function number and first arguments). */
struct vcpu_exit_call {
	const char *abi; /* the calling convention's name, for log lines */
	uint64_t nr;
	uint64_t args[3];
	int64_t ret; /* out: the arch writes it to the return register */
};

/* A guest access nothing maps (stage-2 / nested page fault). */
struct vcpu_exit_fault {
	uint64_t ipa;  /* guest-physical address, when known */
	uint64_t va;   /* guest-virtual address reported back on injection */
	uint64_t pc;
	bool insn;     /* instruction fetch */
	bool write;
};

struct vcpu_exit {
	enum vcpu_exit_kind kind;
	union {
		struct mmio_access mmio;
		struct vcpu_exit_call call;
		struct power_req power;
		struct vcpu_exit_fault fault;
	};
};

/*
 * Core's handling of each kind (core/exit.c). Return HV_OK when done and
 * the arch should complete the instruction (write-back, skip), HV_ERR_BUSY
 * to re-execute it later, any other error to have the arch reflect it
 * (external abort / UNDEFINED / NOT_SUPPORTED) — see each kind.
 */
enum hv_err exit_hypercall(struct vcpu *vcpu, struct vcpu_exit_call *call);
enum hv_err exit_power(struct vcpu *vcpu, struct power_req *req);
enum hv_err exit_halt(struct vcpu *vcpu);
enum hv_err exit_undefined(struct vcpu *vcpu, struct vcpu_exit_fault *f);
enum hv_err exit_abort(struct vcpu *vcpu, struct vcpu_exit_fault *f);
enum hv_err exit_fatal(struct vcpu *vcpu);

/* The two hot kinds are inline: an emulated access and an interrupt cost
 * no more than calling the device / the irqchip directly. */
static inline __attribute__((always_inline)) enum hv_err
exit_mmio(struct vcpu *vcpu, struct mmio_access *acc)
{
	return emul_mmio(vcpu, acc);
}

static inline __attribute__((always_inline)) enum hv_err exit_irq(struct vcpu *vcpu)
{
	arch_irqchip_handle(vcpu);
	return HV_OK;
}

/** Act on a decoded exit (see the kinds above); the arch then writes back. */
static inline __attribute__((always_inline)) enum hv_err
vcpu_exit_handle(struct vcpu *vcpu, struct vcpu_exit *e)
{
	switch (e->kind) {
	case VCPU_EXIT_MMIO:
		return exit_mmio(vcpu, &e->mmio);
	case VCPU_EXIT_HYPERCALL:
		return exit_hypercall(vcpu, &e->call);
	case VCPU_EXIT_POWER:
		return exit_power(vcpu, &e->power);
	case VCPU_EXIT_HALT:
		return exit_halt(vcpu);
	case VCPU_EXIT_UNDEFINED:
		return exit_undefined(vcpu, &e->fault);
	case VCPU_EXIT_ABORT:
		return exit_abort(vcpu, &e->fault);
	case VCPU_EXIT_IRQ:
		return exit_irq(vcpu);
	case VCPU_EXIT_FATAL:
		return exit_fatal(vcpu);
	case VCPU_EXIT_NONE:
		break;
	}
	return HV_OK;
}

#endif /* HV_EXIT_H */

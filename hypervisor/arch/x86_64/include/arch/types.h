/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 (AMD SVM) per-vCPU, per-VM and per-CPU state, embedded by value in
 * struct vcpu / vm / cpu and opaque to core (hv/arch/README.md).
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdbool.h>
#include <stdint.h>

struct vmcb;
struct cpu;
struct console_port;

/* Guest general-purpose registers in x86 encoding order (APM vol. 3,
 * table 1-3); RAX and RSP live in the VMCB and are copied here on exit.
 * svm_run.S loads and saves gpr[] (offset 0 of struct vcpu_arch). */
enum { GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI, GPR_N = 16 };

struct vcpu_arch {
	uint64_t gpr[GPR_N];
	struct vmcb *vmcb;     /* this vCPU's VMCB (one page) */
	uint64_t guest_efer;   /* EFER as the guest wrote it (SVME hidden) */
	uint64_t exits;
};

/* The emulated 16550 at COM1 (vuart.c): registers a driver writes back. */
struct vuart_pio {
	struct console_port *port;
	uint8_t ier, lcr, mcr, scr, dll, dlm;
};

struct vm_arch {
	uint8_t *iopm;         /* 12 KiB I/O permission map */
	uint8_t *msrpm;        /* 8 KiB MSR permission map */
	struct vuart_pio com1;
};

/* Per physical CPU: GS base points at its struct cpu (arch_cpu_this). */
struct cpu_arch {
	struct cpu *self;      /* %gs:offsetof(struct cpu, arch.self) */
	uint64_t hsave_pa;     /* VM_HSAVE_PA page */
	uint64_t host_save_pa; /* the host's VMSAVE area */
};

#endif /* ARCH_TYPES_H */

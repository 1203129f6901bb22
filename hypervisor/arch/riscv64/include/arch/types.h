/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 per-vCPU / per-VM / per-CPU state (embedded in struct vcpu, vm,
 * cpu; opaque to core). The VS-mode CSRs are not saved: each vCPU owns its
 * hart (static partitioning), so they stay live while we handle a trap.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>
#include <stdbool.h>
#include <arch/frame.h>

struct console_port;

struct vcpu_arch {
	struct rv_frame frame;  /* first: trap.S works on it */
	uint64_t pending_vsip;  /* hvip bits other harts asked for (SBI IPI) */
};

struct vm_arch {
	uint64_t hgatp;               /* Sv39x4 | VMID | root PPN */
	struct console_port *console; /* SBI DBCN output */
};

/* struct cpu.arch; tp points at the struct cpu in HS-mode. */
struct cpu_arch {
	uint64_t stack_top;
	bool hlv_armed;   /* an HLVX may fault: skip it, flag it */
	bool hlv_faulted;
};

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aarch64 per-vCPU / per-VM state. The EL1 system registers are not saved:
 * each vCPU owns its physical CPU (static partitioning), so its EL1 state
 * simply stays live in the CPU while the hypervisor handles a trap.
 *
 * vectors.S saves the trap frame at these offsets (asm_defs.c -> asm_defs.h).
 * On HVC/SMC and interrupt traps x19-x29 are not saved (they stay live in
 * the CPU, callee-saved): x[19..29] are only valid for other traps.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>
#include <arch/vdebug.h> /* struct vdebug_cpu */
#include <arch/vgic.h>   /* struct vgic_cpu, struct vgic_dist */

struct vcpu_arch {
	uint64_t x[31];  /* 0x000: x0..x30 */
	uint64_t elr;    /* 0x0f8: guest pc (ELR_EL2) */
	uint64_t spsr;   /* 0x100: guest PSTATE (SPSR_EL2) */
	uint64_t esr;    /* 0x108: ESR_EL2 of the last trap */
	uint64_t far;    /* 0x110: FAR_EL2 */
	uint64_t hpfar;  /* 0x118: HPFAR_EL2 */
	/* The trap frame ends here (VCPU_ARCH_FRAME_END, asm_defs.c); what
	 * follows keeps its state across arch_vcpu_reset(). */
	struct vgic_cpu vgic;  /* virtual GICv3 redistributor + list registers */
};

struct vm_arch {
	uint64_t vttbr; /* VMID (bits 55:48) | stage-2 root */
	struct vgic_dist vgic; /* virtual GICv3 distributor */
};

/* Per physical CPU (struct cpu.arch); TPIDR_EL2 points at its struct cpu. */
struct cpu_arch {
	struct vcpu_arch *frame; /* the running vCPU's trap frame (vectors.S) */
	uintptr_t gicr_base;     /* this CPU's GICv3 redistributor (RD_base) */
};

#endif

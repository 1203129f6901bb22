/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host model of the aarch64 arch state, for the host tests of the Arm code
 * (vGIC, PSCI front-end, trap decoding, debug registers): plain data the
 * tests inspect, the same irqchip/debug state as the real struct vcpu_arch.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>
#include <stdbool.h>
#include <arch/vdebug.h>
#include <arch/vgic.h>

struct vcpu_arch {
	uint64_t x[31];
	uint64_t pc;
	uint64_t spsr;      /* guest PSTATE (SPSR_EL2) */
	uint64_t esr;       /* ESR_EL2 of the trap being handled (tests set it) */
	/* The guest's EL1 exception registers, as an injection leaves them. */
	uint64_t vbar_el1, elr_el1, spsr_el1, esr_el1, far_el1;
	uint32_t injected_aborts;
	uint32_t injected_undefs;
	uint64_t last_abort_va;
	bool last_abort_insn;
	uint64_t resets;        /* arch_vcpu_reset calls (kept across resets) */
	struct vgic_cpu vgic;
};

struct vm_arch {
	uint64_t vttbr;
	struct vgic_dist vgic;
};

struct cpu_arch {
	uint32_t inits; /* arch_cpu_init calls on this CPU */
};

#endif

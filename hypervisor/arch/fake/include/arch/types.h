/* SPDX-License-Identifier: Apache-2.0 */
/* Host model: per-vCPU / per-VM arch state as plain data the tests inspect. */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>
#include <stdbool.h>

struct vcpu_arch {
	uint64_t x[31];
	uint64_t pc;
	uint64_t spsr;      /* guest PSTATE (SPSR_EL2) */
	uint64_t esr;       /* ESR_EL2 of the trap being handled (tests set it) */
	/* The guest's EL1 exception registers, as an injection leaves them. */
	uint64_t vbar_el1, elr_el1, spsr_el1, esr_el1, far_el1;
	uint64_t resets;        /* arch_vcpu_reset calls */
	uint32_t injected_aborts;
	uint32_t injected_undefs;
	uint64_t last_abort_va;
	bool last_abort_insn;
};

struct vm_arch {
	uint64_t vttbr;
};

struct cpu_arch {
	uint32_t inits; /* arch_cpu_init calls on this CPU */
};

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Neutral host model of the arch contract (Hafnium's src/arch/fake): its own
 * register file and encodings, no real architecture's registers. Core's
 * host tests run against it and inspect these fields.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>
#include <stdbool.h>

#define FAKE_IRQS 64 /* interrupt numbers 0..63 of the fake irqchip */

struct vcpu_arch {
	uint64_t pc;
	uint64_t arg;           /* the first argument register at reset */
	uint64_t resets;        /* arch_vcpu_reset calls */
	uint32_t injected_aborts;
	uint32_t injected_undefs;
	uint64_t last_abort_va;
	bool last_abort_insn;
	bool last_abort_write;
	uint64_t pending;       /* fake irqchip: bit n = interrupt n pending */
};

struct vm_arch {
	uint64_t root;          /* stage-2 root (arch_vm_init) */
	bool line[FAKE_IRQS];   /* fake irqchip: level of each shared line */
};

struct cpu_arch {
	uint32_t inits; /* arch_cpu_init calls on this CPU */
};

#endif

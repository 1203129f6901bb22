/* SPDX-License-Identifier: Apache-2.0 */
/* Test-side view of the neutral host model (arch/fake). */
#ifndef ARCH_FAKE_H
#define ARCH_FAKE_H

#include <stdint.h>
#include <stdbool.h>

/** Walk a table built with the fake encoding, independently of core code. */
int fake_pt_walk(const uint64_t *root, uint32_t root_entries, unsigned root_level,
		 uint64_t va, uint64_t *pa, unsigned *attr, unsigned *level);

#define FAKE_CPUS 8

struct fake_machine {
	uint64_t hwid;        /* what arch_cpu_hwid returns */
	struct cpu *this_cpu; /* what arch_cpu_this returns (arch_cpu_init sets it) */
	uint32_t started[FAKE_CPUS]; /* arch_cpu_start calls per CPU index */
	uint32_t kicks[FAKE_CPUS];   /* arch_irqchip_kick_cpu calls per CPU index */
	uint32_t wakes;       /* arch_cpu_wake_all calls */
	uint32_t off_calls;   /* arch_machine_off calls */
	uint32_t tlb_flushes; /* arch_vm_tlb_flush_local calls */
	uint64_t count;       /* arch_timer_count */
	uint64_t freq;        /* arch_timer_freq */
	uint32_t irqchip_handled; /* arch_irqchip_handle calls */
};

extern struct fake_machine fake_machine;
/** Reset fake_machine to zero. */
void fake_machine_reset(void);

#endif

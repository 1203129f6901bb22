/* SPDX-License-Identifier: Apache-2.0 */
/* Test-side view of the host model (arch/fake). */
#ifndef ARCH_FAKE_H
#define ARCH_FAKE_H

#include <stdint.h>

/** Walk a table built with the fake encoding, independently of core code. */
int fake_pt_walk(const uint64_t *root, uint32_t root_entries, uint64_t va,
		 uint64_t *pa, unsigned *attr, unsigned *level);

struct fake_machine {
	uint64_t mpidr;       /* what arch_cpu_mpidr returns */
	uint32_t started[8];  /* arch_cpu_start calls per CPU index */
	uint32_t wakes;       /* arch_cpu_wake_all calls */
	uint32_t off_calls;   /* arch_machine_off calls */
	uint32_t smc_calls;
};

extern struct fake_machine fake_machine;
/** Reset fake_machine to zero. */
void fake_machine_reset(void);

#endif

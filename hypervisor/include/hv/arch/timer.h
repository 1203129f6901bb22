/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: the hypervisor's clock (a free-running counter) and the
 * guest's timer. aarch64: arch/aarch64/timer.c (generic timer); host
 * model: arch/fake.
 */
#ifndef HV_ARCH_TIMER_H
#define HV_ARCH_TIMER_H

#include <hv/types.h>

/** Free-running counter, ordered with the surrounding code. */
uint64_t arch_timer_count(void);
/** The counter, possibly read a few instructions early: for coarse deadlines. */
uint64_t arch_timer_count_relaxed(void);
/** Counter frequency in Hz. */
uint64_t arch_timer_freq(void);

#endif /* HV_ARCH_TIMER_H */

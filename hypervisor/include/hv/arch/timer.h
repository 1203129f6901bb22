/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: the generic timer as seen from EL2 (ARM DDI 0487 D11).
 * aarch64: arch/aarch64/timer.c. Host model: arch/fake/timer_fake.c.
 */
#ifndef HV_ARCH_TIMER_H
#define HV_ARCH_TIMER_H

#include <hv/types.h>

/** Physical count (CNTPCT_EL0). */
uint64_t arch_timer_count(void);
/** Physical count, possibly read a few instructions early (no barrier): for deadlines far coarser than that. */
uint64_t arch_timer_count_relaxed(void);
/** Counter frequency in Hz (CNTFRQ_EL0). */
uint64_t arch_timer_freq(void);
/**
 * Give the EL1 virtual timer to the guest on this CPU: CNTVOFF_EL2 = off,
 * EL1 physical counter readable, EL1 physical timer trapped
 * (CNTHCTL_EL2.EL1PCTEN = 1, EL1PCEN = 0), virtual timer disabled.
 */
void arch_timer_guest_setup(uint64_t cntvoff);

#endif /* HV_ARCH_TIMER_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* aarch64-internal: the generic timer handed to a guest (timer.c, ARM DDI 0487 D11). */
#ifndef ARCH_GENERIC_TIMER_H
#define ARCH_GENERIC_TIMER_H

#include <hv/types.h>

/**
 * Give the EL1 virtual timer to the guest on this CPU: CNTVOFF_EL2 = off,
 * EL1 physical counter readable, EL1 physical timer trapped
 * (CNTHCTL_EL2.EL1PCTEN = 1, EL1PCEN = 0), virtual timer disabled.
 */
void arch_timer_guest_setup(uint64_t cntvoff);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* aarch64-internal: the generic timer handed to a guest (timer.c, ARM DDI 0487 D11). */
#ifndef ARCH_GENERIC_TIMER_H
#define ARCH_GENERIC_TIMER_H

#include <hv/types.h>

/**
 * Give both EL1 timers to the guest on this CPU: CNTVOFF_EL2 = off, EL1
 * physical counter and timer untrapped (CNTHCTL_EL2.EL1PCTEN = EL1PCEN =
 * 1), both timers disabled.
 */
void arch_timer_guest_setup(uint64_t cntvoff);
/** The guest's virtual (true) or physical EL1 timer output on this CPU. */
bool arch_timer_guest_line(bool virt);

#endif

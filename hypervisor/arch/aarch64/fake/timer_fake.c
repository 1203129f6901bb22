/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the generic timer (hv/arch/timer.h). */
#include <hv/arch/timer.h>
#include <arch/generic_timer.h>
#include <arch/fake_gic.h>

struct fake_timer fake_timer;

uint64_t arch_timer_count(void)
{
	return fake_timer.count;
}

uint64_t arch_timer_count_relaxed(void)
{
	return fake_timer.count;
}

uint64_t arch_timer_freq(void)
{
	return fake_timer.freq;
}

void arch_timer_guest_setup(uint64_t cntvoff)
{
	fake_timer.cntvoff[fake_gic.cpu] = cntvoff;
	fake_timer.guest_setup[fake_gic.cpu] = true;
}

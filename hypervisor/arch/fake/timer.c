/* SPDX-License-Identifier: Apache-2.0 */
/* Neutral host model of the clock: a counter the tests set. */
#include <hv/arch/timer.h>
#include <arch/fake.h>

uint64_t arch_timer_count(void)
{
	return fake_machine.count;
}

uint64_t arch_timer_count_relaxed(void)
{
	return fake_machine.count;
}

uint64_t arch_timer_freq(void)
{
	return fake_machine.freq;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's clock: the TSC (invariant on the CPUs SVM boards use),
 * its frequency measured once against the ACPI PM timer (3.579545 MHz,
 * ACPI 6.4 4.8.3.3) at PMBASE + 8 -- 0x608 on QEMU q35 as SeaBIOS sets it
 * up -- over 10 ms.
 */
#include <hv/arch/timer.h>

#define PM_TMR_PORT 0x608
#define PM_TMR_HZ 3579545u
#define PM_TMR_MASK 0xffffffu /* 24-bit counter (TMR_VAL_EXT may be 0) */

static uint64_t tsc_hz;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint32_t pm_tmr(void)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"((uint16_t)PM_TMR_PORT));
	return v & PM_TMR_MASK;
}

/* Measure on first use (the boot CPU, before any guest runs). */
static void tsc_calibrate(void)
{
	uint32_t t0 = pm_tmr(), ticks = PM_TMR_HZ / 100;
	uint64_t c0 = rdtsc();

	while (((pm_tmr() - t0) & PM_TMR_MASK) < ticks)
		;
	tsc_hz = (rdtsc() - c0) * 100;
	if (!tsc_hz)
		tsc_hz = 1000000000ull; /* no PM timer: assume 1 GHz, only deadlines suffer */
}

uint64_t arch_timer_count(void)
{
	__asm__ volatile("lfence" ::: "memory");
	return rdtsc();
}

uint64_t arch_timer_count_relaxed(void)
{
	return rdtsc();
}

uint64_t arch_timer_freq(void)
{
	if (!tsc_hz)
		tsc_calibrate();
	return tsc_hz;
}

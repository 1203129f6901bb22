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

/* One PM timer read with the TSC just before and after: a wide bracket
 * means this CPU was held up (an emulator thread descheduled) mid-read. */
static uint32_t pm_tmr_at(uint64_t *tsc, uint64_t *width)
{
	uint64_t a = rdtsc();
	uint32_t t = pm_tmr();
	uint64_t b = rdtsc();

	*tsc = a + (b - a) / 2;
	*width = b - a;
	return t;
}

/* TSC ticks over 10 ms of PM timer; 0 if a read was held up. */
static uint64_t tsc_measure(void)
{
	uint64_t c0, c1, w0, w1;
	uint32_t t0 = pm_tmr_at(&c0, &w0), t1, ticks = PM_TMR_HZ / 100;

	do
		t1 = pm_tmr_at(&c1, &w1);
	while (((t1 - t0) & PM_TMR_MASK) < ticks);
	if (w0 > (c1 - c0) / 1000 || w1 > (c1 - c0) / 1000)
		return 0;
	return (c1 - c0) * PM_TMR_HZ / ((t1 - t0) & PM_TMR_MASK);
}

/* Measure on first use (the boot CPU, before any guest runs): the lowest
 * of a few clean measurements (a hold-up only ever adds TSC ticks). */
static void tsc_calibrate(void)
{
	uint64_t best = 0;

	for (int i = 0; i < 5; i++) {
		uint64_t hz = tsc_measure();

		if (hz && (!best || hz < best))
			best = hz;
	}
	tsc_hz = best ? best : 1000000000ull; /* no PM timer: assume 1 GHz */
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

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual-timer interrupt latency: CNTV_CVAL is set a pseudo-random 300..811
 * ticks ahead, the vCPU spins with IRQs unmasked, and the IRQ vector's first
 * instruction reads CNTVCT (head.S). Sample = that stamp - CVAL.
 * SAMPLES is set by the build (bench-timer: 5000; bench-timer-short for the
 * interference run: fewer, as QEMU serialises the busy CPUs).
 */
#include "../bench-lib/lib.h"

const char bench_name[] = "bench-timer";

#ifndef SAMPLES
#define SAMPLES 5000
#endif

static uint64_t samples[SAMPLES];
static volatile uint32_t fired;
static volatile uint64_t last_lat;

static void timer_arm(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0\n"
			 "msr cntv_ctl_el0, %1\n"
			 "isb" : : "r"(cval), "r"(1UL));
}

/* Unmask IRQs and spin until the handler ran; x17 is the vector's. */
static void wait_fired(void)
{
	__asm__ volatile("msr daifclr, #2\n"
			 "1: ldr w16, [%0]\n"
			 "cbz w16, 1b\n"
			 "msr daifset, #2\n"
			 : : "r"(&fired) : "x16", "x17", "memory");
}

void bench_irq_handler(uint64_t stamp, uint32_t intid)
{
	uint64_t cval;
	if (intid != INTID_VTIMER)
		return;
	__asm__ volatile("mrs %0, cntv_cval_el0" : "=r"(cval));
	__asm__ volatile("msr cntv_ctl_el0, %0; isb" : : "r"(0UL));
	last_lat = stamp - cval;
	fired = 1;
}

void bench_main(uint64_t boot_stamp, const void *dtb)
{
	struct dt_info dt;
	uint32_t seed = 12345, n = 0;
	print_preamble(boot_stamp);
	dt_parse(dtb, &dt);
	gic_init_dist(dt.gicd);
	gic_init_cpu(dt.gicr, read_mpidr(), INTID_VTIMER);
	uint64_t t_start = now();
	for (uint32_t i = 0; i < SAMPLES; i++) {
		seed = seed * 1103515245u + 12345u;
		fired = 0;
		timer_arm(now() + 300 + ((seed >> 16) & 511));
		wait_fired();
		samples[n++] = last_lat;
	}
	line_begin("timer_run");
	kv("ticks", now() - t_start);
	line_end();
	report_samples("timer_lat", samples, n);
}

void secondary_main(uint64_t cpu)
{
	(void)cpu;
}

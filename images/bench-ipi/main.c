/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SGI latency. (a) to self: vCPU 0 stamps CNTVCT, writes ICC_SGI1R_EL1 for
 * itself with IRQs unmasked; sample = handler's first-instruction stamp -
 * send stamp. (b) between vCPUs of this VM: vCPU 1 (PSCI CPU_ON) waits in
 * WFI; vCPU 0 stamps and sends SGI 1 to it; sample = vCPU 1's handler stamp
 * - send stamp (both read the same VM's virtual counter).
 */
#include "../bench-lib/lib.h"

const char bench_name[] = "bench-ipi";

#define SAMPLES 1000
#define SGI_SELF 0
#define SGI_CROSS 1

static uint64_t samples[SAMPLES];
static struct dt_info dt;
static volatile uint32_t got;
static volatile uint64_t got_stamp;
static volatile uint32_t cpu1_ready;

void bench_irq_handler(uint64_t stamp, uint32_t intid)
{
	if (intid == SGI_SELF || intid == SGI_CROSS) {
		got_stamp = stamp;
		__asm__ volatile("dmb sy" ::: "memory");
		got = 1;
	}
}

/*
 * Stamp, send, wait with IRQs unmasked until the handler (here or there)
 * ran. The wait loop has a WFE: QEMU's single-threaded round robin (forced
 * by -icount) then switches to the other vCPU at once instead of letting
 * this one spin out its time slice.
 */
static uint64_t send_and_wait(uint32_t intid, uint64_t target)
{
	got = 0;
	uint64_t t0 = now();
	gic_send_sgi(intid, target);
	__asm__ volatile("msr daifclr, #2\n"
			 "1: ldr w16, [%0]\n"
			 "cbnz w16, 2f\n"
			 "wfe\n"
			 "b 1b\n"
			 "2: msr daifset, #2\n"
			 : : "r"(&got) : "x16", "x17", "memory");
	return got_stamp - t0;
}

void secondary_main(uint64_t cpu)
{
	(void)cpu;
	gic_init_cpu(dt.gicr, read_mpidr(), SGI_CROSS);
	cpu1_ready = 1;
	/* Idle in WFI with IRQs unmasked; the vector clobbers x17 only. */
	__asm__ volatile("msr daifclr, #2\n"
			 "1: wfi\n"
			 "b 1b\n" : : : "x17", "memory");
}

void bench_main(uint64_t boot_stamp, const void *dtb)
{
	uint64_t me;
	print_preamble(boot_stamp);
	dt_parse(dtb, &dt);
	me = read_mpidr();
	gic_init_dist(dt.gicd);
	gic_init_cpu(dt.gicr, me, SGI_SELF);
	for (uint32_t i = 0; i < SAMPLES; i++)
		samples[i] = send_and_wait(SGI_SELF, me);
	report_samples("sgi_self_lat", samples, SAMPLES);

	uint64_t other = ~0UL;
	for (uint32_t i = 0; i < dt.cpu_num; i++)
		if ((dt.cpu_mpidr[i] & 0xff00ffffffUL) != me)
			other = dt.cpu_mpidr[i];
	if (other == ~0UL) {
		puts_("BENCH-SKIP sgi_cross: only one vCPU in the device tree\n");
		return;
	}
	uint64_t r = psci_call(PSCI_CPU_ON, other, (uint64_t)secondary_entry, 1);
	if (r != 0) {
		puts_("BENCH-SKIP sgi_cross: PSCI CPU_ON failed\n");
		return;
	}
	while (!cpu1_ready)
		__asm__ volatile("wfe");
	for (uint32_t i = 0; i < SAMPLES; i++) {
		samples[i] = send_and_wait(SGI_CROSS, other);
	}
	report_samples("sgi_cross_lat", samples, SAMPLES);
}

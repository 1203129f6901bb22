/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exit costs: a null HVC (PSCI_VERSION) round trip, a read of the UART's
 * flag register (trapped and emulated when the VM's PL011 is virtual), and a
 * read of GICD_TYPER (emulated distributor under the hypervisor). Each op
 * runs ITERS times in an asm loop; the same loop without the op is the
 * baseline: per op = 1 + (loop_ticks - base_ticks) / iters instructions
 * (bench/run.py computes it; the op itself counts as one instruction).
 */
#include "../bench-lib/lib.h"

const char bench_name[] = "bench-exit";

#define ITERS 10000

/* The loop bodies: x9 counts down; the op is one instruction. */
#define LOOP(op, setup)                                                        \
	__asm__ volatile(setup "mov x9, %[n]\n"                                \
			 "1: " op "\n"                                         \
			 "subs x9, x9, #1\n"                                   \
			 "b.ne 1b\n"                                           \
			 :                                                     \
			 : [n] "r"((uint64_t)ITERS), [a] "r"(addr)             \
			 : "x0", "x1", "x2", "x3", "x9", "x10", "memory", "cc")

static uint64_t run(int which, uint64_t addr)
{
	uint64_t t0 = now();
	switch (which) {
	case 0:
		LOOP("nop", "");
		break;
	case 2:
		LOOP("ldr w1, [%[a]]", "");
		break;
	}
	return now() - t0;
}

static void report(const char *name, uint64_t ticks, uint64_t base)
{
	line_begin(name);
	kv("iters", ITERS);
	kv("loop_ticks", ticks);
	kv("base_ticks", base);
	line_end();
}

void bench_main(uint64_t boot_stamp, const void *dtb)
{
	struct dt_info dt;
	print_preamble(boot_stamp);
	dt_parse(dtb, &dt);
	/* The empty loop: "nop" stands for the op. */
	uint64_t base = run(0, 0);
	/* PSCI_VERSION in x0 for every iteration: hvc clobbers x0. */
	uint64_t t0 = now();
	__asm__ volatile("mov x9, %[n]\n"
			 "1: movz w0, #0x8400, lsl #16\n"
			 "hvc #0\n"
			 "subs x9, x9, #1\n"
			 "b.ne 1b\n"
			 :
			 : [n] "r"((uint64_t)ITERS)
			 : "x0", "x1", "x2", "x3", "x9", "memory", "cc");
	uint64_t hvc = now() - t0;
	/* the same loop with "mov" in place of the hvc for the baseline */
	t0 = now();
	__asm__ volatile("mov x9, %[n]\n"
			 "1: movz w0, #0x8400, lsl #16\n"
			 "nop\n"
			 "subs x9, x9, #1\n"
			 "b.ne 1b\n"
			 :
			 : [n] "r"((uint64_t)ITERS)
			 : "x0", "x9", "memory", "cc");
	uint64_t hvc_base = now() - t0;
	line_begin("psci_version");
	kv("value", psci_call(PSCI_VERSION, 0, 0, 0));
	line_end();
	report("hvc_null", hvc, hvc_base);
	report("mmio_uartfr", run(2, UARTFR), base);
	/* Last: if the distributor is not emulated, this may stop the VM. */
	report("mmio_gicd_typer", run(2, dt.gicd + 0x4), base);
}

void bench_irq_handler(uint64_t stamp, uint32_t intid)
{
	(void)stamp;
	(void)intid;
}

void secondary_main(uint64_t cpu)
{
	(void)cpu;
}

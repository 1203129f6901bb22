/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interference VM: streams over 4 MiB of its RAM (read-modify-write, one
 * word per 64-byte line) and prints a console line after each pass, for
 * ever: the bench runner stops QEMU once the measuring VM is done. Never
 * unmasks nor takes interrupts.
 */
#include "../bench-lib/lib.h"

const char bench_name[] = "bench-hammer";

#define BUF_BYTES (4u << 20)

static uint64_t buf[BUF_BYTES / 8];

void bench_main(uint64_t boot_stamp, const void *dtb)
{
	(void)dtb;
	print_preamble(boot_stamp);
	for (uint32_t r = 0;; r++) {
		for (uint32_t i = 0; i < BUF_BYTES / 8; i += 8)
			buf[i] += i ^ r;
		puts_("hammer pass ");
		put_u64(r);
		puts_(" xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
	}
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

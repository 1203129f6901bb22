/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot time: the virtual counter in the guest's second instruction
 * (head.S), and before its first console line. With -icount shift=4 on
 * QEMU virt a tick is one instruction executed since reset (all CPUs).
 * Built twice: as is, and padded with zeros to 30 MiB (bench-boot-30m).
 */
#include "../bench-lib/lib.h"

const char bench_name[] = "bench-boot";

void bench_main(uint64_t boot_stamp, const void *dtb)
{
	(void)dtb;
	print_preamble(boot_stamp);
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

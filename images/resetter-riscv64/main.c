/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 reset test guest: at every boot check that memory is fresh
 * (initialised data, .bss and a marker far into RAM), that the other harts
 * of the VM are stopped, then dirty memory, start hart 1 spinning (when
 * the VM has one) and ask for SBI SRST cold reboot, RESETS times; then shut
 * down. The boot count lives in NVRAM_BASE: a DEVICE-flagged region of the
 * config, which a VM reset does not clear.
 */
#include "guest.h"

#ifndef RESETS
#define RESETS 3
#endif
#ifndef NCPUS
#define NCPUS 1
#endif
#ifndef NVRAM_BASE
#define NVRAM_BASE 0x84000000UL /* the config's DEVICE region */
#endif
#define NVRAM  ((volatile uint64_t *)NVRAM_BASE)
#define MARKER ((volatile uint64_t *)0x80800000UL)
#define MAGIC  0x4e5652414d21ULL
#define HSM_STOPPED 1

static volatile uint64_t data_var = 0x1234;
static volatile uint64_t bss_var;
static volatile uint64_t spinning;

void secondary_main(uint64_t hartid, uint64_t opaque);
void secondary_main(uint64_t hartid, uint64_t opaque)
{
	(void)hartid;
	(void)opaque;
	spinning = 1;
	for (;;)
		; /* never traps: the reset must kick it out of the guest */
}

static int others_stopped(void)
{
	for (long h = 1; h < NCPUS; h++)
		if (sbi_ecall(SBI_EXT_HSM, 2, h, 0, 0).value != HSM_STOPPED)
			return 0;
	return 1;
}

int main(uint64_t hartid, uint64_t dtb);
int main(uint64_t hartid, uint64_t dtb)
{
	uint64_t boot;
	int fresh = data_var == 0x1234 && bss_var == 0 && *MARKER == 0;

	(void)hartid;
	(void)dtb;
	if (NVRAM[1] != MAGIC) {
		NVRAM[0] = 0;
		NVRAM[1] = MAGIC;
	}
	boot = ++NVRAM[0];
	gprintf("resetter: boot %lu: %s, other harts %s\n", boot,
		fresh ? "memory is fresh" : "STALE MEMORY",
		others_stopped() ? "stopped" : "STILL RUNNING");
	data_var = 0xdead;
	bss_var = 0xbeef;
	*MARKER = 0xfeedface;
	if (boot <= RESETS) {
		if (NCPUS > 1) {
			sbi_ecall(SBI_EXT_HSM, 0, 1, (long)(uintptr_t)secondary_start, 0);
			while (!spinning)
				;
		}
		gprintf("resetter: SRST reboot %lu of %d\n", boot, RESETS);
		sbi_reboot();
	}
	gprintf("resetter: done after %d resets\n", RESETS);
	return 0;
}

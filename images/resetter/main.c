/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reset test guest: at every boot check that memory is fresh (initialised
 * data has its initial value, .bss and a marker far into RAM are zero),
 * then dirty all three and ask for PSCI SYSTEM_RESET, RESETS times; then
 * power off. The boot count lives in a small region flagged DEVICE in the
 * config, which the hypervisor does not clear (an NVRAM stand-in).
 */
#include "guest.h"

#ifndef RESETS
#define RESETS 3
#endif
#define NVRAM  ((volatile uint64_t *)0x51000000UL)
#define MARKER ((volatile uint64_t *)0x50800000UL)
#define MAGIC  0x4e5652414d21ULL

static volatile uint64_t data_var = 0x1234;
static volatile uint64_t bss_var;

int main(uint64_t dtb)
{
	uint64_t boot;
	bool fresh = data_var == 0x1234 && bss_var == 0 && *MARKER == 0;

	(void)dtb;
	if (NVRAM[1] != MAGIC) {
		NVRAM[0] = 0;
		NVRAM[1] = MAGIC;
	}
	boot = ++NVRAM[0];
	gprintf("resetter: boot %lu: data=0x%lx bss=0x%lx marker=0x%lx: %s\n", boot,
		data_var, bss_var, *MARKER, fresh ? "memory is fresh" : "STALE MEMORY");
	data_var = 0xdead;
	bss_var = 0xbeef;
	*MARKER = 0xfeedface;
	if (boot <= RESETS) {
		delay_ms(300); /* let a neighbour VM show it keeps running */
		gprintf("resetter: SYSTEM_RESET %lu of %d\n", boot, RESETS);
		hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		gprintf("resetter: SYSTEM_RESET returned!\n");
	}
	gprintf("resetter: done after %d resets\n", RESETS);
	psci_system_off();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 reset test guest: at every boot check that memory is fresh
 * (initialised data has its initial value, .bss and a marker far into RAM
 * are zero), then dirty all three and reset the VM -- through the keyboard
 * controller (0xfe to port 0x64), then the reset control register (0xcf9)
 * -- RESETS times; then power off. The boot count lives in a small region
 * flagged DEVICE in the config, which the hypervisor does not clear (an
 * NVRAM stand-in), as for the aarch64 resetter.
 */
#include "lib.h"

#define RESETS 2
#define NVRAM  ((volatile uint64_t *)0x1000000UL)
#define MARKER ((volatile uint64_t *)0x800000UL)
#define MAGIC  0x4e5652414d21ULL

static volatile uint64_t data_var = 0x1234;
static volatile uint64_t bss_var;

int main(void);
int main(void)
{
	bool fresh = data_var == 0x1234 && bss_var == 0 && *MARKER == 0;
	uint64_t boot;

	if (NVRAM[1] != MAGIC) {
		NVRAM[0] = 0;
		NVRAM[1] = MAGIC;
	}
	boot = ++NVRAM[0];
	puts_com1("resetter-x86_64: boot ");
	put_dec(boot);
	puts_com1(fresh ? ", memory fresh\n" : ", MEMORY NOT FRESH\n");
	if (boot > RESETS) {
		puts_com1("resetter-x86_64: done\n");
		return 0;
	}
	data_var = 0xdead;
	bss_var = 1;
	*MARKER = 1;
	if (boot == 1) {
		puts_com1("resetter-x86_64: reset through the keyboard controller\n");
		outb(0x64, 0xfe);
	} else {
		puts_com1("resetter-x86_64: reset through port 0xcf9\n");
		outb(0xcf9, 0x06);
	}
	puts_com1("resetter-x86_64: STILL RUNNING after reset\n");
	for (;;)
		__asm__ volatile("hlt");
}

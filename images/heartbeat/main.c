/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Heartbeat guest: prints "heartbeat N" every PERIOD_MS (busy-waiting on
 * the virtual counter), BEATS times, then powers its VM off. The console
 * multiplexer tags each line with the VM's name.
 */
#include "guest.h"

#ifndef BEATS
#define BEATS 10
#endif
#ifndef PERIOD_MS
#define PERIOD_MS 100
#endif

int main(uint64_t dtb)
{
	(void)dtb;
	gprintf("heartbeat: up on MPIDR 0x%lx, %d beats every %d ms\n", read_mpidr(),
		BEATS, PERIOD_MS);
	for (int i = 1; i <= BEATS; i++) {
		delay_ms(PERIOD_MS);
		gprintf("heartbeat %d\n", i);
	}
	gprintf("heartbeat: done, %d beats\n", BEATS);
	psci_system_off();
}

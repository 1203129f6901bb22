/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMP reset test guest: the boot vCPU starts its secondaries, which spin in
 * the guest without ever trapping; it then resets the whole VM under them
 * (twice) and finally powers it off, still under them. The hypervisor must
 * pull the spinning vCPUs out (an SGI) before it clears the VM's memory.
 * The boot count lives in a DEVICE-flagged region the reset does not clear.
 */
#include "guest.h"

#ifndef NCPUS
#define NCPUS 3
#endif
#define RESETS 2
#define NVRAM ((volatile uint64_t *)0x61000000UL)
#define MAGIC 0x534d5052535421ULL

static volatile uint64_t turn;
static volatile uint64_t spins[NCPUS];
static volatile uint64_t data_var = 0x5678;

void secondary_main(uint64_t idx)
{
	while (turn != idx)
		;
	gprintf("smp-reset: boot %lu: vCPU %lu up, MPIDR 0x%lx\n", NVRAM[0], idx, read_mpidr());
	turn = idx + 1;
	for (;;)
		spins[idx]++; /* never traps: only an interrupt gets it out */
}

static void wait_spinning(void)
{
	for (int i = 1; i < NCPUS; i++) {
		while (spins[i] < 1000)
			;
	}
}

int main(uint64_t dtb)
{
	uint64_t first = read_mpidr(), boot;
	bool fresh = turn == 0 && data_var == 0x5678 && spins[1] == 0;

	(void)dtb;
	if (NVRAM[1] != MAGIC) {
		NVRAM[0] = 0;
		NVRAM[1] = MAGIC;
	}
	boot = ++NVRAM[0];
	gprintf("smp-reset: boot %lu: %s\n", boot, fresh ? "memory is fresh" : "STALE MEMORY");
	data_var = 0;
	turn = 1;
	for (uint64_t i = 1; i < NCPUS; i++)
		hvc_call(PSCI_CPU_ON, first + i, (uint64_t)secondary_start, i);
	while (turn != NCPUS)
		;
	wait_spinning();
	if (boot <= RESETS) {
		gprintf("smp-reset: boot %lu: SYSTEM_RESET while %d vCPUs spin\n", boot, NCPUS - 1);
		hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		gprintf("smp-reset: SYSTEM_RESET returned!\n");
	}
	gprintf("smp-reset: boot %lu: SYSTEM_OFF while %d vCPUs spin\n", boot, NCPUS - 1);
	psci_system_off();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMP test guest: the boot vCPU starts every secondary with PSCI CPU_ON
 * (by MPIDR: the config pins vCPU i to the CPU with MPIDR first + i, and
 * the guest sees those MPIDRs), each secondary prints its
 * MPIDR in turn and powers itself off with CPU_OFF; the boot vCPU waits for
 * AFFINITY_INFO to report them off, checks that CPU_ON of an MPIDR the VM
 * does not have is refused, and powers the VM off.
 */
#include "guest.h"

#ifndef NCPUS
#define NCPUS 3
#endif

#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define AFF_OFF 1

/* MMU off: these are Device accesses, coherent between our vCPUs. */
static volatile uint64_t turn;
static volatile uint64_t seen_mpidr[NCPUS];
static uint64_t first_mpidr;

void secondary_main(uint64_t idx)
{
	while (turn != idx)
		;
	seen_mpidr[idx] = read_mpidr();
	gprintf("smp: secondary vCPU %lu up, MPIDR 0x%lx\n", idx, seen_mpidr[idx]);
	turn = idx + 1;
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
	gprintf("smp: CPU_OFF returned on vCPU %lu!\n", idx);
	guest_halt();
}

/* Start them all, then report once they have printed (one UART, no lock). */
static void start_all(void)
{
	int64_t r[NCPUS];

	for (uint64_t i = 1; i < NCPUS; i++)
		r[i] = hvc_call(PSCI_CPU_ON, first_mpidr + i, (uint64_t)secondary_start, i);
	while (turn != NCPUS)
		;
	for (uint64_t i = 1; i < NCPUS; i++)
		gprintf("smp: CPU_ON(MPIDR 0x%lx) = %ld\n", first_mpidr + i, r[i]);
}

static void wait_all_off(void)
{
	for (uint64_t i = 1; i < NCPUS; i++) {
		while (hvc_call(PSCI_AFFINITY, first_mpidr + i, 0, 0) != AFF_OFF)
			;
	}
	gprintf("smp: all %d secondaries are off again\n", NCPUS - 1);
}

int main(uint64_t dtb)
{
	uint64_t not_ours;
	int64_t r;

	(void)dtb;
	first_mpidr = read_mpidr();
	not_ours = first_mpidr == 0 ? NCPUS : 0;
	gprintf("smp: boot vCPU MPIDR 0x%lx, PSCI version 0x%lx, %d vCPUs\n",
		read_mpidr(), hvc_call(PSCI_VERSION, 0, 0, 0), NCPUS);
	turn = 1;
	start_all();
	wait_all_off();
	r = hvc_call(PSCI_CPU_ON, not_ours, (uint64_t)secondary_start, 0);
	gprintf("smp: CPU_ON of MPIDR 0x%lx (not ours) = %ld (%s)\n", not_ours, r,
		r == PSCI_INVALID_PARAMETERS ? "refused as expected" : "UNEXPECTED");
	r = smc_call(PSCI_CPU_ON, first_mpidr, (uint64_t)secondary_start, 0);
	gprintf("smp: CPU_ON of itself over SMC = %ld (%s)\n", r,
		r == PSCI_ALREADY_ON ? "ALREADY_ON as expected" : "UNEXPECTED");
	gprintf("smp: done\n");
	psci_system_off();
}

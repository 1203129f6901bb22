/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 SMP guest: hart 0 starts every other hart of the VM with SBI HSM
 * hart_start, each prints in turn and stops itself with hart_stop; hart 0
 * waits for hart_get_status to report them stopped, checks that a hart the
 * VM does not have is refused, and shuts the VM down.
 */
#include "guest.h"

#ifndef NCPUS
#define NCPUS 2
#endif

#define HSM_STOPPED 1
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_INVALID_ADDRESS (-5)

static volatile uint64_t turn = 1;

void secondary_main(uint64_t hartid, uint64_t opaque);
void secondary_main(uint64_t hartid, uint64_t opaque)
{
	while (turn != hartid)
		;
	gprintf("smp: hart %lu up (opaque 0x%lx)\n", hartid, opaque);
	__atomic_store_n(&turn, hartid + 1, __ATOMIC_RELEASE);
	sbi_ecall(SBI_EXT_HSM, 1, 0, 0, 0);
	gprintf("smp: hart_stop returned on hart %lu!\n", hartid);
}

int main(uint64_t hartid, uint64_t dtb);
int main(uint64_t hartid, uint64_t dtb)
{
	struct sbiret r;

	(void)dtb;
	gprintf("smp: boot hart %lu starts %d others\n", hartid, NCPUS - 1);
	for (long h = 1; h < NCPUS; h++) {
		r = sbi_ecall(SBI_EXT_HSM, 0, h, (long)(uintptr_t)secondary_start, 0x100 + h);
		if (r.error)
			gprintf("smp: hart_start(%ld) = %ld\n", h, r.error);
	}
	for (long h = 1; h < NCPUS; h++)
		while (sbi_ecall(SBI_EXT_HSM, 2, h, 0, 0).value != HSM_STOPPED)
			;
	gprintf("smp: all %d secondaries stopped again\n", NCPUS - 1);
	r = sbi_ecall(SBI_EXT_HSM, 0, NCPUS, (long)(uintptr_t)secondary_start, 0);
	gprintf("smp: hart_start(%d), not ours -> %ld (%s)\n", NCPUS, r.error,
		r.error == SBI_ERR_INVALID_PARAM ? "refused" : "WRONG");
	r = sbi_ecall(SBI_EXT_HSM, 0, 1, 0x1000, 0);
	gprintf("smp: hart_start(1) at 0x1000 -> %ld (%s)\n", r.error,
		r.error == SBI_ERR_INVALID_ADDRESS ? "refused" : "WRONG");
	return 0;
}

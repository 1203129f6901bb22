/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 hello guest: greets through SBI DBCN, reports what the SBI BASE
 * extension says, checks that an extension the hypervisor does not offer
 * is refused and that DBCN write takes a buffer in its own memory only,
 * then shuts its VM down with SRST.
 */
#include "guest.h"

#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_EXT_PMU 0x504d55

static const char msg[] = "hello: DBCN write of a buffer in guest memory\n";

int main(uint64_t hartid, uint64_t dtb);
int main(uint64_t hartid, uint64_t dtb)
{
	struct sbiret ver = sbi_ecall(SBI_EXT_BASE, 0, 0, 0, 0);
	struct sbiret impl = sbi_ecall(SBI_EXT_BASE, 1, 0, 0, 0);
	struct sbiret hsm = sbi_ecall(SBI_EXT_BASE, 3, SBI_EXT_HSM, 0, 0);
	struct sbiret pmu = sbi_ecall(SBI_EXT_BASE, 3, SBI_EXT_PMU, 0, 0);
	struct sbiret nope = sbi_ecall(SBI_EXT_PMU, 0, 0, 0, 0);
	struct sbiret w;

	gprintf("Hello from a bare-metal guest! (VS-mode, hart %lu, DTB at 0x%lx)\n", hartid, dtb);
	gprintf("hello: SBI spec 0x%lx, impl 0x%lx, HSM probe %ld, PMU probe %ld\n",
		ver.value, impl.value, hsm.value, pmu.value);
	gprintf("hello: PMU call -> %ld (%s)\n", nope.error,
		nope.error == SBI_ERR_NOT_SUPPORTED ? "not supported, as expected" : "WRONG");
	w = sbi_ecall(SBI_EXT_DBCN, 0, sizeof(msg) - 1, (long)(uintptr_t)msg, 0);
	gprintf("hello: DBCN write -> %ld, %ld bytes\n", w.error, w.value);
	/* below the VM's RAM (GPA 0x8000_0000): not a buffer of ours */
	w = sbi_ecall(SBI_EXT_DBCN, 0, 16, 0x7ff00000L, 0);
	gprintf("hello: DBCN write outside guest RAM -> %ld (%s)\n", w.error,
		w.error == SBI_ERR_INVALID_PARAM ? "refused" : "WRONG");
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Calls from HS-mode to the SBI firmware (SBI 2.0 spec, chapter 3). */
#include "rv.h"
#include "sbi_defs.h"

struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){.error = (long)r0, .value = (long)r1};
}

long sbi_hart_start(uint64_t hartid, uint64_t addr, uint64_t opaque)
{
	return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, addr, opaque).error;
}

void sbi_send_ipi_one(uint32_t hartid)
{
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, 1, hartid, 0);
}

void sbi_set_timer(uint64_t stime)
{
	sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime, 0, 0);
}

long sbi_remote_fence_i(uint64_t mask, uint64_t base)
{
	return sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, mask, base, 0).error;
}

long sbi_remote_hfence_vvma(uint64_t mask, uint64_t base, uint64_t start, uint64_t size)
{
	register uint64_t r0 __asm__("a0") = mask;
	register uint64_t r1 __asm__("a1") = base;
	register uint64_t r2 __asm__("a2") = start;
	register uint64_t r3 __asm__("a3") = size;
	register uint64_t r6 __asm__("a6") = SBI_RFENCE_HFENCE_VVMA;
	register uint64_t r7 __asm__("a7") = SBI_EXT_RFENCE;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (long)r0;
}

/* SRST shutdown (SBI 2.0, 10.1); QEMU virt exits through its test device. */
void sbi_system_off(void)
{
	sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_TYPE_SHUTDOWN, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 timer and IPI guest (2 vCPUs):
 *  - 5 timer interrupts armed through SBI TIME set_timer, then 5 armed by
 *    writing stimecmp directly (Sstc: the VS-mode timer needs no exit);
 *  - a self IPI (SBI IPI to hart 0) and one to hart 1, which waits for it
 *    in WFI and reports it.
 * Each interrupt arrives in VS-mode through the guest's own vector; the
 * tick spacing is checked against the time CSR (10 ms apart at least).
 */
#include "guest.h"

#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define IRQ_SSI 1
#define IRQ_STI 5
#define TICK (10000000 / 100) /* 10 ms at the 10 MHz timebase */
#define TICKS 5
#define SCAUSE_IRQ (1UL << 63)

void ticker_vector(void);
void ticker_trap(uint64_t cause);

static volatile uint64_t ticks, ipis[2], bad, deadline, late_or_early;
static volatile int use_sstc, hart1_ready;

static inline uint64_t now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void arm(uint64_t when)
{
	deadline = when;
	if (use_sstc)
		__asm__ volatile("csrw 0x14d, %0" : : "r"(when)); /* stimecmp */
	else
		sbi_ecall(SBI_EXT_TIME, 0, (long)when, 0, 0);
}

void ticker_trap(uint64_t cause)
{
	uint64_t hart;

	__asm__ volatile("csrr %0, sscratch" : "=r"(hart));
	if (cause == (SCAUSE_IRQ | IRQ_STI)) {
		if (now() < deadline)
			late_or_early++;
		ticks++;
		arm(ticks % TICKS ? now() + TICK : ~0UL); /* stop after each run of 5 */
	} else if (cause == (SCAUSE_IRQ | IRQ_SSI)) {
		__asm__ volatile("csrc sip, %0" : : "r"(1UL << IRQ_SSI));
		ipis[hart & 1]++;
	} else {
		bad++;
		__asm__ volatile("csrw sie, zero");
	}
}

static void irq_on(uint64_t hart)
{
	__asm__ volatile("csrw sscratch, %0" : : "r"(hart));
	__asm__ volatile("csrw stvec, %0" : : "r"(ticker_vector));
	__asm__ volatile("csrs sie, %0" : : "r"((1UL << IRQ_STI) | (1UL << IRQ_SSI)));
	__asm__ volatile("csrs sstatus, %0" : : "r"(2UL));
}

void secondary_main(uint64_t hartid, uint64_t opaque);
void secondary_main(uint64_t hartid, uint64_t opaque)
{
	(void)opaque;
	irq_on(hartid);
	hart1_ready = 1;
	while (!ipis[1])
		__asm__ volatile("wfi");
	gprintf("ticker: hart %lu got its IPI\n", hartid);
	sbi_ecall(SBI_EXT_HSM, 1, 0, 0, 0);
}

static void run_ticks(const char *how)
{
	uint64_t start = now(), want = ticks + TICKS;

	arm(now() + TICK);
	while (ticks < want && now() - start < 100 * TICK)
		__asm__ volatile("wfi");
	gprintf("ticker: %lu ticks through %s in %lu ms\n", ticks - (want - TICKS), how,
		(now() - start) / (TICK / 10));
}

int main(uint64_t hartid, uint64_t dtb);
int main(uint64_t hartid, uint64_t dtb)
{
	(void)dtb;
	irq_on(hartid);
	run_ticks("SBI set_timer");
	use_sstc = 1;
	run_ticks("stimecmp (Sstc)");
	sbi_ecall(SBI_EXT_IPI, 0, 1, 0, 0);
	gprintf("ticker: self IPI %s\n", ipis[0] == 1 ? "received" : "MISSING");
	sbi_ecall(SBI_EXT_HSM, 0, 1, (long)(uintptr_t)secondary_start, 0);
	while (!hart1_ready) /* an IPI before its vector is set up would be lost */
		;
	sbi_ecall(SBI_EXT_IPI, 0, 1, 1, 0); /* mask bit 0 from base 1: hart 1 */
	while (sbi_ecall(SBI_EXT_HSM, 2, 1, 0, 0).value != 1)
		;
	gprintf("ticker: %lu early ticks, %lu unexpected traps, hart 0 IPIs %lu\n",
		late_or_early, bad, ipis[0]);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-side fuzzer (issue 18), and its victim (built with -DVICTIM).
 *
 * Fuzzer: a seeded xorshift64 drives OPS operations, deterministic for a
 * seed: random MMIO at the emulated devices (vGIC distributor and
 * redistributor, vPL011) and anywhere else outside its own RAM; random
 * HVC/SMC (PSCI calls that would stop or reset it excluded); random
 * system-register reads, and writes to the registers the hypervisor traps
 * (ICC_SGI*R, IMPLEMENTATION DEFINED CRn 11/15, ACTLR_EL1, DC set/way),
 * run from generated code; the vtimer/ptimer registers and GIC pending /
 * active state (the sequence that once lost the timer for good); and WFI
 * on a 1 ms vtimer, which must wake it every time (a lost timer interrupt
 * hangs it: the test's timeout catches that). Exceptions it causes
 * (aborts, UNDEFINED) are skipped over.
 *
 * Victim: ticks its vtimer at 100 Hz (CVAL-based, so late ticks are not
 * lost ticks) for VICTIM_MS while a RAM pattern sits in its memory, then
 * reports ticks expected / taken and whether the pattern is intact.
 * tests/integration/test_fuzz.py runs two fuzzers beside one victim.
 */
#include "gic.h"
#include "guest.h"

#ifndef SEED
#define SEED 1
#endif
#ifndef OPS
#define OPS 3000
#endif
#define VICTIM_MS 4000
#define RAM_SIZE 0x01000000ul


#ifdef VICTIM

static int fails;

static void check(const char *who, bool ok, const char *what)
{
	gprintf("%s: %s: %s\n", who, what, ok ? "ok" : "FAIL");
	fails += !ok;
}


#define PATTERN_WORDS (0x100000 / 8)
static uint64_t *const pattern = (uint64_t *)(GUEST_RAM_BASE + 0x800000);

static uint64_t pat(uint64_t i)
{
	return i * 0x9e3779b97f4a7c15ull ^ 0x5a5a;
}

int main(uint64_t dtb)
{
	uint64_t freq = read_cntfrq(), period = freq / 100, t0, cval, now;
	uint64_t ticks = 0, expect, bad = 0, i;
	uint32_t id;

	(void)dtb;
	gprintf("victim: start\n");
	for (i = 0; i < PATTERN_WORDS; i++)
		pattern[i] = pat(i);
	*reg32(GICR + 0x14) &= ~2u;
	*reg32(GICD) = 0x12;
	*reg32(GICR + SGI_BASE + 0x418) = 0x80000000;
	*reg32(GICR + SGI_BASE + 0x100) = 1u << 27;
	gic_cpu_if_enable();
	t0 = read_cntvct();
	cval = t0 + period;
	__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 ::"r"(cval), "r"(1ull));
	do {
		id = gic_ack();
		if (id == 27) {
			ticks++;
			cval += period;
			__asm__ volatile("msr cntv_cval_el0, %0; isb" ::"r"(cval));
		}
		if (id < 1020)
			gic_eoi(id);
		now = read_cntvct();
	} while (now - t0 < freq / 1000 * VICTIM_MS);
	/* Every deadline up to now must come, however late (catch-up). */
	expect = (now - t0) / period;
	while (ticks < expect && read_cntvct() - now < freq * 2) {
		id = gic_ack();
		if (id == 27) {
			ticks++;
			cval += period;
			__asm__ volatile("msr cntv_cval_el0, %0; isb" ::"r"(cval));
		}
		if (id < 1020)
			gic_eoi(id);
	}
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
	for (i = 0; i < PATTERN_WORDS; i++)
		bad += pattern[i] != pat(i);
	gprintf("victim: %lu ticks of %lu expected\n", ticks, expect);
	check("victim", ticks >= expect, "no timer interrupt lost");
	check("victim", bad == 0, "memory intact");
	gprintf("victim: %s\n", fails ? "FAIL" : "PASS");
	psci_system_off();
}

#else /* the fuzzer */

static uint64_t rng = SEED * 0x2545f4914f6cdd1dull + 1;
static volatile uint64_t skipped, wakes, lost;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

void guest_exception(struct guest_frame *f)
{
	uint64_t ec;

	(void)f;
	__asm__ volatile("mrs %0, esr_el1" : "=r"(ec));
	ec >>= 26;
	if (ec == 0x2f)
		return; /* SError: asynchronous, nothing to skip */
	skipped++;
	__asm__ volatile("mrs x9, elr_el1; add x9, x9, #4; msr elr_el1, x9" ::: "x9");
}

/* --- MMIO --------------------------------------------------------------- */

static bool own_ram(uint64_t a)
{
	return a >= GUEST_RAM_BASE && a < GUEST_RAM_BASE + RAM_SIZE;
}

static void mmio_at(uint64_t a)
{
	unsigned w = 1u << (rnd() % 4);
	uint64_t v = rnd();

	a &= ~(uint64_t)(w - 1);
	if (own_ram(a) || a == UART_BASE)
		return; /* our own code and data; UARTDR would print noise */
	if (rnd() & 1) {
		switch (w) {
		case 1: (void)*(volatile uint8_t *)a; break;
		case 2: (void)*(volatile uint16_t *)a; break;
		case 4: (void)*(volatile uint32_t *)a; break;
		default: (void)*(volatile uint64_t *)a; break;
		}
		return;
	}
	switch (w) {
	case 1: *(volatile uint8_t *)a = (uint8_t)v; break;
	case 2: *(volatile uint16_t *)a = (uint16_t)v; break;
	case 4: *(volatile uint32_t *)a = (uint32_t)v; break;
	default: *(volatile uint64_t *)a = v; break;
	}
}

static void op_mmio(void)
{
	switch (rnd() % 4) {
	case 0: mmio_at(GICD + rnd() % 0x10000); break;
	case 1: mmio_at(GICR + rnd() % 0x20000); break;
	case 2: mmio_at(UART_BASE + rnd() % 0x1000); break;
	default: mmio_at(rnd() & 0xffffffffull); break; /* anywhere else */
	}
}

/* --- HVC / SMC ------------------------------------------------------------ */

static bool fid_stops_us(uint32_t fid)
{
	uint32_t f = fid & ~0x40000000u;

	/* CPU_SUSPEND/OFF, SYSTEM_OFF/RESET/RESET2/SUSPEND, CPU_FREEZE... */
	return (f & 0xffffff00u) == 0x84000000u && (f & 0xff) != 0 &&
	       (f & 0xff) != 3 && (f & 0xff) != 4 && (f & 0xff) != 0xa;
}

static void op_call(void)
{
	static const uint32_t bases[] = {0x80000000u, 0x84000000u, 0xc4000000u,
					 0x86000000u, 0xc6000000u, 0};
	uint32_t fid = bases[rnd() % 6] | (uint32_t)(rnd() % 0x20);

	if (rnd() % 4 == 0)
		fid = (uint32_t)rnd();
	if (fid_stops_us(fid))
		return;
	if (rnd() & 1)
		hvc_call(fid, rnd(), rnd(), rnd());
	else
		smc_call(fid, rnd(), rnd(), rnd());
}

/* --- system registers, from generated code (D17: MRS/MSR/SYS encodings) --- */

/*
 * Every MRS/MSR with op0 = 2 or 3 (and the three DC set/way ops), each as
 * "insn; ret", generated once at start: code written while running would
 * need an instruction-cache invalidate per op, which on QEMU flushes every
 * translated block of the machine and slows the other VMs to a crawl.
 */
#define SLOTS (1u << 16)
#define SLOT_DC (SLOTS) /* + 0..2: DC ISW, CSW, CISW */
static uint32_t code[SLOTS + 3][2] __attribute__((aligned(16)));

static uint32_t sysreg_insn(bool read, unsigned op0, unsigned op1, unsigned crn,
			    unsigned crm, unsigned op2)
{
	return 0xd5000000u | (read ? 1u << 21 : 0) | ((op0 & 3) << 19) |
	       ((op1 & 7) << 16) | ((crn & 15) << 12) | ((crm & 15) << 8) |
	       ((op2 & 7) << 5);
}

static uint32_t slot(bool read, unsigned op0, unsigned op1, unsigned crn,
		     unsigned crm, unsigned op2)
{
	return (read ? 1u << 15 : 0) | ((op0 & 1) << 14) | ((op1 & 7) << 11) |
	       ((crn & 15) << 7) | ((crm & 15) << 3) | (op2 & 7);
}

static void code_build(void)
{
	static const unsigned dc_crm[3] = {6, 10, 14};
	uint32_t i;

	for (i = 0; i < SLOTS; i++) {
		code[i][0] = sysreg_insn(i >> 15, 2 + ((i >> 14) & 1), i >> 11,
					 i >> 7, i >> 3, i);
		code[i][1] = 0xd65f03c0u; /* ret */
	}
	for (i = 0; i < 3; i++) {
		code[SLOT_DC + i][0] = sysreg_insn(false, 1, 0, 7, dc_crm[i], 2);
		code[SLOT_DC + i][1] = 0xd65f03c0u;
	}
	__asm__ volatile("dsb ish; ic iallu; dsb ish; isb" ::: "memory");
}

static uint64_t run_code(uint32_t n, uint64_t x0)
{
	register uint64_t r0 __asm__("x0") = x0;

	__asm__ volatile("blr %1" : "+r"(r0) : "r"(code[n]) : "x1", "x2", "x3", "x4",
			 "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			 "x15", "x16", "x17", "x30", "memory");
	return r0;
}

static void op_sysreg(void)
{
	uint64_t v = rnd();

	switch (rnd() % 6) {
	case 0: { /* any op0 = 3 register, read; not the CPU interface's
		   * (ICC_IAR* would acknowledge interrupts never completed) */
		uint32_t op1 = rnd() % 8, crn = rnd() % 16;

		if (!(op1 == 0 && crn == 12))
			run_code(slot(true, 3, op1, crn, rnd(), rnd()), 0);
		break;
	}
	case 1: /* IMPLEMENTATION DEFINED (HCR_EL2.TIDCP), read or write */
		run_code(slot(rnd() & 1, 3, rnd(), rnd() & 1 ? 15 : 11, rnd(), rnd()), v);
		break;
	case 2: /* ICC_SGI1R / ASGI1R / SGI0R: to ourselves or nobody */
		run_code(slot(rnd() & 1, 3, 0, 12, 11, 5 + rnd() % 3),
			 v & ~(0xffull << 16 | 0xffull << 32 | 0xffull << 48));
		break;
	case 3: /* ACTLR_EL1 (HCR_EL2.TACR) */
		run_code(slot(rnd() & 1, 3, 0, 1, 0, 1), v);
		break;
	case 4: /* DC ISW / CSW / CISW (HCR_EL2.TSW) */
		run_code(SLOT_DC + rnd() % 3, v & 0xffffffffull);
		break;
	default: /* debug / PMU registers, read */
		run_code(slot(true, 2 + (rnd() & 1), rnd() % 4, rnd(), rnd(), rnd()), 0);
		break;
	}
}

/* --- timers and the GIC state the timer depends on ------------------------- */

static void op_timer(void)
{
	uint64_t v = rnd();
#ifdef TRACE
	uint64_t save = rng;
	gprintf("timer op %lu v %lx\n", rnd() % 8, v);
	rng = save;
#endif

	switch (rnd() % 8) {
	case 0: __asm__ volatile("msr cntv_ctl_el0, %0; isb" ::"r"(v & 3)); break;
	case 1: __asm__ volatile("msr cntv_cval_el0, %0; isb" ::"r"(v)); break;
	case 2: __asm__ volatile("msr cntv_tval_el0, %0; isb" ::"r"(v & 0xffff)); break;
	case 3: __asm__ volatile("msr cntp_ctl_el0, %0; isb" ::"r"(v & 3)); break;
	case 4: __asm__ volatile("msr cntp_tval_el0, %0; isb" ::"r"(v & 0xffff)); break;
	case 5: *reg32(GICR + SGI_BASE + 0x280) = (uint32_t)v; break; /* ICPENDR0 */
	case 6: *reg32(GICR + SGI_BASE + 0x300) = (uint32_t)v; break; /* ISACTIVER0 */
	default: /* the three ops that once lost the vtimer for good */
		__asm__ volatile("msr cntv_ctl_el0, %0; isb" ::"r"(1ull));
		*reg32(GICR + SGI_BASE + 0x280) = 0x58585858;
		break;
	}
}

/* Undo what would keep a WFI from waking (not the hypervisor's business:
 * a real GIC would not wake us either), arm the vtimer 1 ms ahead, WFI
 * until it has fired. */
static void op_wfi(void)
{
	uint64_t freq = read_cntfrq();
	uint32_t id;
	bool got = false, dog = false;

	*reg32(GICR + 0x14) = 0;                          /* GICR_WAKER */
	*reg32(GICD) = 0x12;                              /* ARE | Grp1 */
	*reg32(GICR + SGI_BASE + 0x380) = ~0u;            /* ICACTIVER0 */
	*reg32(GICR + SGI_BASE + 0x418) = 0x80808080;     /* prio 24-27 */
	*reg32(GICR + SGI_BASE + 0x100) = 1u << 27;       /* ISENABLER0 */
	*reg32(GICD + 0x184) = ~0u;                       /* SPIs 32-63 off */
	*reg32(UART_BASE + 0x38) = 0;                     /* UARTIMSC */
	for (int n = 0; n < 64 && (id = gic_ack()) < 1020; n++)
		gic_eoi(id);                              /* nothing active */
	gic_cpu_if_enable();
	*reg32(GICR + SGI_BASE + 0x41c) = 0x80808080;     /* prio 28-31 */
	*reg32(GICR + SGI_BASE + 0x100) = 1u << 30;       /* ptimer too */
	/* The vtimer 1 ms ahead; the ptimer 1 s ahead as a watchdog, so a
	 * lost vtimer interrupt is reported instead of hanging in WFI. */
	__asm__ volatile("msr cntp_tval_el0, %0; msr cntp_ctl_el0, %1; isb"
			 ::"r"(freq), "r"(1ull));
	__asm__ volatile("msr cntv_tval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 ::"r"(freq / 1000), "r"(1ull));
	while (!got && !dog) {
		__asm__ volatile("dsb sy; wfi");
		while ((id = gic_ack()) < 1020) {
			got |= id == 27;
			dog |= id == 30;
			if (id == 27)
				__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
			if (id == 30)
				__asm__ volatile("msr cntp_ctl_el0, xzr; isb");
			gic_eoi(id);
		}
	}
	__asm__ volatile("msr cntp_ctl_el0, xzr; isb");
	if (got)
		wakes++;
	else
		lost++;
}

int main(uint64_t dtb)
{
	uint32_t i;

	(void)dtb;
	guest_vectors_install();
	code_build();
	gprintf("fuzz: seed %u, %u ops\n", (unsigned)SEED, (unsigned)OPS);
	for (i = 0; i < OPS; i++) {
#ifdef TRACE
		uint64_t save = rng;
		unsigned k = rnd() % 16;
		rng = save;
		*reg32(UART_BASE + 0x30) = 0x301;
		gprintf("op %u kind %u t %lu\n", i, k, read_cntvct() / (read_cntfrq() / 1000));
#endif
		switch (rnd() % 16) {
		case 0: case 1: case 2: case 3: case 4: case 5: op_mmio(); break;
		case 6: case 7: case 8: op_call(); break;
		case 9: case 10: case 11: op_sysreg(); break;
		case 12: case 13: op_timer(); break;
		default: op_wfi(); break;
		}
		if (i % 1000 == 999) {
			*reg32(UART_BASE + 0x30) = 0x301; /* UARTCR: TX on again */
			gprintf("fuzz: %u ops, %lu wakes, %lu lost\n", i + 1,
				(uint64_t)wakes, (uint64_t)lost);
		}
	}
	*reg32(UART_BASE + 0x30) = 0x301;
	gprintf("fuzz: done, %u ops, %lu exceptions skipped, %lu timer wakeups, %lu timer interrupts lost\n",
		(unsigned)OPS, (uint64_t)skipped, (uint64_t)wakes, (uint64_t)lost);
	psci_system_off();
}

#endif

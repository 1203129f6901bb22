/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Architectural guest tests (issue 18): what a guest that trusts its ID
 * registers, GIC and firmware interface does, run the same under the
 * hypervisor and natively at EL1 on plain QEMU (tests/integration/
 * test_archtest.py compares both). Every line "archtest: <name>: ok|FAIL"
 * is one check; "archtest: info: ..." lines are informational and may
 * differ between the two machines.
 *
 * Interrupts stay masked (PSTATE.I): they are polled through ICC_IAR1_EL1
 * as in images/vgic-test. Synchronous exceptions (debug events, aborts)
 * go to guest_exception().
 */
#include "gic.h"
#include "guest.h"

#define PPI_PMU    23
#define PPI_VTIMER 27
#define PPI_PTIMER 30
#define GICR_ISENABLER0 (GICR + SGI_BASE + 0x100)
#define GICR_ICENABLER0 (GICR + SGI_BASE + 0x180)
#define GICR_ISPENDR0   (GICR + SGI_BASE + 0x200)
#define GICR_ICPENDR0   (GICR + SGI_BASE + 0x280)
#define GICR_ISACTIVER0 (GICR + SGI_BASE + 0x300)
#define GICR_ICACTIVER0 (GICR + SGI_BASE + 0x380)
#define GICR_IPRIORITYR (GICR + SGI_BASE + 0x400)

/* ESR_EL1.EC (Arm ARM D17.2.37) */
#define EC_DABT_CUR  0x25
#define EC_BKPT_CUR  0x31
#define EC_STEP_CUR  0x33
#define EC_WATCH_CUR 0x35

static int fails;
static volatile uint64_t last_ec, exc_count, step_count;
static volatile uint64_t watched;

static void check(bool ok, const char *what)
{
	gprintf("archtest: %s: %s\n", what, ok ? "ok" : "FAIL");
	fails += !ok;
}

#define rd(r) sysreg_r(r)
#define wr(r, v) sysreg_w(r, v)

/* --- exceptions ------------------------------------------------------------ */

void guest_exception(struct guest_frame *f)
{
	uint64_t esr = rd("esr_el1"), ec = esr >> 26;

	(void)f;
	last_ec = ec;
	exc_count++;
	switch (ec) {
	case EC_BKPT_CUR:
		wr("dbgbcr0_el1", 0); /* return re-executes, no longer matching */
		break;
	case EC_WATCH_CUR:
		wr("dbgwcr0_el1", 0);
		break;
	case EC_STEP_CUR:
		/* Step again (PSTATE.SS = 1 on return) until three are done. */
		if (++step_count < 3)
			wr("spsr_el1", rd("spsr_el1") | (1u << 21));
		else
			wr("mdscr_el1", rd("mdscr_el1") & ~1ull);
		break;
	default:
		wr("elr_el1", rd("elr_el1") + 4); /* skip the faulting access */
		break;
	}
}

/* --- GIC helpers ------------------------------------------------------------- */

static void gic_setup(void)
{
	*reg32(GICR + 0x14) &= ~2u; /* GICR_WAKER.ProcessorSleep = 0 */
	*reg32(GICD) = 0x12;        /* ARE | EnableGrp1 */
	*reg32(GICR + SGI_BASE + 0x80) = ~0u; /* IGROUPR0: group 1 (natively 0) */
	for (int i = 0; i < 8; i++)
		*reg32(GICR_IPRIORITYR + 4 * i) = 0x80808080;
	gic_cpu_if_enable();
}

static void ppi_enable(uint32_t n, bool on)
{
	*reg32(on ? GICR_ISENABLER0 : GICR_ICENABLER0) = 1u << n;
}

static bool ppi_pending(uint32_t n)
{
	return (*reg32(GICR_ISPENDR0) >> n) & 1;
}

/* Poll for an interrupt for up to `ms`; INTID_SPURIOUS if none. EOIs it. */
static uint32_t wait_irq(uint64_t ms)
{
	uint64_t end = read_cntvct() + read_cntfrq() * ms / 1000;
	uint32_t intid;

	do {
		intid = gic_ack();
		if (intid < 1020) {
			gic_eoi(intid);
			return intid;
		}
	} while (read_cntvct() < end);
	return INTID_SPURIOUS;
}

/* Take every interrupt already pending (none expected to matter). */
static void drain_irqs(void)
{
	while (wait_irq(2) != INTID_SPURIOUS)
		;
}

/* --- timers: both EL1 timers, the interrupt disabled/enabled/masked ----------- */

struct tmr {
	const char *name;
	uint32_t ppi;
	bool virt;
};

static void t_ctl(const struct tmr *t, uint64_t v)
{
	if (t->virt)
		wr("cntv_ctl_el0", v);
	else
		wr("cntp_ctl_el0", v);
}

/* Fire now (TVAL 0) or in `ms` milliseconds. */
static void t_arm(const struct tmr *t, uint64_t ms, uint64_t ctl)
{
	uint64_t tval = read_cntfrq() * ms / 1000;

	if (t->virt)
		wr("cntv_tval_el0", tval);
	else
		wr("cntp_tval_el0", tval);
	t_ctl(t, ctl);
}

static void t_cval(const struct tmr *t, uint64_t cval)
{
	if (t->virt)
		wr("cntv_cval_el0", cval);
	else
		wr("cntp_cval_el0", cval);
}

static void say(const struct tmr *t, const char *what, bool ok)
{
	gprintf("archtest: %s %s: %s\n", t->name, what, ok ? "ok" : "FAIL");
	fails += !ok;
}

static void timer_orders(const struct tmr *t)
{
	uint32_t got;

	drain_irqs();
	/* enabled: fires */
	ppi_enable(t->ppi, true);
	t_arm(t, 2, 1);
	got = wait_irq(200);
	t_ctl(t, 0);
	say(t, "enabled fires", got == t->ppi);

	/* disabled, fires, line dropped (CTL = 0), enabled: nothing stale */
	ppi_enable(t->ppi, false);
	t_arm(t, 0, 1);
	delay_ms(5);
	say(t, "disabled: pending follows the line (high)", ppi_pending(t->ppi));
	t_ctl(t, 0);
	say(t, "disabled: pending follows the line (CTL cleared)", !ppi_pending(t->ppi));
	ppi_enable(t->ppi, true);
	say(t, "disabled then cleared: no stale interrupt", wait_irq(20) == INTID_SPURIOUS);

	/* disabled, fires, masked (IMASK), enabled: nothing; unmasked: fires */
	ppi_enable(t->ppi, false);
	t_arm(t, 0, 1);
	delay_ms(5);
	t_ctl(t, 3);
	ppi_enable(t->ppi, true);
	say(t, "disabled then masked: no interrupt", wait_irq(20) == INTID_SPURIOUS);
	t_ctl(t, 1);
	say(t, "unmasked: fires", wait_irq(200) == t->ppi);
	t_ctl(t, 0);

	/* masked first, expires, enabled: nothing; unmasked: fires */
	t_arm(t, 0, 3);
	delay_ms(5);
	say(t, "masked: not pending", !ppi_pending(t->ppi));
	say(t, "masked: no interrupt", wait_irq(20) == INTID_SPURIOUS);
	t_ctl(t, 1);
	say(t, "masked then unmasked: fires", wait_irq(200) == t->ppi);
	t_ctl(t, 0);

	/* enabled, fires while not acknowledged, CVAL moved ahead: gone */
	t_arm(t, 0, 1);
	delay_ms(5);
	t_cval(t, ~0ull >> 1);
	say(t, "CVAL moved ahead: not pending", !ppi_pending(t->ppi));
	say(t, "CVAL moved ahead: no interrupt", wait_irq(20) == INTID_SPURIOUS);
	t_ctl(t, 0);

	/* ICPENDR while the line is high (the fuzzer's three ops), then the
	 * timer must keep working: not lost for good. */
	t_arm(t, 0, 1);
	delay_ms(5);
	*reg32(GICR_ICPENDR0) = 0x58585858;
	t_ctl(t, 0);
	drain_irqs();
	t_arm(t, 3, 1);
	say(t, "after ICPENDR: fires again", wait_irq(200) == t->ppi);
	t_ctl(t, 0);
	drain_irqs();
}

/* CVAL near 2^64 must not freeze the machine (QEMU 7.2 + CNTVOFF). */
static void timer_cval_max(void)
{
	uint64_t ctl;

	wr("cntv_cval_el0", ~0ull - 5);
	wr("cntv_ctl_el0", 1);
	delay_ms(20);
	ctl = rd("cntv_ctl_el0");
	wr("cntv_ctl_el0", 0);
	check(!(ctl & 4), "vtimer CVAL near 2^64: not expired, machine alive");
}

/* --- PMU ------------------------------------------------------------------- */

static void test_pmu(void)
{
	uint64_t ver = (rd("id_aa64dfr0_el1") >> 8) & 0xf, n, c0, c1, cyc;
	uint32_t got;

	gprintf("archtest: info: ID_AA64DFR0_EL1.PMUVer %lu\n", ver);
	if (ver == 0 || ver == 0xf) {
		check(true, "no PMU advertised");
		return;
	}
	n = (rd("pmcr_el0") >> 11) & 0x1f;
	gprintf("archtest: info: PMCR_EL0.N %lu\n", n);
	check(n >= 1, "PMU has event counters");
	wr("pmselr_el0", 0);
	wr("pmxevtyper_el0", 0x11); /* CPU_CYCLES (QEMU counts INST_RETIRED only with -icount) */
	wr("pmevcntr0_el0", 0);
	wr("pmccntr_el0", 0);
	wr("pmcntenset_el0", (1ull << 31) | 1);
	wr("pmcr_el0", 1); /* E */
	c0 = rd("pmevcntr0_el0");
	for (volatile int i = 0; i < 1000; i++)
		;
	c1 = rd("pmevcntr0_el0");
	cyc = rd("pmccntr_el0");
	gprintf("archtest: info: PMU counted %lu + %lu cycles\n", c1 - c0, cyc);
	check(c1 > c0, "PMU event counter counts");
	check(cyc > 0, "PMU cycle counter counts");

	/* Overflow interrupt (PPI 23), forwarded to the guest. */
	drain_irqs();
	ppi_enable(PPI_PMU, true);
	wr("pmintenset_el1", 1);
	wr("pmevcntr0_el0", 0xffffff00u);
	for (volatile int i = 0; i < 1000; i++)
		;
	wr("pmcntenclr_el0", 1);
	got = INTID_SPURIOUS;
	for (int i = 0; i < 100 && got != PPI_PMU; i++) {
		uint32_t id = gic_ack();

		if (id < 1020) {
			got = id;
			wr("pmovsclr_el0", 1); /* lower the line, then deactivate */
			gic_eoi(id);
		}
		delay_ms(1);
	}
	check(got == PPI_PMU, "PMU overflow interrupt (PPI 23) delivered");
	wr("pmintenclr_el1", 1);
	wr("pmovsclr_el0", ~0ull);
	wr("pmcr_el0", 0);
	ppi_enable(PPI_PMU, false);
}

/* --- self-hosted debug ------------------------------------------------------- */

__attribute__((noinline)) static int bp_target(int x)
{
	__asm__ volatile("");
	return x + 1;
}

static void debug_on(void)
{
	wr("oslar_el1", 0);                     /* OS Lock off */
	wr("mdscr_el1", (1u << 15) | (1u << 13)); /* MDE | KDE */
	__asm__ volatile("msr daifclr, #8; isb"); /* PSTATE.D = 0 */
}

static void test_debug(void)
{
	uint64_t dfr0 = rd("id_aa64dfr0_el1");

	gprintf("archtest: info: BRPs %lu WRPs %lu\n", ((dfr0 >> 12) & 0xf) + 1,
		((dfr0 >> 20) & 0xf) + 1);
	debug_on();

	/* Breakpoint: address match, EL1 (PMC = 0b01), BAS all. */
	exc_count = 0;
	last_ec = 0;
	wr("dbgbvr0_el1", (uint64_t)bp_target);
	wr("dbgbcr0_el1", (0xfu << 5) | (1u << 1) | 1);
	(void)bp_target(1);
	check(last_ec == EC_BKPT_CUR && exc_count == 1, "hardware breakpoint fires");

	/* Watchpoint: store to `watched`, EL1 (PAC = 0b01), 8 bytes. */
	exc_count = 0;
	last_ec = 0;
	wr("dbgwvr0_el1", (uint64_t)&watched);
	wr("dbgwcr0_el1", (0xffu << 5) | (3u << 3) | (1u << 1) | 1);
	watched = 42;
	check(last_ec == EC_WATCH_CUR && exc_count == 1 && watched == 42,
	      "watchpoint fires");

	/* Software step: ERET with SPSR_EL1.SS = 1, three instructions. */
	exc_count = 0;
	step_count = 0;
	wr("mdscr_el1", rd("mdscr_el1") | 1);   /* SS */
	__asm__ volatile(
		"adr	x0, 1f\n"
		"msr	elr_el1, x0\n"
		"mov	x0, #0x3c5\n"           /* EL1h, DAIF masked... */
		"bic	x0, x0, #0x200\n"       /* ...but D = 0 */
		"orr	x0, x0, #(1 << 21)\n"   /* SS */
		"msr	spsr_el1, x0\n"
		"isb\n"
		"eret\n"
		"1:	nop\n"
		"nop\n"
		"nop\n"
		"nop\n"
		::: "x0", "memory");
	wr("mdscr_el1", rd("mdscr_el1") & ~1ull);
	gprintf("archtest: info: %lu steps\n", step_count);
	check(step_count == 3, "single-step steps three instructions");
	wr("mdscr_el1", 0);
	__asm__ volatile("msr daifset, #8; isb");
}

/* --- GIC: what the DT and ID registers promise -------------------------------- */

static void test_gic_ids(void)
{
	uint32_t typer = *reg32(GICD + 4);
	uint64_t rtyper = *(volatile uint64_t *)(GICR + 8);

	gprintf("archtest: info: GICD_TYPER.LPIS %u GICR_TYPER.PLPIS %lu\n",
		(typer >> 17) & 1, rtyper & 1);
	check(((typer >> 17) & 1) == (rtyper & 1),
	      "GICD_TYPER.LPIS and GICR_TYPER.PLPIS agree");
}

/* Pending SGIs do not starve behind pending+active list registers. */
static void test_sgi_flood(void)
{
	uint32_t seen = 0, id;

	drain_irqs();
	*reg32(GICR_ISENABLER0) = 0xffff;
	*reg32(GICR_ISPENDR0) = 0x3;    /* SGIs 0, 1 pending... */
	*reg32(GICR_ISACTIVER0) = 0x3;  /* ...and active: never taken */
	*reg32(GICR_ISPENDR0) = 0xfffc; /* SGIs 2-15 */
	for (int i = 0; i < 200; i++) {
		id = gic_ack();
		if (id < 16) {
			seen |= 1u << id;
			gic_eoi(id);
		} else if (id < 1020) {
			gic_eoi(id);
		}
		if ((seen & 0xfffc) == 0xfffc)
			break;
		delay_ms(1);
	}
	gprintf("archtest: info: SGIs taken 0x%x\n", seen);
	check((seen & 0xfffc) == 0xfffc, "14 pending SGIs all delivered past 2 active ones");
	check(!(seen & 3), "active SGIs 0, 1 not taken again");
	*reg32(GICR_ICPENDR0) = 0xffff;
	*reg32(GICR_ICACTIVER0) = 0xffff;
	*reg32(GICR_ICENABLER0) = 0xffff;
	drain_irqs();
}

/* --- firmware interface ------------------------------------------------------------ */

static volatile uint64_t cpu_up[4];
static volatile uint64_t go;
static volatile int64_t race_ret[4];

#define PSCI_SUCCESS     0
#define PSCI_ALREADY_ON  (-4)
#define PSCI_NOT_SUPP    (-1)

static uint64_t mpidr_of(uint64_t idx)
{
	return (read_mpidr() & ~0xffull) | idx;
}

void secondary_main(uint64_t idx)
{
	cpu_up[idx & 3] = 1;
	__asm__ volatile("dsb sy");
	if (idx == 1) {
		while (!go)
			__asm__ volatile("dsb sy");
		race_ret[1] = hvc_call(PSCI_CPU_ON, mpidr_of(2),
				       (uint64_t)secondary_start, 2);
		__asm__ volatile("dsb sy");
		cpu_up[3] = 1;
	}
	/* vCPU 2 stays on: a CPU_ON that loses the race must find it on. */
	if (idx != 2)
		hvc_call(PSCI_CPU_OFF, 0, 0, 0);
	guest_halt();
}

static void test_cpu_on_race(void)
{
	int64_t a, b;

	a = hvc_call(PSCI_CPU_ON, mpidr_of(1), (uint64_t)secondary_start, 1);
	/*
	 * Ask again once the CPU is running: then ALREADY_ON is the only
	 * answer (PSCI 1.1 5.6.2). Asked while it is still starting, QEMU's
	 * own PSCI (natively) has answered SUCCESS on a loaded host; the
	 * racing case is checked below.
	 */
	for (uint64_t i = 0; !cpu_up[1] && i < 100000000; i++)
		__asm__ volatile("dsb sy");
	b = hvc_call(PSCI_CPU_ON, mpidr_of(1), (uint64_t)secondary_start, 1);
	gprintf("archtest: info: CPU_ON twice: %ld then %ld\n", a, b);
	check(a == PSCI_SUCCESS && b == PSCI_ALREADY_ON,
	      "CPU_ON twice: SUCCESS then ALREADY_ON");
	while (!cpu_up[1])
		__asm__ volatile("dsb sy");
	/* vCPU 0 and vCPU 1 start vCPU 2 at the same time. */
	go = 1;
	__asm__ volatile("dsb sy");
	race_ret[0] = hvc_call(PSCI_CPU_ON, mpidr_of(2), (uint64_t)secondary_start, 2);
	while (!cpu_up[3] || !cpu_up[2])
		__asm__ volatile("dsb sy");
	gprintf("archtest: info: racing CPU_ON: %ld and %ld\n", race_ret[0], race_ret[1]);
	check((race_ret[0] == PSCI_SUCCESS) + (race_ret[1] == PSCI_SUCCESS) == 1 &&
	      (race_ret[0] == PSCI_ALREADY_ON) + (race_ret[1] == PSCI_ALREADY_ON) == 1,
	      "racing CPU_ON: one SUCCESS, one ALREADY_ON");
}

/* Feature probes of unsupported SMCCC calls, then one real fault. */
static void test_probes_then_fault(void)
{
	int bad = 0;

	for (uint32_t i = 0; i < 100; i++)
		bad += hvc_call(0x86000000u + i, 0, 0, 0) != PSCI_NOT_SUPP;
	check(bad == 0, "100 unsupported SMCCC calls: NOT_SUPPORTED");
	exc_count = 0;
	last_ec = 0;
	(void)*(volatile uint32_t *)0x0f000000ul; /* nothing there, natively either */
	check(exc_count == 1 && last_ec == EC_DABT_CUR,
	      "access outside the VM: data abort");
}

int main(uint64_t dtb)
{
	static const struct tmr vt = {"vtimer", PPI_VTIMER, true};
	static const struct tmr pt = {"ptimer", PPI_PTIMER, false};

	(void)dtb;
	guest_vectors_install();
	gprintf("archtest: start\n");
	gic_setup();
	test_gic_ids();
	test_pmu();
	test_debug();
	timer_orders(&vt);
	timer_orders(&pt);
	timer_cval_max();
	test_sgi_flood();
	test_cpu_on_race();
	test_probes_then_fault();
	gprintf("archtest: %s (%d failures)\n", fails ? "FAIL" : "PASS", fails);
	psci_system_off();
}

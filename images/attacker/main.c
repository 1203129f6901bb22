/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Attacker guest: tries, one after another, everything a partition must
 * not be able to do, and reports for each attempt whether it was stopped
 * the architectural way (a synchronous external abort or UNDEFINED taken to
 * its own vector table, or a PSCI/SMCCC error code). Ends with a summary
 * line and powers its VM off. Run it next to a victim VM whose heartbeats
 * must go on undisturbed.
 */
#include "guest.h"

#ifndef VICTIM_BASE
#define VICTIM_BASE 0x50000000UL
#endif
#ifndef OTHER_BASE
#define OTHER_BASE 0x70000000UL
#endif
#define HV_TEXT     0x40200000UL
#define HV_BASE     0x40000000UL
#define RTC_PL031   0x09010000UL /* a device no VM was given */
#define VIRTIO_MMIO 0x0a000000UL

#define EC_UNKNOWN 0x00
#define EC_IABT_CUR 0x21
#define EC_DABT_CUR 0x25
#define FSC_SEA 0x10

static volatile uint64_t exc_count, exc_esr, exc_far;
static int attempts, blocked;

/* a32.S: run A32 code at EL0 until its first exception, then return. */
void run_a32_el0(const void *code);
extern char a32_resume[];

static bool from_aarch32_el0(void)
{
	uint64_t spsr;

	__asm__ volatile("mrs %0, spsr_el1" : "=r"(spsr));
	return spsr & 0x10; /* SPSR.M[4]: taken from AArch32 */
}

/* Every exception (guest-lib's vector table): record it, skip the access. */
void guest_exception(struct guest_frame *f)
{
	uint64_t esr, far, elr;

	__asm__ volatile("mrs %0, esr_el1; mrs %1, far_el1; mrs %2, elr_el1"
			 : "=r"(esr), "=r"(far), "=r"(elr));
	exc_count++;
	exc_esr = esr;
	exc_far = far;
	if (from_aarch32_el0()) {
		/* Back to EL1h in run_a32_el0's caller (its x19-x30 are restored there). */
		__asm__ volatile("msr spsr_el1, %0" ::"r"(0x3c5UL));
		__asm__ volatile("msr elr_el1, %0" ::"r"(a32_resume));
		return;
	}
	/* Resume after the access; a fetch abort returns to the caller (LR). */
	elr = ((esr >> 26) == EC_IABT_CUR) ? f->x[30] : elr + 4;
	__asm__ volatile("msr elr_el1, %0" ::"r"(elr));
}

static void report(const char *what, uint64_t addr, unsigned want_ec, uint64_t before)
{
	unsigned ec = (unsigned)(exc_esr >> 26);
	bool ok = exc_count == before + 1 && ec == want_ec &&
		  (want_ec == EC_UNKNOWN || (exc_esr & 0x3f) == FSC_SEA);

	attempts++;
	blocked += ok;
	if (ok)
		gprintf("attack %d: %s 0x%lx: blocked (%s, ESR_EL1 0x%lx)\n", attempts, what, addr,
			want_ec == EC_UNKNOWN ? "UNDEFINED" : "external abort", exc_esr);
	else
		gprintf("attack %d: %s 0x%lx: NOT BLOCKED (exceptions %lu, ESR_EL1 0x%lx)\n",
			attempts, what, addr, exc_count - before, exc_esr);
}

static void try_read(const char *what, uint64_t addr)
{
	uint64_t before = exc_count, v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	(void)v;
	report(what, addr, EC_DABT_CUR, before);
}

static void try_write(const char *what, uint64_t addr)
{
	uint64_t before = exc_count;

	__asm__ volatile("str %0, [%1]" ::"r"(0xbad0bad0bad0ULL), "r"(addr) : "memory");
	report(what, addr, EC_DABT_CUR, before);
}

static void try_exec(const char *what, uint64_t addr)
{
	uint64_t before = exc_count;

	__asm__ volatile("blr %0" ::"r"(addr)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
			   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x30",
			   "memory");
	report(what, addr, EC_IABT_CUR, before);
}

static void try_sysregs(void)
{
	uint64_t before = exc_count, v;

	/* ACTLR_EL1 read and write: HCR_EL2.TACR traps both to EL2. */
	__asm__ volatile("mrs %0, actlr_el1" : "=r"(v)::"memory");
	report("read ACTLR_EL1", 0, EC_UNKNOWN, before);
	before = exc_count;
	__asm__ volatile("msr actlr_el1, %0" ::"r"(v) : "memory");
	report("write ACTLR_EL1", 0, EC_UNKNOWN, before);
	/*
	 * An IMPLEMENTATION DEFINED encoding (HCR_EL2.TIDCP traps it where the
	 * CPU model implements TIDCP; UNDEFINED at EL1 otherwise).
	 */
	before = exc_count;
	__asm__ volatile("mrs %0, s3_0_c15_c0_0" : "=r"(v)::"memory");
	report("read IMP DEF S3_0_C15_C0_0", 0, EC_UNKNOWN, before);
	/* An EL2 register (HCR_EL2) from EL1. */
	before = exc_count;
	__asm__ volatile("mrs %0, s3_4_c1_c1_0" : "=r"(v)::"memory");
	report("read HCR_EL2 from EL1", 0, EC_UNKNOWN, before);
	(void)v;
}

/* A load pair on its own virtual UART: no syndrome (ISV = 0), not emulable. */
static void try_unemulable(void)
{
	uint64_t before = exc_count, a, b;

	__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(UART_BASE) : "memory");
	(void)a;
	(void)b;
	report("LDP on its own virtual UART (ISV=0)", UART_BASE, EC_DABT_CUR, before);
}

static void try_psci(void)
{
	uint64_t me = read_mpidr();

	for (uint64_t mpidr = 0; mpidr <= 3; mpidr++) {
		int64_t r;

		if (mpidr == me)
			continue;
		r = hvc_call(PSCI_CPU_ON, mpidr, VICTIM_BASE, 0);

		attempts++;
		blocked += r < 0;
		gprintf("attack %d: CPU_ON of MPIDR 0x%lx (not ours) = %ld: %s\n", attempts,
			mpidr, r, r < 0 ? "blocked" : "NOT BLOCKED");
	}
}

static void try_smccc(void)
{
	static const uint64_t fids[] = {0xc6000000, 0x82000000, 0x12345678, 0x8400ffff};

	for (unsigned i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		int64_t h = hvc_call(fids[i], 1, 2, 3), s = smc_call(fids[i], 1, 2, 3);

		attempts += 2;
		blocked += (h == -1) + (s == -1);
		gprintf("attack %d: HVC/SMC function 0x%lx = %ld/%ld: %s\n", attempts, fids[i],
			h, s, h == -1 && s == -1 ? "blocked (NOT_SUPPORTED)" : "NOT BLOCKED");
	}
}

static void try_setway(void)
{
	uint64_t before = exc_count;

	/* Set/way clean+invalidate of L1 set 0 way 0: trapped (TSW), done by VA. */
	__asm__ volatile("dc cisw, %0" ::"r"(0ULL) : "memory");
	attempts++;
	blocked += exc_count == before;
	gprintf("attack %d: DC CISW (set/way): %s\n", attempts,
		exc_count == before ? "contained (trapped, done on own memory only)" : "FAULTED");
}

/* Not an attack any more, counted as one: the PMU is this vCPU's own
 * physical CPU's (issue 18), used without exception, EL2 kept out of its
 * event counts where the PMU allows (MDCR_EL2.HPMD). */
static void contained(const char *what, uint64_t before)
{
	attempts++;
	blocked += exc_count == before;
	gprintf("attack %d: %s: %s\n", attempts, what,
		exc_count == before ? "contained (its own CPU's)" : "UNEXPECTED");
}

static void try_pmu(void)
{
	uint64_t before = exc_count, v = 0;

	__asm__ volatile("mrs %0, pmcr_el0" : "+r"(v)::"memory");
	contained("read PMCR_EL0", before);
	before = exc_count;
	__asm__ volatile("msr pmcr_el0, %0" ::"r"(0UL) : "memory");
	contained("write PMCR_EL0", before);
	before = exc_count;
	__asm__ volatile("mrs %0, pmccntr_el0" : "+r"(v)::"memory");
	contained("read PMCCNTR_EL0", before);
}

/* MDSCR_EL1: the vCPU's own CPU's debug state (issue 18), reset on restart. */
static void try_mdscr(void)
{
	uint64_t before = exc_count, v = 0;

	__asm__ volatile("msr mdscr_el1, %0" ::"r"(0xa000UL) : "memory"); /* MDE | KDE */
	__asm__ volatile("isb; mrs %0, mdscr_el1" : "=r"(v)::"memory");
	attempts++;
	blocked += exc_count == before && v == 0xa000;
	gprintf("attack %d: MDSCR_EL1 write 0xa000, read back 0x%lx: %s\n", attempts, v,
		exc_count == before && v == 0xa000 ? "contained (its own CPU's)" : "UNEXPECTED");
	__asm__ volatile("msr mdscr_el1, xzr" ::: "memory");
}

/*
 * From AArch32 EL0: MRC p14 of DBGDIDR, which EL0 may read. The debug
 * registers are the vCPU's own CPU's (MDCR_EL2.TDA clear, issue 18): the
 * read is not trapped, and the SVC after it comes back (EC 0x11).
 */
static void try_a32_cp14(void)
{
	static const uint32_t code[] __attribute__((aligned(8))) = {
		0xee100e10, /* mrc p14, 0, r0, c0, c0, 0 (DBGDIDR) */
		0xef000000, /* svc #0: reached only if the MRC was not trapped */
	};
	uint64_t before = exc_count, pfr0;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	if (((pfr0 >> 0) & 0xf) != 2) {
		gprintf("attacker: no AArch32 at EL0, CP14 attempt skipped\n");
		return;
	}
	run_a32_el0(code);
	attempts++;
	blocked += exc_count == before + 1 && (exc_esr >> 26) == 0x11;
	gprintf("attack %d: AArch32 EL0 MRC p14 DBGDIDR: %s (ESR_EL1 0x%lx)\n", attempts,
		(exc_esr >> 26) == 0x11 ? "contained (its own CPU's, SVC reached)" : "UNEXPECTED",
		exc_esr);
}

int main(uint64_t dtb)
{
	volatile uint64_t own = 0;

	(void)dtb;
	guest_vectors_install();
	gprintf("attacker: vectors installed, starting\n");
	try_read("read victim RAM", VICTIM_BASE);
	try_write("write victim RAM", VICTIM_BASE + 0x1000);
	try_read("read other VM RAM", OTHER_BASE);
	try_write("write other VM RAM", OTHER_BASE);
	try_read("read hypervisor text", HV_TEXT);
	try_write("write hypervisor text", HV_TEXT);
	try_read("read hypervisor memory", HV_BASE);
	try_write("write hypervisor memory", HV_BASE + 0x8000000);
	try_exec("execute victim RAM", VICTIM_BASE);
	try_exec("execute hypervisor text", HV_TEXT);
	try_read("read unassigned device (PL031)", RTC_PL031);
	try_write("write unassigned device (virtio-mmio)", VIRTIO_MMIO);
	try_sysregs();
	try_unemulable();
	try_psci();
	try_smccc();
	try_setway();
	try_pmu();
	try_mdscr();
	try_a32_cp14();
	own = 42;
	gprintf("attacker: own memory still usable (%lu), exceptions taken %lu\n", own, exc_count);
	gprintf("attacker: %d of %d attempts blocked%s\n", blocked, attempts,
		blocked == attempts ? " - isolation holds" : " - ISOLATION BROKEN");
	psci_system_off();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Debug and PMU hardware of a guest (arch/vdebug.h).
 *
 * Why hand it over (issue 18): a guest trusts ID_AA64DFR0_EL1, which
 * advertises PMUv3 and the breakpoint/watchpoint counts of the real CPU.
 * Trapping and faking those registers made a guest that believes the ID
 * register crash (PMU) or debug nothing (breakpoints stored, never fired).
 * Since the vCPU owns this physical CPU for life, the hardware holds only
 * this guest's state; MDCR_EL2 leaves it untrapped and keeps EL2 out of the
 * PMU's event counts where the architecture allows (sysreg.h). Debug
 * exceptions are routed to the guest's EL1 (MDCR_EL2.TDE = 0, Arm ARM
 * D2.4), and none is generated while EL2 code runs: EL2 is above that
 * debug target EL (D2.1.2).
 *
 * What is left here: the cold reset of that hardware when a vCPU starts,
 * so a reset VM finds no breakpoint, watchpoint, step or counter of its
 * previous life (Arm ARM D2.13 / D7.10 reset values, OS Lock locked).
 */
#include <arch/vdebug.h>
#include <hv/vm.h>

#include "sysreg.h"

#define PMCR_E    BIT(0)

/* ID_AA64DFR0_EL1 (D13.2.60): BRPs [15:12], WRPs [23:20], minus one. */
static unsigned dfr0_field(unsigned shift)
{
	return (unsigned)((read_sysreg(id_aa64dfr0_el1) >> shift) & 0xf) + 1;
}

#define BP_CLEAR(n) case n: write_sysreg(dbgbcr##n##_el1, 0ULL); \
	write_sysreg(dbgbvr##n##_el1, 0ULL); break
#define WP_CLEAR(n) case n: write_sysreg(dbgwcr##n##_el1, 0ULL); \
	write_sysreg(dbgwvr##n##_el1, 0ULL); break

static void bp_clear(unsigned n)
{
	switch (n) {
	BP_CLEAR(0); BP_CLEAR(1); BP_CLEAR(2); BP_CLEAR(3);
	BP_CLEAR(4); BP_CLEAR(5); BP_CLEAR(6); BP_CLEAR(7);
	BP_CLEAR(8); BP_CLEAR(9); BP_CLEAR(10); BP_CLEAR(11);
	BP_CLEAR(12); BP_CLEAR(13); BP_CLEAR(14); BP_CLEAR(15);
	}
}

static void wp_clear(unsigned n)
{
	switch (n) {
	WP_CLEAR(0); WP_CLEAR(1); WP_CLEAR(2); WP_CLEAR(3);
	WP_CLEAR(4); WP_CLEAR(5); WP_CLEAR(6); WP_CLEAR(7);
	WP_CLEAR(8); WP_CLEAR(9); WP_CLEAR(10); WP_CLEAR(11);
	WP_CLEAR(12); WP_CLEAR(13); WP_CLEAR(14); WP_CLEAR(15);
	}
}

static void debug_reset(void)
{
	unsigned n, brps = dfr0_field(12), wrps = dfr0_field(20);

	write_sysreg(mdscr_el1, 0ULL);
	for (n = 0; n < brps; n++)
		bp_clear(n);
	for (n = 0; n < wrps; n++)
		wp_clear(n);
	write_sysreg(oslar_el1, 1ULL); /* the OS Lock is locked after cold reset */
}

/* ID_AA64DFR0_EL1.PMUVer: 0 none, 0xf IMPLEMENTATION DEFINED. */
static bool has_pmuv3(void)
{
	uint64_t ver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;

	return ver != 0 && ver != 0xf;
}

static void pmu_reset(void)
{
	if (!has_pmuv3())
		return;
	write_sysreg(pmcntenclr_el0, ~0ULL);
	write_sysreg(pmintenclr_el1, ~0ULL);
	write_sysreg(pmovsclr_el0, ~0ULL);
	write_sysreg(pmuserenr_el0, 0ULL);
	write_sysreg(pmselr_el0, 0ULL);
	write_sysreg(pmccfiltr_el0, 0ULL);
	/* PMCR_EL0.E off only: writing P/C (counter reset) here made QEMU 7.2
	 * answer later kicks of this CPU slowly (test_partitioning smp-reset:
	 * "still in its guest after 100 ms"), not understood yet; counter
	 * values of the VM's previous life therefore survive its reset. */
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) & ~PMCR_E);
}

/* The PMU overflow interrupt request (D7.10 "Generating overflow
 * interrupt requests"): PMCR_EL0.E and a counter both overflowed and
 * enabled for interrupts. */
bool vdebug_pmu_line(void)
{
	if (!has_pmuv3() || !(read_sysreg(pmcr_el0) & PMCR_E))
		return false;
	return (read_sysreg(pmovsset_el0) & read_sysreg(pmintenset_el1)) != 0;
}

void vdebug_reset(struct vcpu *vcpu)
{
	(void)vcpu;
	debug_reset();
	pmu_reset();
	isb();
}

enum hv_err vdebug_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write)
{
	(void)vcpu, (void)iss, (void)val, (void)write;
	return HV_ERR_UNSUPP;
}

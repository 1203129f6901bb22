/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Debug/PMU register model (arch/aarch64/vdebug.c): what a guest reads and writes
 * through registers MDCR_EL2 traps (Arm ARM D13.2.71, D13.3, D13.4).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/vdebug.h>
#include <hv/vm.h>

/* ESR_EL2.ISS of an MRS/MSR (EC 0x18): Op0, Op2, Op1, CRn, Rt = 5, CRm, dir. */
static uint32_t iss(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
		    bool read)
{
	return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (5u << 5) | (crm << 1) |
	       (read ? 1u : 0u);
}

static struct vcpu v;

static int setup(void **state)
{
	(void)state;
	vdebug_reset(&v);
	return 0;
}

static enum hv_err rd(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
		      uint64_t *val)
{
	*val = 0xdeadbeef;
	return vdebug_sysreg(&v, iss(op0, op1, crn, crm, op2, true), val, false);
}

static enum hv_err wr(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
		      uint64_t val)
{
	return vdebug_sysreg(&v, iss(op0, op1, crn, crm, op2, false), &val, true);
}

/* MDSCR_EL1 keeps what the guest wrote (per vCPU, no effect). */
static void test_mdscr_stored(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(rd(2, 0, 0, 2, 2, &val), HV_OK);
	assert_int_equal(val, 0);
	assert_int_equal(wr(2, 0, 0, 2, 2, 0x9000), HV_OK); /* MDE | KDE-ish bits */
	assert_int_equal(rd(2, 0, 0, 2, 2, &val), HV_OK);
	assert_int_equal(val, 0x9000);
}

/* Breakpoint/watchpoint registers 0 and 15 (the last) are separate slots. */
static void test_bp_wp_slots(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(wr(2, 0, 0, 0, 4, 0x1000), HV_OK);  /* DBGBVR0 */
	assert_int_equal(wr(2, 0, 0, 15, 5, 0x1e7), HV_OK); /* DBGBCR15 */
	assert_int_equal(wr(2, 0, 0, 3, 6, 0x2000), HV_OK);  /* DBGWVR3 */
	assert_int_equal(wr(2, 0, 0, 3, 7, 0x1ff), HV_OK);   /* DBGWCR3 */
	assert_int_equal(rd(2, 0, 0, 0, 4, &val), HV_OK);
	assert_int_equal(val, 0x1000);
	assert_int_equal(rd(2, 0, 0, 15, 5, &val), HV_OK);
	assert_int_equal(val, 0x1e7);
	assert_int_equal(rd(2, 0, 0, 3, 6, &val), HV_OK);
	assert_int_equal(val, 0x2000);
	assert_int_equal(rd(2, 0, 0, 3, 7, &val), HV_OK);
	assert_int_equal(val, 0x1ff);
	assert_int_equal(rd(2, 0, 0, 15, 4, &val), HV_OK); /* DBGBVR15: untouched */
	assert_int_equal(val, 0);
}

/* OS Lock: locked at reset, OSLAR_EL1 unlocks, OSLSR_EL1 reports it. */
static void test_os_lock(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(rd(2, 0, 1, 1, 4, &val), HV_OK);
	assert_int_equal(val, 0xa); /* OSLM = 0b10, OSLK = 1 */
	assert_int_equal(wr(2, 0, 1, 0, 4, 0), HV_OK);
	assert_int_equal(rd(2, 0, 1, 1, 4, &val), HV_OK);
	assert_int_equal(val, 0x8);
	assert_int_equal(rd(2, 0, 1, 0, 4, &val), HV_ERR_UNSUPP); /* OSLAR is write-only */
	assert_int_equal(wr(2, 0, 1, 1, 4, 0), HV_ERR_UNSUPP);    /* OSLSR is read-only */
}

/* OSDLR_EL1.DLK: stored bit. */
static void test_os_double_lock(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(wr(2, 0, 1, 3, 4, 1), HV_OK);
	assert_int_equal(rd(2, 0, 1, 3, 4, &val), HV_OK);
	assert_int_equal(val, 1);
	assert_int_equal(wr(2, 0, 1, 3, 4, 0), HV_OK);
	assert_int_equal(rd(2, 0, 1, 3, 4, &val), HV_OK);
	assert_int_equal(val, 0);
}

/* MDRAR_EL1, MDCCSR_EL0 read as zero; writing them is UNDEFINED. */
static void test_read_only_zero(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(rd(2, 0, 1, 0, 0, &val), HV_OK);
	assert_int_equal(val, 0);
	assert_int_equal(rd(2, 3, 0, 1, 0, &val), HV_OK);
	assert_int_equal(val, 0);
	assert_int_equal(wr(2, 0, 1, 0, 0, 1), HV_ERR_UNSUPP);
}

/* PMUSERENR_EL0 is RAZ/WI (Linux clears it at boot). */
static void test_pmuserenr_raz_wi(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(wr(3, 3, 9, 14, 0, 0xf), HV_OK);
	assert_int_equal(rd(3, 3, 9, 14, 0, &val), HV_OK);
	assert_int_equal(val, 0);
}

/* Every other PMU register is not handled (→ UNDEFINED): PMCR, PMCCNTR, ... */
static void test_pmu_undefined(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(rd(3, 3, 9, 12, 0, &val), HV_ERR_UNSUPP);  /* PMCR_EL0 */
	assert_int_equal(wr(3, 3, 9, 12, 0, 1), HV_ERR_UNSUPP);
	assert_int_equal(rd(3, 3, 9, 13, 0, &val), HV_ERR_UNSUPP);  /* PMCCNTR_EL0 */
	assert_int_equal(wr(3, 3, 9, 12, 1, 1), HV_ERR_UNSUPP);     /* PMCNTENSET_EL0 */
	assert_int_equal(wr(3, 3, 14, 8, 0, 1), HV_ERR_UNSUPP);     /* PMEVCNTR0_EL0 */
	assert_int_equal(wr(3, 3, 14, 15, 7, 1), HV_ERR_UNSUPP);    /* PMCCFILTR_EL0 */
	assert_int_equal(wr(3, 0, 9, 14, 1, 1), HV_ERR_UNSUPP);     /* PMINTENSET_EL1 */
}

/* Registers of other modules are not claimed (e.g. CNTP_CTL_EL0, SCTLR_EL1). */
static void test_other_registers_unclaimed(void **state)
{
	uint64_t val;

	(void)state;
	assert_int_equal(rd(3, 3, 14, 2, 1, &val), HV_ERR_UNSUPP);
	assert_int_equal(rd(3, 0, 1, 0, 0, &val), HV_ERR_UNSUPP);
	assert_int_equal(rd(2, 0, 0, 2, 3, &val), HV_ERR_UNSUPP); /* unallocated op2 */
}

/* A vCPU reset forgets what the guest wrote and locks the OS Lock again. */
static void test_reset_clears(void **state)
{
	uint64_t val;

	(void)state;
	wr(2, 0, 0, 2, 2, 0x8000);
	wr(2, 0, 0, 1, 4, 0x4000);
	wr(2, 0, 1, 0, 4, 0);
	vdebug_reset(&v);
	rd(2, 0, 0, 2, 2, &val);
	assert_int_equal(val, 0);
	rd(2, 0, 0, 1, 4, &val);
	assert_int_equal(val, 0);
	rd(2, 0, 1, 1, 4, &val);
	assert_int_equal(val, 0xa);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mdscr_stored),     T(test_bp_wp_slots),       T(test_os_lock),
		T(test_os_double_lock),   T(test_read_only_zero),    T(test_pmuserenr_raz_wi),
		T(test_pmu_undefined),    T(test_other_registers_unclaimed), T(test_reset_clears),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

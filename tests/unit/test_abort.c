/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 data-abort decoding (arch/aarch64/abort.c) into struct
 * mmio_access, read-result extension, HPFAR → IPA, set/way detection.
 * Syndromes per Arm ARM D13.2.37 (ESR_EL2, ISS for a Data Abort).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "esr.h"

/* ESR of a lower-EL data abort, translation fault level 3. */
static uint64_t dabt(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr)
{
	return ((uint64_t)EC_DABT_LOW << 26) | ESR_IL | DABT_ISV | ((uint64_t)sas << 22) |
	       (sse ? DABT_SSE : 0) | ((uint64_t)srt << 16) | (sf ? DABT_SF : 0) |
	       (wnr ? DABT_WNR : 0) | 0x07;
}

/* ldr w1, [x0]: 4-byte read into W1. */
static void test_ldr_w(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(2, false, 1, false, false), 0x9000018, &a), HV_OK);
	assert_int_equal(a.addr, 0x9000018);
	assert_int_equal(a.width, 4);
	assert_int_equal(a.reg, 1);
	assert_false(a.write);
	assert_false(a.sign_extend);
	assert_false(a.reg64);
}

/* strb w2, [x0]: 1-byte write from W2. */
static void test_strb(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(0, false, 2, false, true), 0x9000000, &a), HV_OK);
	assert_int_equal(a.width, 1);
	assert_int_equal(a.reg, 2);
	assert_true(a.write);
}

/* str xzr, [x0]: register 31 is XZR, 8 bytes. */
static void test_str_xzr(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(3, false, 31, true, true), 0x1000, &a), HV_OK);
	assert_int_equal(a.width, 8);
	assert_int_equal(a.reg, 31);
	assert_true(a.reg64);
}

/* ldrsh x3: sign-extending halfword load into an X register. */
static void test_ldrsh_x(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(1, true, 3, true, false), 0x2000, &a), HV_OK);
	assert_true(a.sign_extend);
	assert_true(a.reg64);
	a.value = 0x8001;
	assert_int_equal(abort_read_result(&a), 0xffffffffffff8001ULL);
}

/* ldrsh w3: sign-extended to 32 bits, upper half zero. */
static void test_ldrsh_w(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(1, true, 3, false, false), 0x2000, &a), HV_OK);
	a.value = 0x8001;
	assert_int_equal(abort_read_result(&a), 0xffff8001ULL);
}

/* A narrow read drops device bits above its width. */
static void test_read_truncates(void **state)
{
	struct mmio_access a = {.width = 1, .reg64 = false, .value = 0x1234};

	(void)state;
	assert_int_equal(abort_read_result(&a), 0x34);
}

/* ldr x2: all 64 bits, nothing masked; ldrsb x2: bit 7 fills 63:8. */
static void test_ldr_x_and_ldrsb_x(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(3, false, 2, true, false), 0x3000, &a), HV_OK);
	a.value = 0xfedcba9876543210ULL;
	assert_int_equal(abort_read_result(&a), 0xfedcba9876543210ULL);
	assert_int_equal(abort_decode(dabt(0, true, 2, true, false), 0x3000, &a), HV_OK);
	a.value = 0x1280;
	assert_int_equal(abort_read_result(&a), 0xffffffffffffff80ULL);
	a.value = 0x127f;
	assert_int_equal(abort_read_result(&a), 0x7f);
}

/* No instruction syndrome (ISV = 0): cannot emulate. */
static void test_no_isv(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(2, false, 1, false, false) & ~DABT_ISV, 0, &a),
			 HV_ERR_UNSUPP);
}

/* Fault on a stage-1 table walk: not a device access. */
static void test_s1ptw(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(dabt(2, false, 1, false, false) | DABT_S1PTW, 0, &a),
			 HV_ERR_UNSUPP);
}

/* Another EC (instruction abort) is not a data access. */
static void test_wrong_ec(void **state)
{
	struct mmio_access a;
	uint64_t esr = ((uint64_t)EC_IABT_LOW << 26) | ESR_IL | DABT_ISV;

	(void)state;
	assert_int_equal(abort_decode(esr, 0, &a), HV_ERR_UNSUPP);
}

/* HPFAR_EL2.FIPA holds IPA[47:12] in bits [43:4]; FAR supplies [11:0]. */
static void test_fault_ipa(void **state)
{
	(void)state;
	assert_int_equal(abort_fault_ipa(0x9000000ULL >> 8, 0xffff000000000018ULL), 0x9000018);
	assert_int_equal(abort_fault_ipa((0xfffffff000ULL >> 8) | 0xf, 0xfff), 0xffffffffffULL);
}

static uint32_t sys_iss(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
	return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (crm << 1);
}

/* DC ISW / CSW / CISW are set/way; DC CIVAC (by VA) and sysregs are not. */
static void test_setway(void **state)
{
	(void)state;
	assert_true(sysreg_is_setway(sys_iss(1, 0, 7, 6, 2)));
	assert_true(sysreg_is_setway(sys_iss(1, 0, 7, 10, 2)));
	assert_true(sysreg_is_setway(sys_iss(1, 0, 7, 14, 2)));
	assert_false(sysreg_is_setway(sys_iss(1, 3, 7, 14, 1)));
	assert_false(sysreg_is_setway(sys_iss(3, 0, 7, 14, 2)));
	assert_false(sysreg_is_setway(sys_iss(1, 0, 7, 5, 2)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ldr_w),     cmocka_unit_test(test_strb),
		cmocka_unit_test(test_str_xzr),   cmocka_unit_test(test_ldrsh_x),
		cmocka_unit_test(test_ldrsh_w),   cmocka_unit_test(test_read_truncates),
		cmocka_unit_test(test_ldr_x_and_ldrsb_x),
		cmocka_unit_test(test_no_isv),    cmocka_unit_test(test_s1ptw),
		cmocka_unit_test(test_wrong_ec),  cmocka_unit_test(test_fault_ipa),
		cmocka_unit_test(test_setway),
	};

	return cmocka_run_group_tests_name("abort_decode", tests, NULL, NULL);
}

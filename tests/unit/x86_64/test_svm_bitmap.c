/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SVM permission maps (arch/x86_64/svm_bitmap.c): the IOPM bit of each
 * port and the check of every byte of a multi-byte access (APM vol. 2,
 * 15.10.1), the MSRPM's three ranges with two bits per MSR at the offsets
 * of table 15-11, and MSRs outside them always intercepted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <arch/svm_bitmap.h>

static uint8_t iopm[IOPM_SIZE], msrpm[MSRPM_SIZE];

static void test_iopm_default_and_ranges(void **state)
{
	(void)state;
	iopm_init(iopm);
	assert_true(iopm_intercepts(iopm, 0x3f8, 1));
	assert_true(iopm_intercepts(iopm, 0xffff, 4));
	assert_int_equal(iopm_set(iopm, 0x3f8, 8, false), HV_OK);
	assert_int_equal(iopm[0x3f8 / 8], 0x00);       /* bits of 0x3f8..0x3ff */
	assert_int_equal(iopm[0x3f0 / 8], 0xff);
	assert_false(iopm_intercepts(iopm, 0x3f8, 1));
	assert_false(iopm_intercepts(iopm, 0x3fc, 4));
	/* A 2-byte access at 0x3ff also touches 0x400, which is not passed. */
	assert_true(iopm_intercepts(iopm, 0x3ff, 2));
	assert_true(iopm_intercepts(iopm, 0x3f7, 2));
	assert_int_equal(iopm_set(iopm, 0x3fa, 1, true), HV_OK);
	assert_true(iopm_intercepts(iopm, 0x3f8, 4));
	assert_int_equal(iopm[0x3f8 / 8], 0x04);
}

static void test_iopm_limits(void **state)
{
	(void)state;
	iopm_init(iopm);
	assert_int_equal(iopm_set(iopm, 0xfff0, 16, false), HV_OK);
	assert_false(iopm_intercepts(iopm, 0xfffc, 4));
	/* Bits past 0xffff stay set: a dword at 0xfffe is intercepted. */
	assert_true(iopm_intercepts(iopm, 0xfffe, 4));
	assert_int_equal(iopm_set(iopm, 0xfff0, 17, false), HV_ERR_RANGE);
	assert_int_equal(iopm_set(iopm, 0x10000, 1, false), HV_ERR_RANGE);
	assert_int_equal(iopm_set(iopm, 0, 0, false), HV_ERR_RANGE);
}

/* Table 15-11: bit 2n (read) and 2n+1 (write) of MSR n of each range. */
static void test_msrpm_offsets(void **state)
{
	(void)state;
	memset(msrpm, 0, sizeof(msrpm));
	assert_int_equal(msrpm_set(msrpm, 0x00000000, true, false), HV_OK);
	assert_int_equal(msrpm[0], 0x01);
	assert_int_equal(msrpm_set(msrpm, 0x00001fff, false, true), HV_OK);
	assert_int_equal(msrpm[0x7ff], 0x80);
	assert_int_equal(msrpm_set(msrpm, 0xc0000080, true, true), HV_OK); /* EFER */
	assert_int_equal(msrpm[0x800 + 0x80 / 4], 0x03);
	assert_int_equal(msrpm_set(msrpm, 0xc0010117, true, true), HV_OK); /* VM_HSAVE_PA */
	assert_int_equal(msrpm[0x1000 + 0x117 / 4], 0x03 << 2 * (0x117 % 4));
	assert_int_equal(msrpm_set(msrpm, 0x00002000, true, true), HV_ERR_RANGE);
	assert_int_equal(msrpm_set(msrpm, 0xc0012000, true, true), HV_ERR_RANGE);
	assert_int_equal(msrpm_set(msrpm, 0x40000000, true, true), HV_ERR_RANGE);
}

static void test_msrpm_intercepts(void **state)
{
	(void)state;
	msrpm_init(msrpm);
	assert_true(msrpm_intercepts(msrpm, 0xc0000100, false));
	assert_int_equal(msrpm_set(msrpm, 0xc0000100, false, false), HV_OK); /* FS_BASE */
	assert_false(msrpm_intercepts(msrpm, 0xc0000100, false));
	assert_false(msrpm_intercepts(msrpm, 0xc0000100, true));
	assert_true(msrpm_intercepts(msrpm, 0xc0000101, false));
	assert_int_equal(msrpm_set(msrpm, 0x10, false, true), HV_OK);        /* TSC: read only */
	assert_false(msrpm_intercepts(msrpm, 0x10, false));
	assert_true(msrpm_intercepts(msrpm, 0x10, true));
	/* Outside the three ranges: always intercepted. */
	assert_true(msrpm_intercepts(msrpm, 0x40000000, false));
	assert_true(msrpm_intercepts(msrpm, 0xc0020000, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iopm_default_and_ranges), cmocka_unit_test(test_iopm_limits),
		cmocka_unit_test(test_msrpm_offsets), cmocka_unit_test(test_msrpm_intercepts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

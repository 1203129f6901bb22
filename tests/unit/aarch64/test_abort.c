/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 data-abort decoding (arch/aarch64/abort.c) into struct
 * mmio_access, read-result extension, the register transfer of
 * abort_emulate() around a device, HPFAR → IPA, set/way detection.
 * Syndromes per Arm ARM D13.2.37 (ESR_EL2, ISS for a Data Abort).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch/vcpu.h>
#include <hv/vm.h>
#include "esr.h"

/* ESR of a lower-EL data abort, translation fault level 3. */
static uint64_t dabt(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr)
{
	return ((uint64_t)EC_DABT_LOW << 26) | ESR_IL | DABT_ISV | ((uint64_t)sas << 22) |
	       (sse ? DABT_SSE : 0) | ((uint64_t)srt << 16) | (sf ? DABT_SF : 0) |
	       (wnr ? DABT_WNR : 0) | 0x07;
}

/* Its ISS, what the trap handler decodes. */
static uint32_t iss(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr)
{
	return (uint32_t)ESR_ISS(dabt(sas, sse, srt, sf, wnr));
}

/* Decode `i`, which must succeed; the record is poisoned first. */
static struct mmio_access decode(uint32_t i, uint64_t ipa)
{
	struct mmio_access a;

	memset(&a, 0xa5, sizeof(a));
	assert_int_equal(abort_decode(i, ipa, &a), HV_OK);
	return a;
}

/* ldr w1, [x0]: 4-byte read into W1; value starts at 0 (nothing leaks). */
static void test_ldr_w(void **state)
{
	struct mmio_access a = decode(iss(2, false, 1, false, false), 0x9000018);

	(void)state;
	assert_int_equal(a.addr, 0x9000018);
	assert_int_equal(a.width, 4);
	assert_false(a.write);
	assert_int_equal(a.value, 0);
	assert_int_equal(DABT_SRT(iss(2, false, 1, false, false)), 1);
}

/* Every access size: SAS 0..3 is 1, 2, 4, 8 bytes, reads and writes. */
static void test_every_width(void **state)
{
	(void)state;
	for (unsigned sas = 0; sas < 4; sas++) {
		assert_int_equal(decode(iss(sas, false, 0, sas == 3, false), 0).width, 1u << sas);
		assert_int_equal(decode(iss(sas, false, 0, sas == 3, true), 0).width, 1u << sas);
	}
}

/* strb w2, [x0]: 1-byte write from W2. */
static void test_strb(void **state)
{
	struct mmio_access a = decode(iss(0, false, 2, false, true), 0x9000000);

	(void)state;
	assert_int_equal(a.width, 1);
	assert_true(a.write);
	assert_int_equal(DABT_SRT(iss(0, false, 2, false, true)), 2);
}

/* str xzr, [x0]: register 31 is XZR, 8 bytes. */
static void test_str_xzr(void **state)
{
	struct mmio_access a = decode(iss(3, false, 31, true, true), 0x1000);

	(void)state;
	assert_int_equal(a.width, 8);
	assert_true(a.write);
	assert_int_equal(DABT_SRT(iss(3, false, 31, true, true)), 31);
}

/* ldrsh x3: sign-extending halfword load into an X register. */
static void test_ldrsh_x(void **state)
{
	(void)state;
	assert_int_equal(abort_read_result(iss(1, true, 3, true, false), 0x8001),
			 0xffffffffffff8001ULL);
	assert_int_equal(abort_read_result(iss(1, true, 3, true, false), 0x7001), 0x7001);
}

/* ldrsh w3: sign-extended to 32 bits, upper half zero. */
static void test_ldrsh_w(void **state)
{
	(void)state;
	assert_int_equal(abort_read_result(iss(1, true, 3, false, false), 0x8001),
			 0xffff8001ULL);
}

/* ldrsw x3: a word sign-extended to 64 bits. */
static void test_ldrsw_x(void **state)
{
	(void)state;
	assert_int_equal(abort_read_result(iss(2, true, 3, true, false), 0x80000000ULL),
			 0xffffffff80000000ULL);
	assert_int_equal(abort_read_result(iss(2, true, 3, true, false), 0x7fffffffULL),
			 0x7fffffffULL);
}

/* A narrow read drops device bits above its width (zero-extending loads). */
static void test_read_truncates(void **state)
{
	(void)state;
	assert_int_equal(abort_read_result(iss(0, false, 1, false, false), 0x1234), 0x34);
	assert_int_equal(abort_read_result(iss(1, false, 1, false, false), 0xabcd1234), 0x1234);
	assert_int_equal(abort_read_result(iss(2, false, 1, false, false), 0xffffffff12345678ULL),
			 0x12345678);
	assert_int_equal(abort_read_result(iss(2, false, 1, true, false), 0xffffffff92345678ULL),
			 0x92345678);
}

/* ldr x2: all 64 bits, nothing masked; ldrsb x2: bit 7 fills 63:8. */
static void test_ldr_x_and_ldrsb_x(void **state)
{
	(void)state;
	assert_int_equal(abort_read_result(iss(3, false, 2, true, false), 0xfedcba9876543210ULL),
			 0xfedcba9876543210ULL);
	assert_int_equal(abort_read_result(iss(0, true, 2, true, false), 0x1280),
			 0xffffffffffffff80ULL);
	assert_int_equal(abort_read_result(iss(0, true, 2, true, false), 0x127f), 0x7f);
}

/* ldrsb w2: bit 7 fills 31:8, 63:32 stay zero. */
static void test_ldrsb_w(void **state)
{
	(void)state;
	assert_int_equal(abort_read_result(iss(0, true, 2, false, false), 0x80), 0xffffff80ULL);
}

/* No instruction syndrome (ISV = 0): cannot emulate; the record is untouched. */
static void test_no_isv(void **state)
{
	struct mmio_access a = {.addr = 7};

	(void)state;
	assert_int_equal(abort_decode(iss(2, false, 1, false, false) & ~DABT_ISV, 0, &a),
			 HV_ERR_UNSUPP);
	assert_int_equal(a.addr, 7);
}

/* Fault on a stage-1 table walk: not a device access. */
static void test_s1ptw(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(abort_decode(iss(2, false, 1, false, false) | DABT_S1PTW, 0, &a),
			 HV_ERR_UNSUPP);
}

/* An instruction abort's ISS (bit 24 RES0, D13.2.37) never decodes as an
 * access, even if it were sent to the data-abort decoder. */
static void test_wrong_ec(void **state)
{
	struct mmio_access a;
	uint64_t esr = ((uint64_t)EC_IABT_LOW << 26) | ESR_IL | 0x07;

	(void)state;
	assert_int_equal(abort_decode((uint32_t)ESR_ISS(esr), 0, &a), HV_ERR_UNSUPP);
}

/* --- abort_emulate(): register transfer around a recording device ------ */

#define DEV_BASE 0x9000000ULL
#define DEV_SIZE 0x1000ULL

static struct vm evm;
static struct vcpu *ev = &evm.vcpus[0];
static struct mmio_access seen;   /* what the device was given */
static unsigned seen_calls;
static uint64_t dev_reply;        /* what a read returns */
static enum hv_err dev_err;

static enum hv_err rec_access(struct vcpu *vcpu, struct emul_dev *dev, struct mmio_access *acc)
{
	(void)vcpu, (void)dev;
	seen = *acc;
	seen_calls++;
	if (!acc->write)
		acc->value = dev_reply;
	acc->width = 0x55, acc->write = !acc->write; /* a device scribbling: ignored */
	return dev_err;
}

static int emu_setup(void **state)
{
	(void)state;
	memset(&evm, 0, sizeof(evm));
	evm.emu_num = 1;
	evm.emus[0] = (struct emul_dev){.base = DEV_BASE, .size = DEV_SIZE, .access = rec_access};
	ev->vm = &evm;
	for (unsigned i = 0; i < 31; i++)
		ev->arch.x[i] = 0x1111111111111111ULL * (i % 15 + 1);
	ev->arch.pc = 0x50000000;
	seen_calls = 0;
	dev_reply = 0;
	dev_err = HV_OK;
	return 0;
}

/* str x5 / str w5 / strh / strb: the device gets Rt as it is; pc steps. */
static void test_emulate_write_value(void **state)
{
	(void)state;
	ev->arch.x[5] = 0x8877665544332211ULL;
	for (unsigned sas = 0; sas < 4; sas++) {
		seen_calls = 0;
		assert_int_equal(abort_emulate(ev, iss(sas, false, 5, sas == 3, true), DEV_BASE + 8),
				 HV_OK);
		assert_int_equal(seen_calls, 1);
		assert_true(seen.write);
		assert_int_equal(seen.width, 1u << sas);
		assert_int_equal(seen.addr, DEV_BASE + 8);
		assert_int_equal(seen.value, 0x8877665544332211ULL);
		assert_int_equal(ev->arch.x[5], 0x8877665544332211ULL);
	}
	assert_int_equal(ev->arch.pc, 0x50000000 + 4 * 4);
}

/* str xzr: register 31 writes zero, whatever x30 holds. */
static void test_emulate_write_xzr(void **state)
{
	(void)state;
	assert_int_equal(abort_emulate(ev, iss(3, false, 31, true, true), DEV_BASE), HV_OK);
	assert_int_equal(seen.value, 0);
	assert_int_equal(ev->arch.x[30], 0x1111111111111111ULL * 1);
}

/* ldr w7 / ldr x7 / ldrsb x7 / ldrsh w7 into Rt; pc steps; value starts 0. */
static void test_emulate_read_to_rt(void **state)
{
	(void)state;
	dev_reply = 0xfedcba9876548281ULL;
	assert_int_equal(abort_emulate(ev, iss(2, false, 7, false, false), DEV_BASE), HV_OK);
	assert_false(seen.write);
	assert_int_equal(seen.value, 0);
	assert_int_equal(ev->arch.x[7], 0x76548281ULL);
	assert_int_equal(abort_emulate(ev, iss(3, false, 7, true, false), DEV_BASE), HV_OK);
	assert_int_equal(ev->arch.x[7], 0xfedcba9876548281ULL);
	assert_int_equal(abort_emulate(ev, iss(0, true, 7, true, false), DEV_BASE), HV_OK);
	assert_int_equal(ev->arch.x[7], 0xffffffffffffff81ULL);
	assert_int_equal(abort_emulate(ev, iss(1, true, 7, false, false), DEV_BASE), HV_OK);
	assert_int_equal(ev->arch.x[7], 0xffff8281ULL);
	assert_int_equal(ev->arch.x[6], 0x1111111111111111ULL * 7); /* neighbours untouched */
	assert_int_equal(ev->arch.x[8], 0x1111111111111111ULL * 9);
	assert_int_equal(ev->arch.pc, 0x50000000 + 4 * 4);
}

/* ldr xzr: the result is discarded, no register changes. */
static void test_emulate_read_xzr(void **state)
{
	uint64_t before[31];

	(void)state;
	memcpy(before, ev->arch.x, sizeof(before));
	dev_reply = 0x1234;
	assert_int_equal(abort_emulate(ev, iss(3, false, 31, true, false), DEV_BASE), HV_OK);
	assert_memory_equal(before, ev->arch.x, sizeof(before));
	assert_int_equal(ev->arch.pc, 0x50000004);
}

/* Busy device: OK, nothing written, pc stays (the load is re-executed). */
static void test_emulate_busy(void **state)
{
	(void)state;
	dev_err = HV_ERR_BUSY;
	dev_reply = 0x99;
	assert_int_equal(abort_emulate(ev, iss(2, false, 7, false, false), DEV_BASE), HV_OK);
	assert_int_equal(ev->arch.x[7], 0x1111111111111111ULL * 8);
	assert_int_equal(ev->arch.pc, 0x50000000);
}

/* Refused by the device, no device there, no ISV, straddling the end: the
 * error comes back, Rt and pc untouched. */
static void test_emulate_errors(void **state)
{
	(void)state;
	dev_err = HV_ERR_INVAL;
	assert_int_equal(abort_emulate(ev, iss(2, false, 7, false, false), DEV_BASE), HV_ERR_INVAL);
	dev_err = HV_OK;
	assert_int_equal(abort_emulate(ev, iss(2, false, 7, false, false), DEV_BASE + DEV_SIZE),
			 HV_ERR_NOTFOUND);
	assert_int_equal(abort_emulate(ev, iss(2, false, 7, false, false) & ~DABT_ISV, DEV_BASE),
			 HV_ERR_UNSUPP);
	seen_calls = 0;
	assert_int_equal(abort_emulate(ev, iss(3, false, 7, true, false), DEV_BASE + DEV_SIZE - 4),
			 HV_ERR_RANGE);
	assert_int_equal(seen_calls, 0);
	assert_int_equal(ev->arch.x[7], 0x1111111111111111ULL * 8);
	assert_int_equal(ev->arch.pc, 0x50000000);
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
		cmocka_unit_test(test_every_width), cmocka_unit_test(test_ldrsw_x),
		cmocka_unit_test(test_ldrsb_w),
		cmocka_unit_test_setup(test_emulate_write_value, emu_setup),
		cmocka_unit_test_setup(test_emulate_write_xzr, emu_setup),
		cmocka_unit_test_setup(test_emulate_read_to_rt, emu_setup),
		cmocka_unit_test_setup(test_emulate_read_xzr, emu_setup),
		cmocka_unit_test_setup(test_emulate_busy, emu_setup),
		cmocka_unit_test_setup(test_emulate_errors, emu_setup),
		cmocka_unit_test(test_no_isv),    cmocka_unit_test(test_s1ptw),
		cmocka_unit_test(test_wrong_ec),  cmocka_unit_test(test_fault_ipa),
		cmocka_unit_test(test_setway),
	};

	return cmocka_run_group_tests_name("abort_decode", tests, NULL, NULL);
}

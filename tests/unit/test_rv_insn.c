/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 load/store decode for MMIO emulation (arch/riscv64/insn.c):
 * encodings assembled by hand from the unprivileged spec's tables and
 * checked with riscv64-linux-gnu-as/objdump.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "insn.h"

static struct rv_access dec(uint32_t insn)
{
	struct rv_access a = {0};

	assert_true(rv_insn_decode(insn, &a));
	return a;
}

static void check(uint32_t insn, bool store, unsigned width, bool sext, unsigned reg,
		  unsigned len)
{
	struct rv_access a = dec(insn);

	assert_int_equal(a.is_store, store);
	assert_int_equal(a.width, width);
	assert_int_equal(a.sign_extend, sext);
	assert_int_equal(a.reg, reg);
	assert_int_equal(a.len, len);
}

static void test_loads(void **state)
{
	(void)state;
	check(0x00048483, false, 1, true, 9, 4);   /* lb  s1, 0(s1) */
	check(0x00049483, false, 2, true, 9, 4);   /* lh  s1, 0(s1) */
	check(0x0004a483, false, 4, true, 9, 4);   /* lw  s1, 0(s1) */
	check(0x0004b483, false, 8, false, 9, 4);  /* ld  s1, 0(s1) */
	check(0x0004c483, false, 1, false, 9, 4);  /* lbu s1, 0(s1) */
	check(0x0004d483, false, 2, false, 9, 4);  /* lhu s1, 0(s1) */
	check(0x0004e483, false, 4, false, 9, 4);  /* lwu s1, 0(s1) */
	check(0xff852503, false, 4, true, 10, 4);  /* lw  a0, -8(a0) */
}

static void test_stores(void **state)
{
	(void)state;
	check(0x00f50023, true, 1, false, 15, 4);  /* sb a5, 0(a0) */
	check(0x00f51023, true, 2, false, 15, 4);  /* sh a5, 0(a0) */
	check(0x00f52023, true, 4, false, 15, 4);  /* sw a5, 0(a0) */
	check(0x00f53023, true, 8, false, 15, 4);  /* sd a5, 0(a0) */
}

static void test_compressed(void **state)
{
	(void)state;
	check(0x431c, false, 4, true, 15, 2);      /* c.lw  a5, 0(a4) */
	check(0x631c, false, 8, false, 15, 2);     /* c.ld  a5, 0(a4) */
	check(0xc31c, true, 4, false, 15, 2);      /* c.sw  a5, 0(a4) */
	check(0xe31c, true, 8, false, 15, 2);      /* c.sd  a5, 0(a4) */
	check(0x4502, false, 4, true, 10, 2);      /* c.lwsp a0, 0(sp) */
	check(0x6502, false, 8, false, 10, 2);     /* c.ldsp a0, 0(sp) */
	check(0xc02a, true, 4, false, 10, 2);      /* c.swsp a0, 0(sp) */
	check(0xe02a, true, 8, false, 10, 2);      /* c.sdsp a0, 0(sp) */
}

/* Not integer loads/stores: never emulated on MMIO. */
static void test_rejects(void **state)
{
	struct rv_access a;

	(void)state;
	assert_false(rv_insn_decode(0x00000013, &a)); /* nop (addi) */
	assert_false(rv_insn_decode(0x0004f483, &a)); /* LOAD funct3 7: reserved */
	assert_false(rv_insn_decode(0x00f54023, &a)); /* STORE funct3 4: reserved */
	assert_false(rv_insn_decode(0x00053507, &a)); /* fld fa0, 0(a0) */
	assert_false(rv_insn_decode(0x00f5302f, &a)); /* amoadd.d */
	assert_false(rv_insn_decode(0x2108, &a));     /* c.fld fa0, 0(a0) */
	assert_false(rv_insn_decode(0x4002, &a));     /* c.lwsp x0: reserved */
	assert_false(rv_insn_decode(0x0001, &a));     /* c.nop */
}

/* htinst (privileged spec 8.6.3): bit 0 set, bit 1 clear = compressed. */
static void test_htinst(void **state)
{
	struct rv_access a;

	(void)state;
	assert_false(rv_htinst_decode(0, &a));          /* QEMU 7.2: not provided */
	assert_false(rv_htinst_decode(0x00003000, &a)); /* pseudoinstruction */
	assert_true(rv_htinst_decode(0x00002783, &a));  /* lw a5, transformed (offset field 0) */
	assert_int_equal(a.len, 4);
	assert_int_equal(a.reg, 15);
	assert_true(rv_htinst_decode(0x00002781, &a));  /* same, from an RVC original (c.lw) */
	assert_int_equal(a.len, 2);
	assert_int_equal(a.width, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads),
		cmocka_unit_test(test_stores),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_htinst),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

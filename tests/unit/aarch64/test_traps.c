/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exception classes nothing emulates (arch/aarch64/exc.c: trap_ec_action)
 * and the UNDEFINED the guest then receives, on the modelled EL1 registers
 * of arch/fake (ESR_EL1, ELR_EL1, SPSR_EL1, vector = VBAR_EL1 + offset).
 * Arm ARM D13.2.37 (ESR_EL2.EC), D1.10.2 (exception entry, vectors).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <hv/arch/vcpu.h>
#include <hv/vm.h>
#include "esr.h"
#include "exc.h"

#define VBAR 0x50001000ULL
#define PC   0x50000abcULL

/* Every instruction trap a guest can cause and we do not emulate: UNDEFINED. */
static void test_instruction_traps_undef(void **state)
{
	static const unsigned ecs[] = {EC_UNKNOWN, EC_CP15_32, EC_CP15_64, EC_CP14_32,
				       EC_CP14_LS, EC_FP_ASIMD, EC_CP10_ID, EC_PAC, EC_LS64,
				       EC_CP14_64, EC_HVC32, EC_SMC32, EC_SYSREG128, EC_SVE,
				       EC_ERET, EC_TSTART, EC_SME};

	(void)state;
	for (unsigned i = 0; i < sizeof(ecs) / sizeof(ecs[0]); i++)
		assert_int_equal(trap_ec_action(ecs[i]), TRAP_ACT_UNDEF);
}

/* Classes that never reach EL2 with our settings stop the VM instead. */
static void test_other_classes_stop(void **state)
{
	static const unsigned ecs[] = {0x02, EC_ILLEGAL, EC_SVC32, EC_SVC64, 0x1f, 0x22, 0x26,
				       0x2c, 0x2f, 0x30, 0x32, 0x34, EC_BRK64, 0x3f};

	(void)state;
	for (unsigned i = 0; i < sizeof(ecs) / sizeof(ecs[0]); i++)
		assert_int_equal(trap_ec_action(ecs[i]), TRAP_ACT_STOP);
}

/* Boundary: EC 0x3f is the last index of the table, 0x40 is out of it. */
static void test_ec_out_of_range_stops(void **state)
{
	(void)state;
	assert_int_equal(trap_ec_action(0x40), TRAP_ACT_STOP);
	assert_int_equal(trap_ec_action(~0ULL), TRAP_ACT_STOP);
}

/* UNDEFINED syndrome: EC 0, ISS 0, IL copied from the trap (1 and 0). */
static void test_undef_syndrome_il(void **state)
{
	uint64_t cp15 = ((uint64_t)EC_CP15_32 << ESR_EC_SHIFT) | 0x1234;

	(void)state;
	assert_int_equal(exc_undef_syndrome(cp15 | ESR_IL), ESR_IL);
	assert_int_equal(exc_undef_syndrome(cp15), 0);
}

/* Vector offsets for EL1t, EL1h, EL0 AArch64, EL0 AArch32 (usr, M = 0x10). */
static void test_vector_offsets(void **state)
{
	(void)state;
	assert_int_equal(exc_vector_offset(0x3c4), 0x000);
	assert_int_equal(exc_vector_offset(0x3c5), 0x200);
	assert_int_equal(exc_vector_offset(0x000), 0x400);
	assert_int_equal(exc_vector_offset(0x010), 0x600);
	assert_int_equal(exc_vector_offset(0x030), 0x600); /* T32 user mode too */
}

static void undef_from(struct vcpu *v, uint64_t spsr, uint64_t esr)
{
	v->arch.pc = PC;
	v->arch.spsr = spsr;
	v->arch.esr = esr;
	v->arch.vbar_el1 = VBAR;
	arch_vcpu_inject_undef(v);
}

/* A trapped CP15 access from AArch32 EL0: EL1's lower-AArch32 vector. */
static void test_inject_undef_from_el0_aarch32(void **state)
{
	struct vcpu v = {0};
	uint64_t spsr = 0x80000010; /* N set, usr mode, A32 */

	(void)state;
	undef_from(&v, spsr, ((uint64_t)EC_CP15_32 << ESR_EC_SHIFT) | ESR_IL | 0x1f);
	assert_int_equal(v.arch.esr_el1, ESR_IL);    /* EC 0 "unknown reason", IL 1 */
	assert_int_equal(v.arch.elr_el1, PC);        /* the faulting instruction */
	assert_int_equal(v.arch.spsr_el1, spsr);     /* PSTATE it had */
	assert_int_equal(v.arch.pc, VBAR + 0x600);
	assert_int_equal(v.arch.spsr, EXC_EL1_PSTATE); /* EL1h, DAIF masked */
	assert_int_equal(v.arch.injected_undefs, 1);
}

/* A 16-bit T32 instruction (IL 0) keeps IL 0 in ESR_EL1. */
static void test_inject_undef_keeps_il0(void **state)
{
	struct vcpu v = {0};

	(void)state;
	undef_from(&v, 0x30, (uint64_t)EC_CP15_32 << ESR_EC_SHIFT);
	assert_int_equal(v.arch.esr_el1, 0);
	assert_int_equal(v.arch.pc, VBAR + 0x600);
}

/* From EL1h (e.g. an SVE trap of the kernel): current-EL SP_ELx vector. */
static void test_inject_undef_from_el1h(void **state)
{
	struct vcpu v = {0};

	(void)state;
	undef_from(&v, 0x3c5, ((uint64_t)EC_SVE << ESR_EC_SHIFT) | ESR_IL);
	assert_int_equal(v.arch.esr_el1, ESR_IL);
	assert_int_equal(v.arch.elr_el1, PC);
	assert_int_equal(v.arch.spsr_el1, 0x3c5);
	assert_int_equal(v.arch.pc, VBAR + 0x200);
	assert_int_equal(v.arch.far_el1, 0);
}

/* From EL1t and EL0 AArch64: vectors 0x000 and 0x400. */
static void test_inject_undef_el1t_el0(void **state)
{
	struct vcpu v = {0};
	uint64_t esr = ((uint64_t)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL;

	(void)state;
	undef_from(&v, 0x3c4, esr);
	assert_int_equal(v.arch.pc, VBAR + 0x000);
	undef_from(&v, 0x0, esr);
	assert_int_equal(v.arch.pc, VBAR + 0x400);
	assert_int_equal(v.arch.spsr_el1, 0);
	assert_int_equal(v.arch.injected_undefs, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instruction_traps_undef),
		cmocka_unit_test(test_other_classes_stop),
		cmocka_unit_test(test_ec_out_of_range_stops),
		cmocka_unit_test(test_undef_syndrome_il),
		cmocka_unit_test(test_vector_offsets),
		cmocka_unit_test(test_inject_undef_from_el0_aarch32),
		cmocka_unit_test(test_inject_undef_keeps_il0),
		cmocka_unit_test(test_inject_undef_from_el1h),
		cmocka_unit_test(test_inject_undef_el1t_el0),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

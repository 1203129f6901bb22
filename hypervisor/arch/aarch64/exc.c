/* SPDX-License-Identifier: Apache-2.0 */
/* Exception classes we do not emulate, and EL1 exception entry (exc.h). */
#include "exc.h"
#include "esr.h"

/*
 * Instruction traps to EL2 a guest can cause with our HCR_EL2 / CPTR_EL2 /
 * MDCR_EL2 settings (or on a CPU with more features than we enable) and
 * that no handler emulates. To the guest each is an instruction the
 * virtual CPU does not have: UNDEFINED, ESR_EL1.EC = 0 (D1.10.4).
 * Not listed, so the VM stops: classes that reach EL2 only under settings
 * we never make (SVC, PC/SP alignment, FP exceptions, debug exceptions
 * without MDCR_EL2.TDE, illegal state: all taken at EL1) — seeing one
 * means the guest's state is beyond what we can answer architecturally.
 */
static const uint8_t ec_undef[64] = {
	[EC_UNKNOWN] = 1,
	[EC_CP15_32] = 1,
	[EC_CP15_64] = 1,
	[EC_CP14_32] = 1,
	[EC_CP14_LS] = 1,
	[EC_FP_ASIMD] = 1,
	[EC_CP10_ID] = 1,
	[EC_PAC] = 1,
	[EC_LS64] = 1,
	[EC_CP14_64] = 1,
	[EC_HVC32] = 1,
	[EC_SMC32] = 1,
	[EC_SYSREG128] = 1,
	[EC_SVE] = 1,
	[EC_ERET] = 1,
	[EC_TSTART] = 1,
	[EC_SME] = 1,
};

enum trap_action trap_ec_action(uint64_t ec)
{
	return ec < 64 && ec_undef[ec] ? TRAP_ACT_UNDEF : TRAP_ACT_STOP;
}

/*
 * An UNDEFINED exception reports EC 0 with an empty ISS; IL tells the size
 * of the instruction (D13.2.36), which is the trapped one: take it from the
 * syndrome of the trap (0 only for a 16-bit T32 instruction at AArch32 EL0).
 */
uint64_t exc_undef_syndrome(uint64_t esr_el2)
{
	return ((uint64_t)EC_UNKNOWN << ESR_EC_SHIFT) | (esr_el2 & ESR_IL);
}

/*
 * Vector offsets (D1.10.2, "Exception vectors"): from EL1 with SP_EL0
 * 0x000, EL1 with SP_EL1 0x200, a lower EL in AArch64 0x400, a lower EL in
 * AArch32 0x600. SPSR.M[4] = 1 means AArch32; M[3:0] = EL and SP.
 */
uint64_t exc_vector_offset(uint64_t spsr)
{
	if (spsr & 0x10)
		return 0x600;
	switch (spsr & 0xf) {
	case 0x4: /* EL1t */
		return 0x000;
	case 0x5: /* EL1h */
		return 0x200;
	default: /* EL0t */
		return 0x400;
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pure model of what the hypervisor does with an exception class it does
 * not emulate, and of exception entry to EL1 (no system register access:
 * host tests and arch/fake link exc.c).
 */
#ifndef AARCH64_EXC_H
#define AARCH64_EXC_H

#include <hv/types.h>

/* Exception classes of ESR_EL2 (Arm ARM D13.2.37, "EC, bits [31:26]"). */
#define EC_CP15_32     0x03 /* MCR/MRC to CP15 (AArch32) */
#define EC_CP15_64     0x04 /* MCRR/MRRC to CP15 */
#define EC_CP14_32     0x05 /* MCR/MRC to CP14 (AArch32 debug) */
#define EC_CP14_LS     0x06 /* LDC/STC to CP14 */
#define EC_FP_ASIMD    0x07 /* FP/SIMD access trapped (CPTR_EL2.TFP) */
#define EC_CP10_ID     0x08 /* VMRS of an ID register (HCR_EL2.TID0) */
#define EC_PAC         0x09 /* pointer authentication instruction (HCR_EL2.API = 0) */
#define EC_LS64        0x0a /* LD64B/ST64B* */
#define EC_CP14_64     0x0c /* MRRC to CP14 */
#define EC_ILLEGAL     0x0e /* illegal execution state */
#define EC_SVC32       0x11
#define EC_HVC32       0x12
#define EC_SMC32       0x13
#define EC_SYSREG128   0x14 /* MSRR/MRRS */
#define EC_SVC64       0x15
#define EC_SVE         0x19 /* SVE access trapped (CPTR_EL2.TZ) */
#define EC_ERET        0x1a /* ERET/ERETAA/ERETAB (HCR_EL2.NV) */
#define EC_TSTART      0x1b
#define EC_SME         0x1d
#define EC_BRK64       0x3c

enum trap_action {
	TRAP_ACT_STOP,  /* no architectural answer from here: stop the VM */
	TRAP_ACT_UNDEF, /* an instruction we trapped and do not emulate */
};

/**
 * What to do with an EC that has no emulation handler: UNDEFINED for every
 * instruction trap a guest can cause, stop for the rest (out of range too).
 */
enum trap_action trap_ec_action(uint64_t ec);

/** ESR_EL1 of an UNDEFINED exception for the trap `esr_el2` (EC 0, its IL). */
uint64_t exc_undef_syndrome(uint64_t esr_el2);

/** Offset in VBAR_EL1 of the synchronous vector for a guest in PSTATE `spsr`. */
uint64_t exc_vector_offset(uint64_t spsr);

/* PSTATE after exception entry to EL1: EL1h, D/A/I/F masked (D1.10.2). */
#define EXC_EL1_PSTATE 0x3c5ULL

#endif

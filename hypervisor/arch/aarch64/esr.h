/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ESR_EL2 syndrome fields (Arm ARM D13.2.37) and the pure decoders built on
 * them (abort.c: no system register access, so host tests can link it).
 */
#ifndef AARCH64_ESR_H
#define AARCH64_ESR_H

#include <hv/types.h>
#include <hv/emul.h>

#define ESR_EC_SHIFT 26
#define ESR_EC(esr)  (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL       BIT(25)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)

#define EC_UNKNOWN   0x00
#define EC_WFX       0x01
#define EC_HVC64     0x16
#define EC_SMC64     0x17
#define EC_SYSREG    0x18
#define EC_IABT_LOW  0x20
#define EC_IABT_CUR  0x21
#define EC_DABT_LOW  0x24
#define EC_DABT_CUR  0x25

/* Data abort ISS (D13.2.37, "ISS encoding for an exception from a Data Abort"). */
#define DABT_ISV     BIT(24)
#define DABT_SAS(i)  (((i) >> 22) & 3)
#define DABT_SSE     BIT(21)
#define DABT_SRT(i)  (((i) >> 16) & 0x1f)
#define DABT_SF      BIT(15)
#define DABT_S1PTW   BIT(7)
#define DABT_WNR     BIT(6)
#define DABT_FSC(i)  ((i) & 0x3f)
#define FSC_SEA      0x10 /* synchronous external abort, not on a walk */

/* MSR/MRS/SYS ISS (EC 0x18): Op0, Op2, Op1, CRn, Rt, CRm, Direction. */
#define SYSREG_OP0(i) (((i) >> 20) & 3)
#define SYSREG_OP2(i) (((i) >> 17) & 7)
#define SYSREG_OP1(i) (((i) >> 14) & 7)
#define SYSREG_CRN(i) (((i) >> 10) & 0xf)
#define SYSREG_RT(i)  (((i) >> 5) & 0x1f)
#define SYSREG_CRM(i) (((i) >> 1) & 0xf)
#define SYSREG_READ(i) ((i) & 1)

/**
 * Decode the ISS of a stage-2 data abort (EC 0x24: the trap table sends
 * nothing else here) into the access record. `ipa` is the faulting IPA
 * (from HPFAR_EL2 + FAR_EL2). HV_ERR_UNSUPP when the syndrome carries no
 * instruction information (ISV = 0) or the fault was on a stage-1 walk.
 */
enum hv_err abort_decode(uint32_t iss, uint64_t ipa, struct mmio_access *acc);
/**
 * The value a completed read of `value` leaves in Rt, from the same ISS:
 * SAS (size), SSE (sign extension), SF (X or W register).
 */
uint64_t abort_read_result(uint32_t iss, uint64_t value);
/**
 * Emulate the data abort `iss` at `ipa` on the device owning it: the write
 * value from Rt, or the read result into Rt; then step over the
 * instruction (not when the device is busy: it is re-executed). An error
 * when it cannot be emulated: the caller injects an external abort.
 */
enum hv_err abort_emulate(struct vcpu *vcpu, uint32_t iss, uint64_t ipa);
/** Faulting IPA: HPFAR_EL2.FIPA (bits 43:4 = IPA 51:12) + page offset from FAR. */
uint64_t abort_fault_ipa(uint64_t hpfar, uint64_t far);
/** True for DC ISW / CSW / CISW (set/way maintenance) in an EC 0x18 ISS. */
bool sysreg_is_setway(uint32_t iss);

#endif

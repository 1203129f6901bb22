/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Decoders of ESR_EL2 syndromes and the emulation step of a stage-2 data
 * abort (see esr.h). No system register access: host tests link this file
 * with arch/fake and the core.
 */
#include <arch/regs.h>
#include <hv/arch/vcpu.h>
#include <hv/exit.h>
#include "esr.h"

/*
 * ISS of a data abort (Arm ARM D13.2.37): only with ISV = 1 do SAS, SSE,
 * SRT, SF and WnR describe the access (a single-register load or store);
 * a fault on a stage-1 table walk (S1PTW) is not a device access at all.
 * The EC is not checked again: the trap table only sends EC 0x24 here (and
 * bit 24 of an instruction abort's ISS is RES0, so it would fail the ISV
 * test anyway).
 */
enum hv_err abort_decode(uint32_t iss, uint64_t ipa, struct mmio_access *acc)
{
	if ((iss & (DABT_ISV | DABT_S1PTW)) != DABT_ISV)
		return HV_ERR_UNSUPP;
	acc->addr = ipa;
	acc->value = 0; /* a read the device forgets to fill leaks nothing */
	acc->width = 1u << DABT_SAS(iss);
	acc->write = iss & DABT_WNR;
	return HV_OK;
}

/*
 * Rt after a load of 2^SAS bytes (Arm ARM C6.2, LDR/LDRS*): the value
 * zero- or (SSE) sign-extended from the access size, then to 32 bits only
 * for a W register (SF = 0: bits 63:32 of Xt are zero). Two shifts do both
 * extensions and drop whatever a device left above the access size. A
 * zero-extended value needs no SF test: a load into a W register is at
 * most 4 bytes (SF = 0 comes with SAS < 3), so it already fits.
 */
uint64_t abort_read_result(uint32_t iss, uint64_t value)
{
	unsigned shift = 64u - (8u << DABT_SAS(iss)); /* 56, 48, 32 or 0 */
	uint64_t v = value << shift;

	if (!(iss & DABT_SSE))
		return v >> shift;
	v = (uint64_t)((int64_t)v >> shift);
	return (iss & DABT_SF) ? v : (uint32_t)v;
}

/*
 * Rt is ISS.SRT (31: XZR, which reads as zero and discards a write); the
 * read's write-back is decoded from `iss`, held in a register across the
 * device call, not from the record the device had in its hands.
 */
enum hv_err abort_emulate(struct vcpu *vcpu, uint32_t iss, uint64_t ipa)
{
	struct mmio_access acc; /* the MMIO arm of the exit record (hv/exit.h) */
	enum hv_err err = abort_decode(iss, ipa, &acc);

	if (err)
		return err;
	if (iss & DABT_WNR)
		acc.value = arch_vcpu_reg(vcpu, DABT_SRT(iss));
	/* Core's handler of VCPU_EXIT_MMIO, called directly: a whole struct
	 * vcpu_exit would cost a store of its kind on the hottest path. */
	err = exit_mmio(vcpu, &acc);
	/* Only `iss` (and vcpu) live across the call: what follows decodes
	 * it again (a few bit-field extracts) instead of keeping every field
	 * in a callee-saved register that the prologue must spill. */
	__asm__("" : "+r"(iss));
	if (err == HV_ERR_BUSY)
		return HV_OK; /* device full (console back-pressure): re-execute it */
	if (err)
		return err;
	if (!(iss & DABT_WNR))
		arch_vcpu_set_reg(vcpu, DABT_SRT(iss), abort_read_result(iss, acc.value));
	arch_vcpu_skip(vcpu);
	return HV_OK;
}

uint64_t abort_fault_ipa(uint64_t hpfar, uint64_t far)
{
	return ((hpfar & GENMASK(43, 4)) << 8) | (far & 0xfff);
}

bool sysreg_is_setway(uint32_t iss)
{
	uint32_t crm = SYSREG_CRM(iss);

	return SYSREG_OP0(iss) == 1 && SYSREG_OP1(iss) == 0 && SYSREG_CRN(iss) == 7 &&
	       SYSREG_OP2(iss) == 2 && (crm == 6 || crm == 10 || crm == 14);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Pure decoders of ESR_EL2 syndromes (see esr.h). */
#include "esr.h"

enum hv_err abort_decode(uint64_t esr, uint64_t ipa, struct mmio_access *acc)
{
	uint32_t iss = ESR_ISS(esr);

	if (ESR_EC(esr) != EC_DABT_LOW || !(iss & DABT_ISV) || (iss & DABT_S1PTW))
		return HV_ERR_UNSUPP;
	*acc = (struct mmio_access){
		.addr = ipa,
		.width = (uint8_t)(1u << DABT_SAS(iss)),
		.reg = (uint8_t)DABT_SRT(iss),
		.write = iss & DABT_WNR,
		.sign_extend = iss & DABT_SSE,
		.reg64 = iss & DABT_SF,
	};
	return HV_OK;
}

/*
 * Rt after a load of `width` bytes (Arm ARM C6.2, LDR/LDRS*): the value
 * zero- or (SSE) sign-extended from the access size, then to 32 bits only
 * for a W register (SF = 0: bits 63:32 of Xt are zero). Two shifts do both
 * extensions and drop whatever a device left above the access size.
 */
uint64_t abort_read_result(const struct mmio_access *acc)
{
	unsigned shift = 64u - acc->width * 8u; /* width 1, 2, 4 or 8 */
	uint64_t v = acc->value << shift;

	v = acc->sign_extend ? (uint64_t)((int64_t)v >> shift) : v >> shift;
	return acc->reg64 ? v : (uint32_t)v;
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

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

uint64_t abort_read_result(const struct mmio_access *acc)
{
	unsigned bits = acc->width * 8u;
	uint64_t v = bits == 64 ? acc->value : acc->value & (BIT(bits) - 1);

	if (acc->sign_extend && bits < 64 && (v & BIT(bits - 1)))
		v |= ~(BIT(bits) - 1);
	if (!acc->reg64)
		v &= 0xffffffffULL; /* W register: upper half is zero */
	return v;
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

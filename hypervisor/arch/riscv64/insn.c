/* SPDX-License-Identifier: Apache-2.0 */
/* Guest load/store decode (unprivileged spec 2.6 and 16.3); pure, host-tested. */
#include "insn.h"

#define OP_LOAD  0x03
#define OP_STORE 0x23

static bool decode_32(uint32_t insn, struct rv_access *a)
{
	uint32_t op = insn & 0x7f, f3 = (insn >> 12) & 7;

	if (op == OP_LOAD && f3 != 7) {
		/* LB LH LW LD LBU LHU LWU */
		a->is_store = false;
		a->width = (uint8_t)(1u << (f3 & 3));
		a->sign_extend = !(f3 & 4) && f3 != 3;
		a->reg = (uint8_t)((insn >> 7) & 31);
		return true;
	}
	if (op == OP_STORE && f3 <= 3) {
		a->is_store = true;
		a->width = (uint8_t)(1u << f3);
		a->sign_extend = false;
		a->reg = (uint8_t)((insn >> 20) & 31);
		return true;
	}
	return false;
}

/* RVC quadrants 0 and 2: C.LW C.LD C.SW C.SD, C.LWSP C.LDSP C.SWSP C.SDSP. */
static bool decode_16(uint16_t c, struct rv_access *a)
{
	uint32_t q = c & 3, f3 = (c >> 13) & 7;
	uint8_t rd_prime = (uint8_t)(8 + ((c >> 2) & 7));

	a->sign_extend = false;
	if (q == 0 && (f3 == 2 || f3 == 3 || f3 == 6 || f3 == 7)) {
		a->is_store = f3 >= 6;
		a->width = (f3 & 1) ? 8 : 4;
		a->sign_extend = f3 == 2;
		a->reg = rd_prime;
		return true;
	}
	if (q == 2 && (f3 == 2 || f3 == 3 || f3 == 6 || f3 == 7)) {
		a->is_store = f3 >= 6;
		a->width = (f3 & 1) ? 8 : 4;
		a->sign_extend = f3 == 2;
		a->reg = (uint8_t)(a->is_store ? (c >> 2) & 31 : (c >> 7) & 31);
		/* C.LWSP/C.LDSP with rd = x0 are reserved encodings */
		return a->is_store || a->reg != 0;
	}
	return false;
}

bool rv_insn_decode(uint32_t insn, struct rv_access *a)
{
	if ((insn & 3) != 3) {
		a->len = 2;
		return decode_16((uint16_t)insn, a);
	}
	a->len = 4;
	return decode_32(insn, a);
}

bool rv_htinst_decode(uint64_t htinst, struct rv_access *a)
{
	uint32_t t = (uint32_t)htinst;

	if (!(t & 1))
		return false; /* 0, or a pseudoinstruction (8.6.3) */
	if (!decode_32(t | 2, a))
		return false;
	a->len = (t & 2) ? 4 : 2;
	return true;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Decode of guest load/store instructions for MMIO emulation (insn.c). */
#ifndef RV_INSN_H
#define RV_INSN_H

#include <hv/types.h>

/* One decoded memory access: what a guest-page fault on MMIO asks for. */
struct rv_access {
	bool is_store;
	bool sign_extend;  /* LB/LH/LW (not LBU/LHU/LWU/LD) */
	uint8_t width;     /* bytes: 1, 2, 4, 8 */
	uint8_t reg;       /* rd of a load, rs2 of a store (x0..x31) */
	uint8_t len;       /* instruction length: 2 (RVC) or 4 */
};

/*
 * Decode `insn` (16 bits for RVC, else 32) as an integer load or store
 * (unprivileged spec 2.6 LOAD/STORE, 16.3 C.LW/C.LD/C.SW/C.SD and their
 * stack-pointer forms). False for anything else (AMOs, FP, LR/SC): the
 * hypervisor does not emulate those on MMIO.
 */
bool rv_insn_decode(uint32_t insn, struct rv_access *a);

/*
 * The transformed instruction of htinst (privileged spec 8.6.3): bit 1
 * clear marks a compressed original; returns false if htinst is 0 or not
 * a transformed load/store, so the caller must fetch the instruction.
 */
bool rv_htinst_decode(uint64_t htinst, struct rv_access *a);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Self-hosted debug and PMU registers as a guest sees them. MDCR_EL2 traps
 * them all (TDA, TDOSA, TDRA, TPM, TPMCR); this module answers from a
 * per-vCPU model so nothing a guest writes reaches the physical debug or
 * PMU state, which the hypervisor's own EL2 events share.
 */
#ifndef ARCH_VDEBUG_H
#define ARCH_VDEBUG_H

#include <hv/types.h>

struct vcpu;

#define VDEBUG_MAX_BP 16 /* ID_AA64DFR0_EL1.BRPs/WRPs: at most 16 each */

struct vdebug_cpu {
	uint64_t mdscr;    /* MDSCR_EL1 as written: no effect on the CPU */
	uint64_t mdccint;  /* MDCCINT_EL1 */
	uint64_t bvr[VDEBUG_MAX_BP], bcr[VDEBUG_MAX_BP];
	uint64_t wvr[VDEBUG_MAX_BP], wcr[VDEBUG_MAX_BP];
	bool oslk;         /* OS Lock (OSLAR_EL1 / OSLSR_EL1.OSLK) */
	bool osdlk;        /* OS Double Lock (OSDLR_EL1.DLK) */
};

/** Cold-reset state of the model (OS Lock locked, all else zero). */
void vdebug_reset(struct vcpu *vcpu);
/**
 * Emulate a trapped MRS/MSR (ESR_EL2 ISS of EC 0x18) of a debug or PMU
 * register into *val. HV_OK when handled; HV_ERR_UNSUPP when not (the
 * caller injects UNDEFINED: every PMU register but PMUSERENR_EL0).
 */
enum hv_err vdebug_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write);

#endif

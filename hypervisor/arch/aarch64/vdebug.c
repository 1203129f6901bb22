/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Debug and PMU registers of a guest (arch/vdebug.h).
 *
 * Why trap them (MDCR_EL2, Arm ARM D13.2.71): on Armv8.0 there is no
 * MDCR_EL2.HPMD, so PMU counters a guest enables also count while this CPU
 * runs the hypervisor, and debug state (breakpoints, watchpoints, OS Lock,
 * MDSCR_EL1.MDE/KDE) a guest programs would fire on EL2 code or shape what
 * an external debugger sees. TPM/TPMCR trap the PMU, TDA the debug
 * registers (D13.3: DBGB/W*, MDSCR_EL1, MDCC*, DBGDTR*, DBGCLAIM*), TDOSA
 * the OS registers (OSLAR/OSLSR/OSDLR/DBGPRCR), TDRA MDRAR_EL1.
 *
 * What the guest sees: no usable PMU (the registers are UNDEFINED, our DTs
 * describe none; only PMUSERENR_EL0 is RAZ/WI because Linux's __cpu_setup
 * clears it unconditionally when ID_AA64DFR0_EL1.PMUVer says a PMU exists),
 * and debug registers that keep what was written, per vCPU, with no
 * effect: breakpoints never fire, the OS Lock is only a flag.
 */
#include <hv/string.h>
#include <arch/sysreg_key.h>
#include <arch/vdebug.h>
#include <hv/vm.h>

/* Debug registers, op0 = 2 (D13.3). */
#define MDCCINT_EL1       SYSREG_KEY(2, 0, 0, 2, 0)
#define MDSCR_EL1         SYSREG_KEY(2, 0, 0, 2, 2)
#define OSDTRRX_EL1       SYSREG_KEY(2, 0, 0, 0, 2)
#define OSDTRTX_EL1       SYSREG_KEY(2, 0, 0, 3, 2)
#define OSECCR_EL1        SYSREG_KEY(2, 0, 0, 6, 2)
#define MDRAR_EL1         SYSREG_KEY(2, 0, 1, 0, 0)
#define OSLAR_EL1         SYSREG_KEY(2, 0, 1, 0, 4)
#define OSLSR_EL1         SYSREG_KEY(2, 0, 1, 1, 4)
#define OSDLR_EL1         SYSREG_KEY(2, 0, 1, 3, 4)
#define DBGPRCR_EL1       SYSREG_KEY(2, 0, 1, 4, 4)
#define DBGCLAIMSET_EL1   SYSREG_KEY(2, 0, 7, 8, 6)
#define DBGCLAIMCLR_EL1   SYSREG_KEY(2, 0, 7, 9, 6)
#define DBGAUTHSTATUS_EL1 SYSREG_KEY(2, 0, 7, 14, 6)
#define MDCCSR_EL0        SYSREG_KEY(2, 3, 0, 1, 0)
#define DBGDTR_EL0        SYSREG_KEY(2, 3, 0, 4, 0)
#define DBGDTRRX_EL0      SYSREG_KEY(2, 3, 0, 5, 0) /* DBGDTRTX_EL0 when written */
/* DBGBVR<n>/DBGBCR<n>/DBGWVR<n>/DBGWCR<n>_EL1: (2, 0, 0, n, 4..7). */
#define BPWP_MASK         (SYSREG_ISS_MASK & ~SYSREG_KEY(0, 0, 0, 0xf, 3))
#define BPWP_KEY          SYSREG_KEY(2, 0, 0, 0, 4)
/* PMUSERENR_EL0 (D13.4). */
#define PMUSERENR_EL0     SYSREG_KEY(3, 3, 9, 14, 0)
/* OSLSR_EL1 (D13.3.x): OSLM = 0b10 (bits 3 and 0) "OS Lock implemented". */
#define OSLSR_OSLM_IMPL   BIT(3)
#define OSLSR_OSLK        BIT(1)

void vdebug_reset(struct vcpu *vcpu)
{
	memset(&vcpu->arch.dbg, 0, sizeof(vcpu->arch.dbg));
	vcpu->arch.dbg.oslk = true; /* the OS Lock is locked after a cold reset */
}

/* Breakpoint/watchpoint value and control registers: stored only. */
static uint64_t *bpwp_slot(struct vdebug_cpu *d, uint32_t key)
{
	unsigned n = SYSREG_KEY_CRM(key);

	switch (SYSREG_KEY_OP2(key)) {
	case 4:
		return &d->bvr[n];
	case 5:
		return &d->bcr[n];
	case 6:
		return &d->wvr[n];
	default:
		return &d->wcr[n];
	}
}

/* Registers whose value the model keeps; NULL for the others. */
static uint64_t *stored_slot(struct vdebug_cpu *d, uint32_t key)
{
	if ((key & BPWP_MASK) == BPWP_KEY)
		return bpwp_slot(d, key);
	if (key == MDSCR_EL1)
		return &d->mdscr;
	if (key == MDCCINT_EL1)
		return &d->mdccint;
	return NULL;
}

/* Read-as-zero / write-ignored, in both directions. */
static bool is_raz_wi(uint32_t key)
{
	switch (key) {
	case OSDTRRX_EL1:
	case OSDTRTX_EL1:
	case OSECCR_EL1:
	case DBGPRCR_EL1:
	case DBGCLAIMSET_EL1:
	case DBGCLAIMCLR_EL1:
	case DBGDTR_EL0:
	case DBGDTRRX_EL0:
	case PMUSERENR_EL0:
		return true;
	default:
		return false;
	}
}

/* Read-only registers that read as zero: no ROM table, DCC empty. */
static bool is_ro_zero(uint32_t key)
{
	return key == MDRAR_EL1 || key == MDCCSR_EL0 || key == DBGAUTHSTATUS_EL1;
}

/* The OS Lock and OS Double Lock: flags of the model only. */
static enum hv_err os_lock(struct vdebug_cpu *d, uint32_t key, uint64_t *val, bool write)
{
	if (key == OSLAR_EL1 && write)
		d->oslk = *val & 1;
	else if (key == OSLSR_EL1 && !write)
		*val = OSLSR_OSLM_IMPL | (d->oslk ? OSLSR_OSLK : 0);
	else if (key == OSDLR_EL1 && write)
		d->osdlk = *val & 1;
	else if (key == OSDLR_EL1)
		*val = d->osdlk;
	else
		return HV_ERR_UNSUPP; /* MRS of OSLAR / MSR of OSLSR: UNDEFINED */
	return HV_OK;
}

enum hv_err vdebug_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write)
{
	uint32_t key = iss & SYSREG_ISS_MASK;
	uint64_t *slot = stored_slot(&vcpu->arch.dbg, key);

	if (slot) {
		if (write)
			*slot = *val;
		else
			*val = *slot;
		return HV_OK;
	}
	if (is_raz_wi(key) || (is_ro_zero(key) && !write)) {
		if (!write)
			*val = 0;
		return HV_OK;
	}
	if (key == OSLAR_EL1 || key == OSLSR_EL1 || key == OSDLR_EL1)
		return os_lock(&vcpu->arch.dbg, key, val, write);
	return HV_ERR_UNSUPP;
}

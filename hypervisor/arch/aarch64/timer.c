/* SPDX-License-Identifier: Apache-2.0 */
/* The generic timer from EL2 (hv/arch/timer.h), ARM DDI 0487 D11. */
#include <hv/arch/timer.h>
#include <arch/generic_timer.h>

#include "sysreg.h"

/* CNTHCTL_EL2 with HCR_EL2.E2H = 0 (DDI 0487 D13.8.2) */
#define CNTHCTL_EL1PCTEN BIT(0) /* EL1 may read CNTPCT_EL0 */
#define CNTHCTL_EL1PCEN  BIT(1) /* EL1 may use CNTP_*: clear = trap */

uint64_t arch_timer_count(void)
{
	isb(); /* do not read the counter ahead of earlier instructions */
	return read_sysreg(cntpct_el0);
}

/* No ISB: the read may be done ahead of earlier instructions (D11.2.2),
 * which a 1 ms console poll deadline cannot notice. */
uint64_t arch_timer_count_relaxed(void)
{
	return read_sysreg(cntpct_el0);
}

uint64_t arch_timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

void arch_timer_guest_setup(uint64_t cntvoff)
{
	write_sysreg(cntvoff_el2, cntvoff);
	/* The EL1 physical timer is the guest's too (issue 18): its PPI 30
	 * is forwarded hardware-linked like the virtual timer's (vgic.c). */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntv_ctl_el0, 0ULL); /* off until the guest arms it */
	write_sysreg(cntp_ctl_el0, 0ULL);
	isb();
}

/* CNTx_CTL_EL0 (D13.8.16/.19): the timer's interrupt output is asserted
 * while ENABLE = 1, ISTATUS = 1 and IMASK = 0 (D11.2.4). */
static bool ctl_asserted(uint64_t ctl)
{
	return (ctl & 7) == 5;
}

bool arch_timer_guest_line(bool virt)
{
	return ctl_asserted(virt ? read_sysreg(cntv_ctl_el0) : read_sysreg(cntp_ctl_el0));
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ticker guest: the bare-metal VM that runs beside Linux. Prints
 * "tick N" every PERIOD_MS, TICKS times (0: for ever), then powers its VM
 * off. Between ticks it sleeps in WFI on the EL1 virtual timer, so its
 * physical CPU (a QEMU thread) idles instead of spinning.
 *
 * Interrupts stay masked (PSTATE.I): WFI still wakes when a virtual
 * interrupt is pending (Arm ARM D1.16.2), and ICC_IAR1_EL1 acknowledges it
 * regardless of the mask (IHI 0069 12.2.11), so no vector table is needed.
 */
#include "gic.h"
#include "guest.h"

#ifndef TICKS
#define TICKS 0
#endif
#ifndef PERIOD_MS
#define PERIOD_MS 2000
#endif

#define VTIMER_PPI 27

/* Just enough GICv3 for one PPI: IHI 0069 12.11 (GICR), 12.9 (GICD). */
static void gic_setup(void)
{
	*reg32(GICR + 0x14) &= ~2u; /* GICR_WAKER.ProcessorSleep = 0 */
	*reg32(GICD) = 0x12; /* GICD_CTLR: ARE_NS | EnableGrp1NS */
	*reg32(GICR + SGI_BASE + 0x418) = 0x80u << 24; /* IPRIORITYR for PPI 27 */
	*reg32(GICR + SGI_BASE + 0x80) = 1u << VTIMER_PPI; /* IGROUPR0: group 1 */
	*reg32(GICR + SGI_BASE + 0x100) = 1u << VTIMER_PPI; /* ISENABLER0 */
	gic_cpu_if_enable();
}

/* Sleep until the virtual counter reaches `deadline`. */
static void sleep_until(uint64_t deadline)
{
	__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 ::"r"(deadline), "r"(1ULL));
	while (read_cntvct() < deadline) {
		uint32_t intid;

		__asm__ volatile("dsb sy; wfi" ::: "memory");
		intid = gic_ack();
		if (intid == INTID_SPURIOUS)
			continue;
		if (intid == VTIMER_PPI) /* drop the level before the EOI */
			__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
		gic_eoi(intid);
	}
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
}

int main(uint64_t dtb)
{
	uint64_t period = read_cntfrq() * PERIOD_MS / 1000;
	uint64_t next = read_cntvct();

	(void)dtb;
	gic_setup();
	gprintf("ticker: up on MPIDR 0x%lx, a tick every %d ms\n", read_mpidr(),
		PERIOD_MS);
	for (unsigned long n = 1; TICKS == 0 || n <= TICKS; n++) {
		next += period;
		sleep_until(next);
		gprintf("tick %lu\n", n);
	}
	gprintf("ticker: done\n");
	psci_system_off();
}

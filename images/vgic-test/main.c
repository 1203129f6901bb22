/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vGIC test guest: drives the virtual GICv3 the way an OS does, with the
 * system-register CPU interface, and prints what it saw. Interrupts stay
 * masked (PSTATE.I): the guest polls ICC_IAR1_EL1, which acknowledges a
 * pending virtual interrupt regardless of the mask (IHI 0069 12.2.11), so
 * no vector table is needed. Lines starting "vgic-test:" are checked by
 * tests/integration/test_vgic.py.
 */
#include "gic.h"
#include "guest.h"

#define TICKS 10
#define TICK_HZ 100

static int fails;

static void check(bool ok, const char *what)
{
	gprintf("vgic-test: %s: %s\n", what, ok ? "ok" : "FAIL");
	fails += !ok;
}

static void gic_setup(void)
{
	uint32_t waker;

	*reg32(GICR + 0x14) &= ~2u; /* GICR_WAKER.ProcessorSleep = 0 */
	waker = *reg32(GICR + 0x14);
	check(waker == 0, "redistributor awake");
	*reg32(GICD) = 0x13; /* ARE | EnableGrp1 | EnableGrp0 */
	*reg32(GICR + SGI_BASE + 0x400) = 0x80808080; /* SGI 0-3 priority */
	*reg32(GICR + SGI_BASE + 0x418) = 0x80000000; /* PPI 27 priority */
	*reg32(GICR + SGI_BASE + 0x100) = (1u << 1) | (1u << 27);
	gic_cpu_if_enable();
}

static void check_ids(void)
{
	uint32_t typer = *reg32(GICD + 4);
	uint32_t pidr2 = *reg32(GICD + 0xffe8);
	uint64_t rtyper = *(volatile uint64_t *)(GICR + 8);

	gprintf("vgic-test: GICD_TYPER=0x%x PIDR2=0x%x GICR_TYPER=0x%lx\n",
		typer, pidr2, rtyper);
	check(((pidr2 >> 4) & 0xf) == 3, "GICv3 (PIDR2.ArchRev)");
	check(rtyper & (1u << 4), "GICR_TYPER.Last on the only vCPU");
}

/* Poll for an interrupt for up to `ms`; 1023 if none. */
static uint32_t wait_irq(uint64_t ms)
{
	uint64_t end = read_cntvct() + read_cntfrq() * ms / 1000;
	uint32_t intid;

	do {
		intid = gic_ack();
		if (intid < 1020)
			return intid;
	} while (read_cntvct() < end);
	return 1023;
}

static void test_sgi_self(void)
{
	uint64_t aff0 = read_mpidr() & 0xff;
	uint32_t intid;

	sysreg_w(ICC_SGI1R, (1ULL << 24) | (1ULL << (aff0 & 0xf)));
	intid = wait_irq(100);
	if (intid < 1020)
		gic_eoi(intid);
	gprintf("vgic-test: SGI to self: got INTID %u\n", intid);
	check(intid == 1, "SGI 1 to self delivered");
}

static void timer_arm(void)
{
	__asm__ volatile("msr cntv_tval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 ::"r"(read_cntfrq() / TICK_HZ), "r"(1ULL));
}

static void test_timer(void)
{
	uint64_t t0 = read_cntvct(), ms;
	uint32_t n = 0, intid;

	gprintf("vgic-test: virtual counter at start %lu\n",
		t0);
	timer_arm();
	while (n < TICKS) {
		intid = wait_irq(1000);
		if (intid == 1023)
			break;
		if (intid == 27) {
			n++;
			timer_arm(); /* next deadline: the level drops */
		}
		gic_eoi(intid); /* deactivates the physical PPI */
	}
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
	ms = (read_cntvct() - t0) * 1000 / read_cntfrq();
	gprintf("vgic-test: timer: %u ticks at %u Hz in %lu ms\n", n, TICK_HZ,
		ms);
	check(n == TICKS && ms >= 1000 * TICKS / TICK_HZ, "virtual timer ticks");
}

/* A VM cannot enable an SPI it does not own: it reads back as zero. */
static void test_foreign_spi(void)
{
	*reg32(GICD + 0x104) = 0xffffffff; /* SPIs 32-63 */
	gprintf("vgic-test: GICD_ISENABLER1 after writing ones: 0x%x\n",
		*reg32(GICD + 0x104));
	check((*reg32(GICD + 0x104) & ~(1u << 1)) == 0,
	      "unowned SPIs RAZ/WI");
}

/* The EL1 physical timer is the guest's: a probe reads back. */
static void test_cntp_probe(void)
{
	uint64_t ctl;

	__asm__ volatile("msr cntp_ctl_el0, %0; isb" ::"r"(2ULL));
	__asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(ctl));
	check(ctl == 2, "EL1 physical timer (CNTP_CTL reads back)");
}

int main(uint64_t dtb)
{
	(void)dtb;
	gprintf("vgic-test: start\n");
	check_ids();
	gic_setup();
	test_sgi_self();
	test_timer();
	test_foreign_spi();
	test_cntp_probe();
	gprintf("vgic-test: %s (%d failures)\n", fails ? "FAIL" : "PASS", fails);
	psci_system_off();
}

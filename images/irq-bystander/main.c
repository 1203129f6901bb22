/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bystander of the passthrough-interrupt test: runs beside images/irq-pt,
 * which owns the PL031 RTC and its SPI (INTID 34). This VM does not: it
 * tries to enable INTID 34 in its own virtual distributor (an SPI the VM
 * does not own is RAZ/WI), to read the RTC (no stage-2 mapping: a
 * synchronous external abort), and listens with its CPU interface on and
 * IRQs unmasked for as long as the owner runs; it must take no interrupt.
 * Lines starting "bystander:" are checked by
 * tests/integration/test_irq_passthrough.py.
 */
#include "gic.h"
#include "guest.h"

#define RTC       0x09010000UL
#define RTC_INTID 34
#define GICD_ISENABLER1 0x104
#define LISTEN_MS 10000 /* the owner needs at most ~2 x 3 s of RTC time */

#define EC_DABT_CUR 0x25
#define FSC_SEA 0x10

static volatile uint64_t exc_count, exc_esr;
static volatile uint32_t irq_count, irq34_count;

void guest_exception(struct guest_frame *f)
{
	uint64_t elr;

	(void)f;
	__asm__ volatile("mrs %0, esr_el1; mrs %1, elr_el1" : "=r"(exc_esr), "=r"(elr));
	exc_count++;
	__asm__ volatile("msr elr_el1, %0" ::"r"(elr + 4)); /* skip the access */
}

void guest_irq(struct guest_frame *f)
{
	uint32_t intid = gic_ack();

	(void)f;
	if (intid >= 1020)
		return;
	irq_count++;
	irq34_count += intid == RTC_INTID;
	gprintf("bystander: got irq %u\n", intid);
	gic_eoi(intid);
}

static void try_enable(void)
{
	uint32_t v;

	*reg32(GICD + GICD_ISENABLER1) = 1u << (RTC_INTID % 32);
	v = *reg32(GICD + GICD_ISENABLER1) & (1u << (RTC_INTID % 32));
	gprintf("bystander: ISENABLER for irq %u reads 0x%x after enabling: %s\n",
		RTC_INTID, v, v ? "FAIL" : "RAZ/WI ok");
}

static void try_rtc_read(void)
{
	uint64_t before = exc_count, v = 0;
	bool sea;

	__asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(RTC) : "memory");
	sea = exc_count == before + 1 && (exc_esr >> 26) == EC_DABT_CUR &&
	      (exc_esr & 0x3f) == FSC_SEA;
	gprintf("bystander: RTC read at 0x%lx: %s (ESR_EL1 0x%lx)\n", RTC,
		sea ? "external abort ok" : "FAIL, not blocked", exc_esr);
}

int main(uint64_t dtb)
{
	(void)dtb;
	guest_vectors_install();
	*reg32(GICR + 0x14) &= ~2u; /* GICR_WAKER.ProcessorSleep = 0 */
	*reg32(GICD) = 0x13;         /* ARE | EnableGrp1 | EnableGrp0 */
	gic_cpu_if_enable();
	__asm__ volatile("msr daifclr, #2; isb");
	gprintf("bystander: start\n");
	try_enable();
	try_rtc_read();
	delay_ms(LISTEN_MS);
	gprintf("bystander: listened %u ms: %u interrupts, %u of them irq %u\n",
		LISTEN_MS, irq_count, irq34_count, RTC_INTID);
	psci_system_off();
}

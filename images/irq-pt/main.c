/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Passthrough-interrupt test guest (2 vCPUs): owns QEMU's PL031 RTC and its
 * SPI (INTID 34). vCPU 0 routes the SPI to vCPU 1 through GICD_IROUTER,
 * arms the RTC's match interrupt and waits for vCPU 1 to take it; then
 * routes it to itself and repeats. Each interrupt is acknowledged through
 * ICC_IAR1_EL1 and finished with ICC_EOIR1_EL1 (EOImode 0: drop and
 * deactivate), which, through the hardware-linked list register, must also
 * deactivate the physical SPI (IHI 0069 4.9.4) -- otherwise the second
 * interrupt would never come. Lines starting "irq-pt:" are checked by
 * tests/integration/test_irq_passthrough.py.
 */
#include "gic.h"
#include "guest.h"

#define RTC      0x09010000UL
#define RTCDR    0x00 /* PL031 TRM (DDI 0224) 3.3: data (seconds) */
#define RTCMR    0x04 /* match */
#define RTCIMSC  0x10 /* interrupt mask set/clear */
#define RTCICR   0x1c /* interrupt clear */
#define RTC_INTID 34  /* board.dts: pl031 interrupts = <SPI 2> */
#define GICR_STRIDE 0x20000UL
#define WAIT_S 5

#define GICD_ISENABLER(n) (0x100 + 4 * ((n) / 32))
#define GICD_ICENABLER(n) (0x180 + 4 * ((n) / 32))
#define GICD_IPRIORITYR(n) (0x400 + (n))
#define GICD_IROUTER(n) (0x6000 + 8 * (n))

static volatile uint32_t got[2];     /* INTID 34 taken, per vCPU */
static volatile uint32_t stray[2];   /* any other INTID, per vCPU */
static volatile uint32_t vcpu1_ready;
static uint64_t mpidr[2];
static int fails;

static uint32_t my_index(void)
{
	return read_mpidr() == mpidr[1] ? 1 : 0;
}

static inline void irqs_unmask(void)
{
	__asm__ volatile("msr daifclr, #2; isb");
}

void guest_irq(struct guest_frame *f)
{
	uint32_t me = my_index(), intid = gic_ack();

	(void)f;
	if (intid >= 1020)
		return; /* spurious: nothing to finish */
	if (intid == RTC_INTID) {
		/* Level-sensitive: drop the line before the EOI deactivates
		 * the (hardware-linked) interrupt, or it fires again. */
		*reg32(RTC + RTCICR) = 1;
		gprintf("irq-pt: irq %u on vcpu %u\n", intid, me);
		got[me]++;
	} else {
		gprintf("irq-pt: unexpected irq %u on vcpu %u\n", intid, me);
		stray[me]++;
	}
	gic_eoi(intid);
}

void guest_exception(struct guest_frame *f)
{
	uint64_t esr, elr;

	(void)f;
	__asm__ volatile("mrs %0, esr_el1; mrs %1, elr_el1" : "=r"(esr), "=r"(elr));
	gprintf("irq-pt: FAIL: exception ESR_EL1 0x%lx at 0x%lx\n", esr, elr);
	psci_system_off();
}

/* Each vCPU: its redistributor awake, its CPU interface on, IRQs unmasked. */
static void cpu_if_up(uint32_t idx)
{
	*reg32(GICR + idx * GICR_STRIDE + 0x14) &= ~2u; /* WAKER.ProcessorSleep */
	gic_cpu_if_enable();
	irqs_unmask();
}

void secondary_main(uint64_t idx)
{
	guest_vectors_install();
	cpu_if_up((uint32_t)idx);
	vcpu1_ready = 1;
	for (;;)
		__asm__ volatile("wfi");
}

static bool wait_for(volatile uint32_t *v, uint32_t want)
{
	uint64_t end = read_cntvct() + read_cntfrq() * WAIT_S;

	while (*v < want)
		if (read_cntvct() > end)
			return false;
	return true;
}

static void route_to(uint32_t idx)
{
	*(volatile uint64_t *)(GICD + GICD_IROUTER(RTC_INTID)) = mpidr[idx];
}

/* Alarm at the next-but-one second: the RTC counts whole seconds, a match
 * one ahead could already be a fraction of a second away. */
static void rtc_arm(void)
{
	*reg32(RTC + RTCICR) = 1;
	*reg32(RTC + RTCMR) = *reg32(RTC + RTCDR) + 2;
	*reg32(RTC + RTCIMSC) = 1;
}

static void round_on(uint32_t idx)
{
	uint32_t before = got[idx];

	route_to(idx);
	gprintf("irq-pt: IROUTER[%u] = 0x%lx (vcpu %u), RTC armed\n", RTC_INTID,
		*(volatile uint64_t *)(GICD + GICD_IROUTER(RTC_INTID)), idx);
	rtc_arm();
	if (!wait_for(&got[idx], before + 1)) {
		gprintf("irq-pt: FAIL: no irq %u on vcpu %u within %u s\n",
			RTC_INTID, idx, WAIT_S);
		fails++;
	}
	*reg32(RTC + RTCIMSC) = 0;
}

static void gicd_setup(void)
{
	*reg32(GICD) = 0x13; /* ARE | EnableGrp1 | EnableGrp0 */
	*((volatile uint8_t *)(GICD + GICD_IPRIORITYR(RTC_INTID))) = 0x80;
	route_to(1);
	*reg32(GICD + GICD_ISENABLER(RTC_INTID)) = 1u << (RTC_INTID % 32);
	gprintf("irq-pt: GICD_ISENABLER1 = 0x%x\n",
		*reg32(GICD + GICD_ISENABLER(RTC_INTID)));
}

static void start_vcpu1(void)
{
	int64_t r = hvc_call(PSCI_CPU_ON, mpidr[1], (uint64_t)secondary_start, 1);
	bool up = r == 0 && wait_for(&vcpu1_ready, 1);

	gprintf("irq-pt: CPU_ON(0x%lx) = %ld, vcpu 1 %s\n", mpidr[1], r,
		up ? "up" : "NOT UP");
	fails += !up;
}

int main(uint64_t dtb)
{
	(void)dtb;
	mpidr[0] = read_mpidr();
	mpidr[1] = mpidr[0] + 1; /* the config pins vCPU i to MPIDR first + i */
	guest_vectors_install();
	gprintf("irq-pt: start, vcpu 0 MPIDR 0x%lx\n", mpidr[0]);
	cpu_if_up(0);
	start_vcpu1();
	gicd_setup();
	round_on(1);
	round_on(0);
	*reg32(GICD + GICD_ICENABLER(RTC_INTID)) = 1u << (RTC_INTID % 32);
	delay_ms(100); /* a late duplicate would show up in the counts */
	gprintf("irq-pt: counts: vcpu 0 got %u, vcpu 1 got %u, other irqs %u\n",
		got[0], got[1], stray[0] + stray[1]);
	fails += got[0] != 1 || got[1] != 1 || stray[0] || stray[1];
	gprintf("irq-pt: %s (%d failures)\n", fails ? "FAIL" : "PASS", fails);
	psci_system_off();
}

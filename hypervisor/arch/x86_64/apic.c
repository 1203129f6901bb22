/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host local APIC in xAPIC mode (QEMU's SVM has no x2APIC) and AP start-up
 * with INIT-SIPI-SIPI (AMD APM vol. 2, 16.3 and 16.5; Intel MP spec B.4).
 */
#include <hv/log.h>
#include <hv/string.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <arch/x86_cpu.h>

#define APIC_BASE_PA   0xfee00000ULL
#define APIC_BASE_EN   BIT(11)
#define APIC_ID        0x020
#define APIC_SVR       0x0f0
#define APIC_ICR_LO    0x300
#define APIC_ICR_HI    0x310
#define ICR_PENDING    BIT(12)
#define ICR_INIT       0x00004500u /* INIT, level assert */
#define ICR_SIPI       0x00004600u /* start-up, level assert; | vector */
#define ICR_FIXED      0x00004000u /* fixed delivery, level assert; | vector */
#define APIC_EOI       0x0b0
#define APIC_LVT_TIMER 0x320
#define APIC_TMR_INIT  0x380
#define APIC_TMR_CUR   0x390
#define APIC_TMR_DIV   0x3e0
#define TMR_DIV_16     0x3

extern const uint8_t ap_tramp[], ap_tramp_end[];
extern volatile uint32_t x86_ap_next_idx;
static volatile uint32_t ap_online_mask;

static volatile uint32_t *apic_reg(uint32_t off)
{
	return (volatile uint32_t *)(APIC_BASE_PA + off);
}

void apic_init(void)
{
	wrmsr(MSR_APIC_BASE, (rdmsr(MSR_APIC_BASE) & ~0xfffff000ULL) | APIC_BASE_PA | APIC_BASE_EN);
	*apic_reg(APIC_SVR) = 0x100 | APIC_VEC_SPURIOUS; /* software enable */
}

/* Local APIC timer ticks per millisecond (divide by 16), measured once. */
static uint32_t apic_ticks_ms;

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void apic_timer_calibrate(uint64_t tsc_hz)
{
	uint64_t end = tsc() + tsc_hz / 100;

	*apic_reg(APIC_TMR_DIV) = TMR_DIV_16;
	*apic_reg(APIC_LVT_TIMER) = BIT(16) | APIC_VEC_TIMER; /* masked while measuring */
	*apic_reg(APIC_TMR_INIT) = 0xffffffffu;
	while (tsc() < end)
		;
	apic_ticks_ms = (0xffffffffu - *apic_reg(APIC_TMR_CUR)) / 10;
	*apic_reg(APIC_TMR_INIT) = 0;
	if (!apic_ticks_ms)
		apic_ticks_ms = 1;
}

void apic_timer_oneshot_ms(uint32_t ms)
{
	*apic_reg(APIC_TMR_DIV) = TMR_DIV_16;
	*apic_reg(APIC_LVT_TIMER) = APIC_VEC_TIMER; /* one-shot, unmasked */
	*apic_reg(APIC_TMR_INIT) = apic_ticks_ms * ms;
}

void apic_send_ipi(uint32_t apic, uint8_t vector)
{
	*apic_reg(APIC_ICR_HI) = apic << 24;
	*apic_reg(APIC_ICR_LO) = ICR_FIXED | vector;
}

/* From exc.S with interrupts off: acknowledge (the spurious vector has no
 * EOI, Intel SDM 10.9 / APM 16.4.7); the interrupt's only job is to end
 * a HLT or make the CPU leave its guest. */
void x86_irq(uint64_t vector);
void x86_irq(uint64_t vector)
{
	if (vector != APIC_VEC_SPURIOUS)
		*apic_reg(APIC_EOI) = 0;
}

uint32_t apic_id(void)
{
	return *apic_reg(APIC_ID) >> 24;
}

/* About `us` microseconds: each port 0x80 write takes ~1 us on a PC bus. */
static void io_delay(unsigned us)
{
	while (us--)
		outb(0x80, 0);
}

static void icr_send(uint32_t apic, uint32_t lo)
{
	*apic_reg(APIC_ICR_HI) = apic << 24;
	*apic_reg(APIC_ICR_LO) = lo;
	while (*apic_reg(APIC_ICR_LO) & ICR_PENDING)
		;
}

bool apic_start_ap(uint32_t idx, uint32_t apic)
{
	memcpy((void *)AP_TRAMP_PA, ap_tramp, (size_t)(ap_tramp_end - ap_tramp));
	x86_ap_next_idx = idx;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	icr_send(apic, ICR_INIT);
	io_delay(10000);
	for (int i = 0; i < 2; i++) {
		icr_send(apic, ICR_SIPI | (AP_TRAMP_PA >> 12));
		io_delay(200);
	}
	for (unsigned spin = 0; spin < 2000000; spin++) {
		if (__atomic_load_n(&ap_online_mask, __ATOMIC_ACQUIRE) & BIT(idx))
			return true;
		__asm__ volatile("pause");
	}
	return false;
}

void x86_ap_online(uint32_t idx)
{
	__atomic_or_fetch(&ap_online_mask, (uint32_t)BIT(idx), __ATOMIC_RELEASE);
}

void pic_mask_all(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/*
 * QEMU's q35 ICH9 LPC and pc PIIX4 PM both power off on SLP_EN with
 * SLP_TYP 0 in PM1a_CNT (ACPI 6.4, 4.8.3.2.1); SeaBIOS puts the q35 PM
 * block at 0x600 (PM1a_CNT 0x604) and the PIIX4 one at 0xb000 (0xb004).
 */
void x86_machine_off(void)
{
	log_sync();
	outw(0x604, 0x2000);
	outw(0xb004, 0x2000);
	for (;;)
		__asm__ volatile("cli; hlt");
}

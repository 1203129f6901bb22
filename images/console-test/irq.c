/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt-driven console guest ('c'): the virtual PL011's RX/RT
 * interrupt (SPI 33, through the virtual GICv3) delivers input while the
 * vCPU sleeps in WFI; no FR polling on the receive side. It echoes one line
 * with the number of UART interrupts it took, then powers its VM off.
 */
#include "gic.h"
#include "guest.h"

#define UART_INTID 33

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTIMSC 0x038
#define UARTICR  0x044
#define FR_RXFE  (1u << 4)
#define INT_RX   (1u << 4)
#define INT_RT   (1u << 6)

#define INPUT_MAX 64

static volatile char line[INPUT_MAX + 1];
static volatile unsigned line_len;
static volatile bool line_done;
static volatile unsigned uart_irqs;

static volatile uint32_t *uart(unsigned off)
{
	return reg32(UART_BASE + off);
}

/* IHI 0069: distributor (ARE, group 1), redistributor awake, SPI 33 on. */
static void gic_init(void)
{
	*reg32(GICD + 0x0000) = (1u << 4) | (1u << 1) | 1u; /* GICD_CTLR */
	*reg32(GICR + 0x0014) &= ~2u;                      /* GICR_WAKER */
	while (*reg32(GICR + 0x0014) & 4u)
		;
	*reg32(GICD + 0x0084) = 1u << (UART_INTID - 32);   /* GICD_IGROUPR1 */
	*reg32(GICD + 0x0420) = 0xa0a0a0a0u;               /* IPRIORITYR, 32-35 */
	*reg32(GICD + 0x6000 + 8 * UART_INTID) = 0;        /* IROUTER: aff 0 */
	*reg32(GICD + 0x6004 + 8 * UART_INTID) = 0;
	*reg32(GICD + 0x0104) = 1u << (UART_INTID - 32);   /* GICD_ISENABLER1 */
}

/* PL011 TRM 3.4: drain RX, then clear RX/RT in UARTICR. */
static void uart_rx_irq(void)
{
	while (!(*uart(UARTFR) & FR_RXFE)) {
		char c = (char)(*uart(UARTDR) & 0xff);

		if (c == '\r' || c == '\n') {
			line_done = line_len > 0;
			continue;
		}
		if (line_len < INPUT_MAX && !line_done)
			line[line_len++] = c;
	}
	*uart(UARTICR) = INT_RX | INT_RT;
	uart_irqs++;
}

/* IRQ vector hook (guest-lib/vectors.S). */
void guest_irq(struct guest_frame *f)
{
	uint32_t intid = gic_ack();

	(void)f;
	if (intid == INTID_SPURIOUS)
		return;
	if (intid == UART_INTID)
		uart_rx_irq();
	gic_eoi(intid);
}

int main(uint64_t dtb)
{
	(void)dtb;
	gic_init();
	gic_cpu_if_enable();
	guest_vectors_install();
	*uart(UARTIMSC) = INT_RX | INT_RT;
	uart_puts("c irq waiting for input\n");
	__asm__ volatile("msr daifclr, #2");
	while (!line_done)
		__asm__ volatile("wfi");
	__asm__ volatile("msr daifset, #2");
	line[line_len] = '\0';
	gprintf("c irq echo: %s (%u interrupts)\n", (const char *)line, uart_irqs);
	psci_system_off();
}

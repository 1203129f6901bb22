/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt-driven console guest ('c'): the virtual PL011's RX/RT
 * interrupt (SPI 33, through the virtual GICv3) delivers input while the
 * vCPU sleeps in WFI; no FR polling on the receive side. It echoes one line
 * with the number of UART interrupts it took, then returns (power off).
 */
#include <stdbool.h>
#include <stdint.h>

#define GICD      0x08000000UL
#define GICR      0x080a0000UL /* vCPU 0's redistributor (RD frame) */
#define UART      0x09000000UL
#define UART_INTID 33

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTIMSC 0x038
#define UARTICR  0x044
#define FR_RXFE  (1u << 4)
#define FR_TXFF  (1u << 5)
#define INT_RX   (1u << 4)
#define INT_RT   (1u << 6)

#define INPUT_MAX 64

extern char vectors[];

static volatile char line[INPUT_MAX + 1];
static volatile unsigned line_len;
static volatile bool line_done;
static volatile unsigned uart_irqs;

static inline uint32_t rd32(unsigned long a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void wr32(unsigned long a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static void put_char(char c)
{
	while (rd32(UART + UARTFR) & FR_TXFF)
		;
	wr32(UART + UARTDR, (uint8_t)c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_dec(unsigned n)
{
	char d[10];
	int i = 0;

	do
		d[i++] = (char)('0' + n % 10);
	while ((n /= 10) && i < 10);
	while (i)
		put_char(d[--i]);
}

/* IHI 0069: distributor (ARE, group 1), redistributor awake, SPI 33 on. */
static void gic_init(void)
{
	wr32(GICD + 0x0000, (1u << 4) | (1u << 1) | 1u); /* GICD_CTLR */
	wr32(GICR + 0x0014, rd32(GICR + 0x0014) & ~2u);  /* GICR_WAKER */
	while (rd32(GICR + 0x0014) & 4u)
		;
	wr32(GICD + 0x0084, 1u << (UART_INTID - 32));    /* GICD_IGROUPR1 */
	wr32(GICD + 0x0420, 0xa0a0a0a0u);                /* IPRIORITYR, 32-35 */
	wr32(GICD + 0x6000 + 8 * UART_INTID, 0);         /* IROUTER: aff 0 */
	wr32(GICD + 0x6004 + 8 * UART_INTID, 0);
	wr32(GICD + 0x0104, 1u << (UART_INTID - 32));    /* GICD_ISENABLER1 */
}

static void cpu_if_init(void)
{
	uint64_t sre;

	__asm__ volatile("mrs %0, S3_0_C12_C12_5" : "=r"(sre)); /* ICC_SRE_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_5, %0; isb" : : "r"(sre | 1));
	__asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"(0xffUL));   /* PMR */
	__asm__ volatile("msr S3_0_C12_C12_7, %0; isb" : : "r"(1UL)); /* IGRPEN1 */
	__asm__ volatile("msr vbar_el1, %0; isb" : : "r"(vectors));
}

/* PL011 TRM 3.4: drain RX, then clear RX/RT in UARTICR. */
static void uart_rx_irq(void)
{
	while (!(rd32(UART + UARTFR) & FR_RXFE)) {
		char c = (char)(rd32(UART + UARTDR) & 0xff);

		if (c == '\r' || c == '\n') {
			line_done = line_len > 0;
			continue;
		}
		if (line_len < INPUT_MAX && !line_done)
			line[line_len++] = c;
	}
	wr32(UART + UARTICR, INT_RX | INT_RT);
	uart_irqs++;
}

void irq_handler(void)
{
	uint64_t iar;

	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar)); /* ICC_IAR1_EL1 */
	if ((iar & 0xffffff) == 1023)
		return; /* spurious */
	if ((iar & 0xffffff) == UART_INTID)
		uart_rx_irq();
	__asm__ volatile("msr S3_0_C12_C12_1, %0" : : "r"(iar)); /* EOIR1 */
}

void guest_main(void)
{
	gic_init();
	cpu_if_init();
	wr32(UART + UARTIMSC, INT_RX | INT_RT);
	put_str("c irq waiting for input\r\n");
	__asm__ volatile("msr daifclr, #2");
	while (!line_done)
		__asm__ volatile("wfi");
	__asm__ volatile("msr daifset, #2");
	line[line_len] = '\0';
	put_str("c irq echo: ");
	put_str((const char *)line);
	put_str(" (");
	put_dec(uart_irqs);
	put_str(" interrupts)\r\n");
}

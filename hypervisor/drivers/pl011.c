/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm PL011 UART (PrimeCell UART r1p5 TRM, DDI 0183). Polled only: the
 * hypervisor never takes the UART interrupt itself.
 */
#include <hv/uart.h>

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR   0x030
#define UARTIMSC 0x038

#define FR_RXFE BIT(4) /* receive FIFO empty */
#define FR_TXFF BIT(5) /* transmit FIFO full */

#define CR_UARTEN BIT(0)
#define CR_TXE    BIT(8)
#define CR_RXE    BIT(9)
#define LCR_8BIT  (3u << 5)

static volatile uint32_t *uart_regs;

static uint32_t reg_read(uint32_t off)
{
	return uart_regs[off / 4];
}

static void reg_write(uint32_t off, uint32_t v)
{
	uart_regs[off / 4] = v;
}

/*
 * Keep the firmware's baud rate (QEMU ignores it; on hardware U-Boot set
 * it up) and its FIFO setting; make sure of 8-bit words, TX and RX.
 *
 * LCR_H.FEN is never changed: a change empties the receiver (QEMU's PL011
 * drops its RX queue on every FEN change; the TRM flushes the FIFOs that
 * way), losing what was typed before we ran. Draining the receiver first
 * does not close that: each read of UARTDR lets QEMU's chardev push the
 * next byte, which can land between the drain and the LCR_H write (seen
 * in tests/integration/test_console.py). So with QEMU's reset state (FEN
 * off) input arrives through the one-byte holding register, QEMU keeping
 * the rest back (flow control, nothing lost), and with U-Boot's (FEN on)
 * through the FIFO; the word length is written only if it is not 8 bits,
 * FEN unchanged.
 */
void uart_init(uint64_t base)
{
	uint32_t lcr;

	uart_regs = (volatile uint32_t *)(uintptr_t)base;
	lcr = reg_read(UARTLCR_H);
	if ((lcr & LCR_8BIT) != LCR_8BIT)
		reg_write(UARTLCR_H, lcr | LCR_8BIT);
	reg_write(UARTCR, reg_read(UARTCR) | CR_UARTEN | CR_TXE | CR_RXE);
}

bool uart_tx_ready(void)
{
	return uart_regs && !(reg_read(UARTFR) & FR_TXFF);
}

void uart_putc(char c)
{
	if (!uart_regs)
		return;
	while (reg_read(UARTFR) & FR_TXFF)
		;
	reg_write(UARTDR, (uint8_t)c);
}

/* TRM 3.3.10 UARTIMSC: RXIM (bit 4) and RTIM (bit 6); reading DR clears them. */
#define IMSC_RX (BIT(4) | BIT(6))

static bool rx_irq_on;

void uart_rx_irq_enable(void)
{
	if (!uart_regs)
		return;
	rx_irq_on = true;
	reg_write(UARTIMSC, reg_read(UARTIMSC) | IMSC_RX);
}

/*
 * The RX interrupts are levels that stay up while the FIFO holds data
 * (TRM 3.4.2, 3.4.3): data left there on purpose must be masked, or the
 * interrupt would be taken again at once.
 */
void uart_rx_irq_pause(bool pause)
{
	uint32_t imsc;

	if (!uart_regs || !rx_irq_on)
		return;
	imsc = reg_read(UARTIMSC);
	reg_write(UARTIMSC, pause ? imsc & ~IMSC_RX : imsc | IMSC_RX);
}

int uart_getc(void)
{
	if (!uart_regs || (reg_read(UARTFR) & FR_RXFE))
		return -1;
	return (int)(reg_read(UARTDR) & 0xff);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NS16550(A)-compatible UART (TI PC16550D data sheet; Synopsys DW-APB UART
 * databook for the 32-bit variant). Polled transmit; the receive interrupt
 * is only enabled for the console multiplexer. The divisor latch (baud
 * rate) is never written: the firmware (OpenSBI, U-Boot) set it up, and
 * QEMU ignores it.
 */
#include <hv/ns16550.h>
#include <hv/uart.h>

/* Register indices (PC16550D table 2), before the board's shift. */
#define REG_RBR_THR 0 /* receive buffer (read) / transmit holding (write) */
#define REG_IER     1 /* interrupt enable */
#define REG_LCR     3 /* line control */
#define REG_MCR     4 /* modem control */
#define REG_LSR     5 /* line status */

#define IER_ERBFI BIT(0) /* received data available (and RX timeout) */
#define LCR_WLS_8 0x03u  /* 8-bit words */
#define LCR_DLAB  BIT(7) /* divisor latch access: RBR/THR/IER become DLL/DLM */
#define MCR_OUT2  BIT(3) /* gates the interrupt line on PC-style 16550s */
#define LSR_DR    BIT(0) /* data ready */
#define LSR_THRE  BIT(5) /* transmit holding register (or FIFO) empty */

#ifndef NS16550_REG_SHIFT
#define NS16550_REG_SHIFT 0
#endif
#ifndef NS16550_IO_WIDTH
#define NS16550_IO_WIDTH 1
#endif

static uintptr_t uart_base;
static unsigned int reg_shift = NS16550_REG_SHIFT;
static unsigned int io_width = NS16550_IO_WIDTH;
static bool rx_irq_on;

enum hv_err ns16550_set_layout(unsigned int shift, unsigned int width)
{
	if (shift > 3 || (width != 1 && width != 4))
		return HV_ERR_INVAL;
	reg_shift = shift;
	io_width = width;
	return HV_OK;
}

/* 4-byte wide registers use the low byte only (DW-APB: bits 31:8 reserved). */
static uint8_t reg_read(unsigned int reg)
{
	uintptr_t a = uart_base + ((uintptr_t)reg << reg_shift);

	if (io_width == 4)
		return (uint8_t)*(volatile uint32_t *)a;
	return *(volatile uint8_t *)a;
}

static void reg_write(unsigned int reg, uint8_t v)
{
	uintptr_t a = uart_base + ((uintptr_t)reg << reg_shift);

	if (io_width == 4)
		*(volatile uint32_t *)a = v;
	else
		*(volatile uint8_t *)a = v;
}

/*
 * Keep the firmware's baud rate and FIFO setting: FCR is not written (on
 * QEMU a change of FCR.FIFOE empties both FIFOs, losing early input) and the
 * divisor latch is left alone. LCR is written only if DLAB is still set or
 * the word length is not 8 bits (the DW-APB UART raises a busy-detect
 * interrupt for an LCR write while it is busy, so avoid needless ones).
 */
void uart_init(uint64_t base)
{
	uint8_t lcr;

	uart_base = (uintptr_t)base;
	rx_irq_on = false;
	if (!uart_base)
		return;
	lcr = reg_read(REG_LCR);
	if ((lcr & LCR_DLAB) || (lcr & LCR_WLS_8) != LCR_WLS_8)
		reg_write(REG_LCR, (uint8_t)((lcr & ~LCR_DLAB) | LCR_WLS_8));
}

bool uart_tx_ready(void)
{
	return uart_base && (reg_read(REG_LSR) & LSR_THRE);
}

void uart_putc(char c)
{
	if (!uart_base)
		return;
	while (!(reg_read(REG_LSR) & LSR_THRE))
		;
	reg_write(REG_RBR_THR, (uint8_t)c);
}

int uart_getc(void)
{
	if (!uart_base || !(reg_read(REG_LSR) & LSR_DR))
		return -1;
	return reg_read(REG_RBR_THR);
}

void uart_rx_irq_enable(void)
{
	if (!uart_base)
		return;
	rx_irq_on = true;
	reg_write(REG_MCR, (uint8_t)(reg_read(REG_MCR) | MCR_OUT2));
	reg_write(REG_IER, (uint8_t)(reg_read(REG_IER) | IER_ERBFI));
}

/*
 * The received-data interrupt is a level that stays up while data waits
 * (PC16550D, IIR priority 2): data left in the FIFO on purpose must be
 * masked, or the interrupt would be taken again at once.
 */
void uart_rx_irq_pause(bool pause)
{
	uint8_t ier;

	if (!uart_base || !rx_irq_on)
		return;
	ier = reg_read(REG_IER);
	reg_write(REG_IER, (uint8_t)(pause ? ier & ~IER_ERBFI : ier | IER_ERBFI));
}

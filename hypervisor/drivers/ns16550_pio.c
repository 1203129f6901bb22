/* SPDX-License-Identifier: Apache-2.0 */
/*
 * 16550 UART reached through x86 I/O ports (PC COM1 at 0x3f8; TI PC16550D
 * data sheet, register map in table 2). Polled only, 8N1, keeps the
 * firmware's divisor (QEMU ignores the baud rate).
 */
#include <hv/uart.h>
#include <arch/x86.h>

#define THR 0 /* transmit holding (write) / receive buffer (read) */
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5

#define LSR_DR   BIT(0) /* data ready */
#define LSR_THRE BIT(5) /* transmit holding register empty */

static uint16_t uart_port = 0x3f8;

void uart_init(uint64_t base)
{
	if (base)
		uart_port = (uint16_t)base;
	outb(uart_port + IER, 0);    /* polled: no interrupts */
	outb(uart_port + LCR, 0x03); /* 8 data bits, no parity, 1 stop bit */
	outb(uart_port + FCR, 0x07); /* FIFOs on and cleared */
	outb(uart_port + MCR, 0x03); /* DTR | RTS */
}

bool uart_tx_ready(void)
{
	return inb(uart_port + LSR) & LSR_THRE;
}

void uart_putc(char c)
{
	while (!uart_tx_ready())
		;
	outb(uart_port + THR, (uint8_t)c);
}

int uart_getc(void)
{
	return (inb(uart_port + LSR) & LSR_DR) ? inb(uart_port + THR) : -1;
}

void uart_rx_irq_enable(void)
{
	outb(uart_port + IER, 0x01); /* received data available */
}

void uart_rx_irq_pause(bool pause)
{
	outb(uart_port + IER, pause ? 0 : 0x01);
}

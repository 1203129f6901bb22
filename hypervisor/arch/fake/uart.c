/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the UART: output to stderr (for failing tests), no input. */
#include <hv/uart.h>
#include <stdio.h>

void uart_init(uint64_t base)
{
	(void)base;
}

void uart_putc(char c)
{
	fputc(c, stderr);
}

bool uart_tx_ready(void)
{
	return true;
}

void uart_rx_irq_enable(void)
{
}

void uart_rx_irq_pause(bool pause)
{
	(void)pause;
}

int uart_getc(void)
{
	return -1;
}

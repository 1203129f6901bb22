/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console test guest, built twice (GUEST_LETTER 'a' and 'b'). It prints
 * LINES numbered lines whose payload is derived from the line number (so a
 * checker can tell a torn or mixed line), one of them longer than the
 * hypervisor's line buffer, then reads one line of input from its console
 * and echoes it, then powers the VM off.
 *
 * The console is the virtual PL011 at 0x0900_0000, polled: FR.TXFF before
 * each write (the hypervisor's back-pressure; guest-lib's uart_putc), FR.RXFE
 * before each read. Accesses are single 32-bit ldr/str so the trap has a
 * valid syndrome.
 */
#include "guest.h"

#define UARTDR    0x000
#define UARTFR    0x018
#define FR_RXFE   (1u << 4)

#define LINES       12
#define PAYLOAD     100
#define LONG_LINE   5   /* this one carries LONG_PAYLOAD characters */
#define LONG_PAYLOAD 300
#define INPUT_MAX   64

static inline uint32_t mmio_read(unsigned long off)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(UART_BASE + off) : "memory");
	return v;
}

static void put_num2(unsigned n)
{
	uart_putc((char)('0' + n / 10 % 10));
	uart_putc((char)('0' + n % 10));
}

static int get_char(void)
{
	while (mmio_read(UARTFR) & FR_RXFE)
		;
	return (int)(mmio_read(UARTDR) & 0xff);
}

/* "<L> line NN: <payload> end": payload letter i is 'a' + (7n + i) % 26. */
static void put_line(unsigned n)
{
	unsigned len = n == LONG_LINE ? LONG_PAYLOAD : PAYLOAD;

	uart_putc(GUEST_LETTER);
	uart_puts(" line ");
	put_num2(n);
	uart_puts(": ");
	for (unsigned i = 0; i < len; i++)
		uart_putc((char)('a' + (7 * n + i) % 26));
	uart_puts(" end\n");
}

static void echo_one_line(void)
{
	char buf[INPUT_MAX + 1];
	unsigned n = 0;

	for (;;) {
		int c = get_char();

		if (c == '\r' || c == '\n') {
			if (n)
				break;
			continue;
		}
		if (n < INPUT_MAX)
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	uart_putc(GUEST_LETTER);
	uart_puts(" echo: ");
	uart_puts(buf);
	uart_puts("\n");
}

int main(uint64_t dtb)
{
	(void)dtb;
	for (unsigned n = 0; n < LINES; n++)
		put_line(n);
	uart_putc(GUEST_LETTER);
	uart_puts(" waiting for input\n");
	echo_one_line();
	uart_putc(GUEST_LETTER);
	uart_puts(" done\n");
	psci_system_off();
}

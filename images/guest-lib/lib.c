/* SPDX-License-Identifier: Apache-2.0 */
/* Polled PL011 output, a small printf, SMCCC calls, the generic timer. */
#include "guest.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)

static volatile uint32_t *const uart = (volatile uint32_t *)UART_BASE;

void uart_putc(char c)
{
	while (uart[UARTFR / 4] & FR_TXFF)
		;
	uart[UARTDR / 4] = (uint8_t)c;
}

void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

static void put_num(uint64_t v, unsigned base, int width, char pad)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i < width--)
		uart_putc(pad);
	while (i)
		uart_putc(tmp[--i]);
}

static void put_conv(char c, int width, char pad, int lng, va_list *ap)
{
	uint64_t v;

	if (c == 's') {
		const char *s = va_arg(*ap, const char *);

		uart_puts(s ? s : "(null)");
		return;
	}
	if (c == 'c') {
		uart_putc((char)va_arg(*ap, int));
		return;
	}
	v = lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
	if (c == 'd' && !lng && (int)v < 0) {
		uart_putc('-');
		v = (uint64_t)(-(int64_t)(int)v);
	} else if (c == 'd' && lng && (int64_t)v < 0) {
		uart_putc('-');
		v = (uint64_t)(-(int64_t)v);
	}
	put_num(v, c == 'x' ? 16 : 10, width, pad);
}

void gprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			if (*fmt == '\n')
				uart_putc('\r');
			uart_putc(*fmt);
			continue;
		}
		if (*++fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		put_conv(*fmt, width, pad, lng, &ap);
	}
	va_end(ap);
}

int64_t hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

int64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

void psci_system_off(void)
{
	hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	uart_puts("SYSTEM_OFF returned!\n");
	guest_halt();
}

uint64_t read_cntvct(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t read_cntfrq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

uint64_t read_mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v & 0xff00ffffffULL;
}

void delay_ms(uint64_t ms)
{
	uint64_t end = read_cntvct() + read_cntfrq() / 1000 * ms;

	while (read_cntvct() < end)
		;
}

/* Weak default so single-CPU guests need not define it. */
__attribute__((weak)) void secondary_main(uint64_t idx)
{
	(void)idx;
	guest_halt();
}

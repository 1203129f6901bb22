/* SPDX-License-Identifier: Apache-2.0 */
/* SBI calls and console output through SBI DBCN write_byte (SBI 2.0, 12.3). */
#include "guest.h"

struct sbiret sbi_ecall(long ext, long fid, long a0, long a1, long a2)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){r0, r1};
}

void sbi_shutdown(void)
{
	sbi_ecall(SBI_EXT_SRST, 0, 0, 0, 0);
	gprintf("SRST shutdown returned!\n");
	for (;;)
		__asm__ volatile("wfi");
}

void sbi_reboot(void)
{
	sbi_ecall(SBI_EXT_SRST, 0, 1, 0, 0);
	gprintf("SRST reboot returned!\n");
	for (;;)
		__asm__ volatile("wfi");
}

void gputc(char c)
{
	if (c == '\n')
		sbi_ecall(SBI_EXT_DBCN, 2, '\r', 0, 0);
	sbi_ecall(SBI_EXT_DBCN, 2, (unsigned char)c, 0, 0);
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
		gputc(pad);
	while (i)
		gputc(tmp[--i]);
}

static void put_conv(char c, int width, char pad, int lng, va_list *ap)
{
	uint64_t v;

	if (c == 's') {
		const char *s = va_arg(*ap, const char *);

		for (s = s ? s : "(null)"; *s; s++)
			gputc(*s);
		return;
	}
	if (c == 'c') {
		gputc((char)va_arg(*ap, int));
		return;
	}
	v = lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
	if (c == 'd' && (lng ? (int64_t)v < 0 : (int)v < 0)) {
		gputc('-');
		v = lng ? (uint64_t)(-(int64_t)v) : (uint64_t)(-(int64_t)(int)v);
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
			gputc(*fmt);
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

/* Guests that never start other harts need no secondary entry of their own. */
void secondary_main(uint64_t hartid, uint64_t opaque);
__attribute__((weak)) void secondary_main(uint64_t hartid, uint64_t opaque)
{
	gprintf("hart %lu started unexpectedly (0x%lx)\n", hartid, opaque);
	sbi_ecall(SBI_EXT_HSM, 1, 0, 0, 0);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Minimal vsnprintf: %s %c %d %i %u %x %X %p %%, flags '0', '-', '#', a width,
 * length modifiers l, ll, z. Enough for log lines; no floating point.
 */
#include <hv/log.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

struct spec {
	unsigned width;
	bool zero;
	bool left;
	bool alt; /* '#': 0x prefix for %x */
	int lng; /* 0 int, 1 long, 2 long long / size_t */
};

static void out_pad(struct out *o, const char *s, size_t n, const struct spec *sp)
{
	size_t pad = sp->width > n ? sp->width - n : 0;
	char pc = sp->zero && !sp->left ? '0' : ' ';

	if (pc == '0' && n && *s == '-') {
		out_c(o, *s++);
		n--;
	}
	for (size_t i = 0; !sp->left && i < pad; i++)
		out_c(o, pc);
	for (size_t i = 0; i < n; i++)
		out_c(o, s[i]);
	for (size_t i = 0; sp->left && i < pad; i++)
		out_c(o, ' ');
}

static void out_num(struct out *o, uint64_t v, bool neg, unsigned base,
		    bool upper, const struct spec *sp)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = dig[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[--i] = '-';
	out_pad(o, tmp + i, sizeof(tmp) - i, sp);
}

static uint64_t arg_u(va_list *ap, int lng)
{
	if (lng == 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t arg_s(va_list *ap, int lng)
{
	if (lng == 2)
		return va_arg(*ap, long long);
	if (lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){0};
	for (;; f++) {
		if (*f == '0')
			sp->zero = true;
		else if (*f == '-')
			sp->left = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (unsigned)(*f++ - '0');
	while (*f == 'l' || *f == 'z') {
		sp->lng = (*f == 'z' || sp->lng) ? 2 : 1;
		f++;
	}
	return f;
}

static void out_conv(struct out *o, char c, struct spec *sp, va_list *ap)
{
	switch (c) {
	case 'd':
	case 'i': {
		int64_t v = arg_s(ap, sp->lng);

		out_num(o, v < 0 ? (uint64_t)-v : (uint64_t)v, v < 0, 10, false, sp);
		break;
	}
	case 'u':
		out_num(o, arg_u(ap, sp->lng), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		if (sp->alt) {
			out_c(o, '0');
			out_c(o, c);
		}
		out_num(o, arg_u(ap, sp->lng), false, 16, c == 'X', sp);
		break;
	case 'p':
		out_c(o, '0');
		out_c(o, 'x');
		out_num(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 'c': {
		char ch = (char)va_arg(*ap, int);

		out_pad(o, &ch, 1, sp);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		size_t n = 0;

		s = s ? s : "(null)";
		while (s[n])
			n++;
		out_pad(o, s, n, sp);
		break;
	}
	default:
		out_c(o, '%');
		out_c(o, c);
	}
}

size_t hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		struct spec sp;

		if (*fmt != '%') {
			out_c(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		if (*fmt == '%')
			out_c(&o, '%');
		else
			out_conv(&o, *fmt, &sp, &aq);
		fmt++;
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len < size ? o.len : (size ? size - 1 : 0);
}

size_t hv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = hv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

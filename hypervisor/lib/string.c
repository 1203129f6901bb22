/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Freestanding mem* / str* (the compiler emits calls to these too). Word
 * loops only when both pointers are 8-byte aligned: the hypervisor is built
 * with -mstrict-align and runs part of boot with the MMU off.
 */
#include <hv/string.h>
#include <hv/types.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (IS_ALIGNED((uintptr_t)d | (uintptr_t)s, 8)) {
		/* 64 bytes a round (ldp/stp pairs): guest images are megabytes. */
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const uint64_t *from = (const void *)s;
			uint64_t *to = (void *)d;
			uint64_t a0 = from[0], a1 = from[1], a2 = from[2], a3 = from[3];
			uint64_t a4 = from[4], a5 = from[5], a6 = from[6], a7 = from[7];

			to[0] = a0; to[1] = a1; to[2] = a2; to[3] = a3;
			to[4] = a4; to[5] = a5; to[6] = a6; to[7] = a7;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t w = 0x0101010101010101ULL * (uint8_t)c;

	while (n && !IS_ALIGNED((uintptr_t)d, 8)) {
		*d++ = (uint8_t)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)(void *)d = w;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bit-counting helpers GCC calls for __builtin_ctz/clz/popcount when the
 * ISA has no instruction for them (no Zbb in rv64imac). Debian's riscv64
 * libgcc is built for lp64d and cannot be linked with our soft-float (lp64)
 * objects, so they are defined here (libgcc's names and contracts: the
 * result is undefined for a zero argument of ctz/clz).
 */
#include <stdint.h>

int __popcountdi2(uint64_t x);
int __popcountsi2(uint32_t x);
int __ctzdi2(uint64_t x);
int __ctzsi2(uint32_t x);
int __clzdi2(uint64_t x);
int __clzsi2(uint32_t x);

int __popcountdi2(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

int __popcountsi2(uint32_t x)
{
	return __popcountdi2(x);
}

int __ctzdi2(uint64_t x)
{
	int n = 0;

	while (n < 63 && !(x >> n & 1))
		n++;
	return n;
}

int __ctzsi2(uint32_t x)
{
	return __ctzdi2(x);
}

int __clzdi2(uint64_t x)
{
	int n = 0;

	while (n < 63 && !(x >> (63 - n) & 1))
		n++;
	return n;
}

int __clzsi2(uint32_t x)
{
	return __clzdi2((uint64_t)x << 32 | 0xffffffffu) ;
}

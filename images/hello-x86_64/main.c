/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 hello guest: prints through the emulated COM1 (port 0x3f8), and
 * shows what the hypervisor's intercepts give it: CPUID with the
 * hypervisor bit set and SVM hidden, EFER as written, VMMCALL answered.
 */
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_com1(char c)
{
	while (!(inb(0x3fd) & 0x20)) /* LSR.THRE */
		;
	outb(0x3f8, (uint8_t)c);
}

static void puts_com1(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_com1('\r');
		putc_com1(*s++);
	}
}

static void put_hex(uint64_t v)
{
	char b[19] = "0x";

	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = 0;
	puts_com1(b);
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

int main(void);
int main(void)
{
	uint32_t r[4], vendor[4] = {0};
	uint32_t lo, hi;
	uint64_t ret;

	puts_com1("Hello from a bare-metal x86_64 guest\n");
	cpuid(0, r);
	vendor[0] = r[1];
	vendor[1] = r[3];
	vendor[2] = r[2];
	puts_com1("cpuid vendor: ");
	puts_com1((const char *)vendor);
	cpuid(1, r);
	puts_com1(r[2] & (1u << 31) ? ", hypervisor bit set" : ", no hypervisor bit");
	cpuid(0x80000001u, r);
	puts_com1(r[2] & (1u << 2) ? ", SVM visible\n" : ", SVM hidden\n");
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080u));
	puts_com1("EFER: ");
	put_hex(((uint64_t)hi << 32) | lo);
	__asm__ volatile("vmmcall" : "=a"(ret) : "a"(0x1234ULL) : "memory");
	puts_com1("\nvmmcall 0x1234 -> ");
	put_hex(ret);
	puts_com1("\nx86_64 guest done, powering off\n");
	return 0;
}

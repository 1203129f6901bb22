/* SPDX-License-Identifier: Apache-2.0 */
/* x86_64 guest library: COM1 (16550 at 0x3f8), IDT, probes. */
#include "lib.h"

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, rsvd;
};

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint64_t base;
};

extern const uint8_t x86_exc_stubs[];
static struct idt_gate idt[32] __attribute__((aligned(16)));
volatile int x86_last_vector = -1;
volatile uint64_t x86_resume_rip, x86_resume_rsp;

void x86_idt_init(void);
void x86_idt_init(void)
{
	struct desc_ptr p = {sizeof(idt) - 1, (uint64_t)idt};

	for (unsigned v = 0; v < 32; v++) {
		uint64_t off = (uint64_t)(x86_exc_stubs + 16 * v);

		idt[v] = (struct idt_gate){.off_lo = (uint16_t)off, .sel = 0x08, .type = 0x8e,
					   .off_mid = (uint16_t)(off >> 16),
					   .off_hi = (uint32_t)(off >> 32)};
	}
	__asm__ volatile("lidt %0" ::"m"(p));
}

static void putc_com1(char c)
{
	while (!(inb(0x3fd) & 0x20)) /* LSR.THRE */
		;
	outb(0x3f8, (uint8_t)c);
}

void puts_com1(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_com1('\r');
		putc_com1(*s++);
	}
}

void put_hex(uint64_t v)
{
	char b[19] = "0x";

	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = 0;
	puts_com1(b);
}

void put_dec(uint64_t v)
{
	char b[21];
	int i = 20;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_com1(b + i);
}

void x86_power_off(void)
{
	outw(0x604, 0x2000);
	for (;;)
		__asm__ volatile("hlt");
}

void x86_unexpected(uint64_t vec, uint64_t rip, uint64_t err);
void x86_unexpected(uint64_t vec, uint64_t rip, uint64_t err)
{
	puts_com1("guest: unexpected exception ");
	put_dec(vec);
	puts_com1(" at ");
	put_hex(rip);
	puts_com1(" error ");
	put_hex(err);
	puts_com1("\n");
	x86_power_off();
}

/* Arm the resume point (label 1 of each probe), run, disarm. */
#define PROBE_BEGIN "lea 1f(%%rip), %%r11\n\tmov %%r11, x86_resume_rip(%%rip)\n\t" \
	"mov %%rsp, x86_resume_rsp(%%rip)\n\t"
#define PROBE_END "\n1:\n\tmovq $0, x86_resume_rip(%%rip)"

int probe_read64(uint64_t addr, uint64_t *val)
{
	uint64_t v = 0;

	x86_last_vector = -1;
	__asm__ volatile(PROBE_BEGIN "mov (%1), %0" PROBE_END : "+r"(v) : "r"(addr) : "r11", "memory");
	*val = v;
	return x86_last_vector;
}

int probe_write32(uint64_t addr, uint32_t val)
{
	x86_last_vector = -1;
	__asm__ volatile(PROBE_BEGIN "movl %1, (%0)" PROBE_END :: "r"(addr), "r"(val) : "r11", "memory");
	return x86_last_vector;
}

int probe_exec(uint64_t addr)
{
	x86_last_vector = -1;
	__asm__ volatile(PROBE_BEGIN "call *%0" PROBE_END :: "r"(addr)
			 : "r11", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "memory");
	return x86_last_vector;
}

int probe_rdmsr(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	x86_last_vector = -1;
	__asm__ volatile(PROBE_BEGIN "rdmsr" PROBE_END : "+a"(lo), "+d"(hi) : "c"(msr) : "r11", "memory");
	*val = ((uint64_t)hi << 32) | lo;
	return x86_last_vector;
}

int probe_wrmsr(uint32_t msr, uint64_t val)
{
	x86_last_vector = -1;
	__asm__ volatile(PROBE_BEGIN "wrmsr" PROBE_END
			 :: "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)) : "r11", "memory");
	return x86_last_vector;
}

int probe_svm(int which)
{
	uint64_t pa = 0x200000; /* any page of our RAM: the instruction must not run */

	x86_last_vector = -1;
	switch (which) {
	case 0:
		__asm__ volatile(PROBE_BEGIN "vmrun %%rax" PROBE_END :: "a"(pa) : "r11", "memory");
		break;
	case 1:
		__asm__ volatile(PROBE_BEGIN "vmload %%rax" PROBE_END :: "a"(pa) : "r11", "memory");
		break;
	case 2:
		__asm__ volatile(PROBE_BEGIN "vmsave %%rax" PROBE_END :: "a"(pa) : "r11", "memory");
		break;
	case 3:
		__asm__ volatile(PROBE_BEGIN "stgi" PROBE_END ::: "r11", "memory");
		break;
	case 4:
		__asm__ volatile(PROBE_BEGIN "clgi" PROBE_END ::: "r11", "memory");
		break;
	case 5:
		__asm__ volatile(PROBE_BEGIN "skinit %%eax" PROBE_END :: "a"(pa) : "r11", "memory");
		break;
	default:
		__asm__ volatile(PROBE_BEGIN "invlpga %%rax, %%ecx" PROBE_END :: "a"(pa), "c"(0) : "r11", "memory");
		break;
	}
	return x86_last_vector;
}

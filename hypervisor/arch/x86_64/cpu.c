/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU descriptor tables: a GDT with a 64-bit TSS descriptor, the TSS
 * (IST1 stack for double fault, NMI and machine check) and an IDT whose 32
 * exception gates all land in x86_exception() (AMD APM vol. 2, 4.8 and
 * 8.9.3 "IST").
 */
#include <hv/log.h>
#include <hv/string.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <arch/x86_cpu.h>

#define SEL_CODE64 0x08
#define SEL_DATA   0x10
#define SEL_TSS    0x20
#define IST_STACK  2048

struct __attribute__((packed)) tss64 {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t rsvd1;
	uint64_t ist[7];
	uint64_t rsvd2;
	uint16_t rsvd3;
	uint16_t iomap_base;
};

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

struct cpu_tables {
	uint64_t gdt[6];
	struct tss64 tss;
	uint8_t ist_stack[IST_STACK] __attribute__((aligned(16)));
};

static struct cpu_tables cpu_tables[HV_MAX_CPUS] __attribute__((aligned(64)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
extern const uint8_t x86_exc_stubs[], x86_irq_stub_0xf0[], x86_irq_stub_0xf1[], x86_irq_stub_0xff[];

/* Exception frame as pushed by exc.S then by the CPU. */
struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

void x86_exception(const struct exc_frame *f);
void x86_exception(const struct exc_frame *f)
{
	hv_panic("exception %llu error %#llx at rip %#llx rsp %#llx cr2 %#llx",
		 (unsigned long long)f->vector, (unsigned long long)f->error,
		 (unsigned long long)f->rip, (unsigned long long)f->rsp,
		 (unsigned long long)read_cr2());
}

static void gate_set(unsigned v, const uint8_t *entry, bool ist)
{
	uint64_t off = (uint64_t)entry;

	idt[v] = (struct idt_gate){
		.off_lo = (uint16_t)off, .sel = SEL_CODE64, .ist = ist ? 1 : 0,
		.type = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
		.off_mid = (uint16_t)(off >> 16), .off_hi = (uint32_t)(off >> 32),
	};
}

/* Exceptions 0-31 (NMI, #DF, #MC on the IST stack) and the local APIC's
 * vectors (apic.c); every other vector stays not-present. */
static void idt_build(void)
{
	for (unsigned v = 0; v < 32; v++)
		gate_set(v, x86_exc_stubs + 16 * v, v == 2 || v == 8 || v == 18);
	gate_set(0xf0, x86_irq_stub_0xf0, false);
	gate_set(0xf1, x86_irq_stub_0xf1, false);
	gate_set(0xff, x86_irq_stub_0xff, false);
}

static void gdt_build(struct cpu_tables *t)
{
	uint64_t base = (uint64_t)&t->tss, limit = sizeof(t->tss) - 1;

	t->gdt[0] = 0;
	t->gdt[1] = 0x00af9a000000ffffULL; /* 64-bit code */
	t->gdt[2] = 0x00cf92000000ffffULL; /* data */
	t->gdt[3] = 0x00cf9a000000ffffULL; /* 32-bit code (unused) */
	/* 16-byte available 64-bit TSS descriptor (type 9), APM 4.8.3. */
	t->gdt[4] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		    ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	t->gdt[5] = base >> 32;
	t->tss.ist[0] = (uint64_t)(t->ist_stack + IST_STACK);
	t->tss.iomap_base = sizeof(t->tss); /* no I/O bitmap */
}

static void tables_load(struct cpu_tables *t)
{
	struct desc_ptr g = {sizeof(t->gdt) - 1, (uint64_t)t->gdt};
	struct desc_ptr i = {sizeof(idt) - 1, (uint64_t)idt};

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%eax\n\t"
			 "mov %%eax, %%ds\n\t"
			 "mov %%eax, %%es\n\t"
			 "mov %%eax, %%ss\n\t"
			 "ltr %w3\n\t"
			 "lidt %4"
			 :: "m"(g), "i"(SEL_CODE64), "i"(SEL_DATA), "r"(SEL_TSS), "m"(i)
			 : "rax", "memory");
}

void x86_cpu_tables_init(uint32_t idx)
{
	if (idx == 0)
		idt_build();
	gdt_build(&cpu_tables[idx]);
	tables_load(&cpu_tables[idx]);
}

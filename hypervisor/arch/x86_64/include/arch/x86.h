/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 register helpers: MSRs, control registers, port I/O, CPUID
 * (AMD APM vol. 2 chapter 3 and appendix A; vol. 3 for the instructions).
 */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <hv/types.h>

#define MSR_APIC_BASE    0x0000001bu
#define MSR_PAT          0x00000277u
#define MSR_EFER         0xc0000080u
#define MSR_STAR         0xc0000081u
#define MSR_LSTAR        0xc0000082u
#define MSR_CSTAR        0xc0000083u
#define MSR_SFMASK       0xc0000084u
#define MSR_FS_BASE      0xc0000100u
#define MSR_GS_BASE      0xc0000101u
#define MSR_KERNEL_GS    0xc0000102u
#define MSR_SYSENTER_CS  0x00000174u
#define MSR_SYSENTER_ESP 0x00000175u
#define MSR_SYSENTER_EIP 0x00000176u
#define MSR_VM_CR        0xc0010114u
#define MSR_VM_HSAVE_PA  0xc0010117u

#define EFER_SCE   BIT(0)
#define EFER_LME   BIT(8)
#define EFER_LMA   BIT(10)
#define EFER_NXE   BIT(11)
#define EFER_SVME  BIT(12)
#define VM_CR_SVMDIS BIT(4)

#define CR0_PE BIT(0)
#define CR0_ET BIT(4)
#define CR0_PG BIT(31)
#define CR4_PAE BIT(5)

#define RFLAGS_IF BIT(9)

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t sub)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(sub));
	return r;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

#endif

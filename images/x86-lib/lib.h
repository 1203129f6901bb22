/* SPDX-License-Identifier: Apache-2.0 */
/* x86_64 bare-metal guest library: COM1 output, exceptions, probes. */
#ifndef X86_GUEST_LIB_H
#define X86_GUEST_LIB_H

#include <stdbool.h>
#include <stdint.h>

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

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

void puts_com1(const char *s);
void put_hex(uint64_t v);
void put_dec(uint64_t v);
/** Power this VM off through the shutdown port (ACPI PM1a_CNT SLP_EN). */
void x86_power_off(void) __attribute__((noreturn));

/* Probes: run one instruction that may fault; return the exception vector
 * taken (6 = #UD, 13 = #GP, ...) or -1 if it completed. */
int probe_read64(uint64_t addr, uint64_t *val);
int probe_write32(uint64_t addr, uint32_t val);
int probe_exec(uint64_t addr);
int probe_rdmsr(uint32_t msr, uint64_t *val);
int probe_wrmsr(uint32_t msr, uint64_t val);
/** One SVM instruction: 0 VMRUN, 1 VMLOAD, 2 VMSAVE, 3 STGI, 4 CLGI, 5 SKINIT, 6 INVLPGA. */
int probe_svm(int which);

#endif

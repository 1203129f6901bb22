/* SPDX-License-Identifier: Apache-2.0 */
/* Shared runtime of the bench guests: console, counters, PSCI, GICv3, DTB. */
#ifndef BENCH_LIB_H
#define BENCH_LIB_H

#include <stdint.h>
#include <stddef.h>

#define UART_BASE 0x09000000UL
#define UARTFR (UART_BASE + 0x18)

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_ON 0xC4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL

#define INTID_VTIMER 27
#define MAX_CPUS 4

static inline uint64_t now(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t cntfrq(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static inline void mmio_w32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint32_t mmio_r32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

static inline uint64_t mmio_r64(uint64_t a)
{
	return *(volatile uint64_t *)a;
}

/* Console (PL011 at 0x0900_0000: passthrough or virtual under the hypervisor). */
void putc_(char c);
void puts_(const char *s);
void put_u64(uint64_t v);
void put_hex(uint64_t v);
/* "BENCH <name> key=value ..." helpers. */
void kv(const char *key, uint64_t v);
void line_begin(const char *name);
void line_end(void);

/* PSCI over HVC (native QEMU answers it; the hypervisor emulates it). */
uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void __attribute__((noreturn)) psci_system_off(void);
void secondary_entry(void);

/* What the device tree says (native: QEMU's; under the hypervisor: the VM's). */
struct dt_info {
	uint64_t gicd;
	uint64_t gicr;
	uint32_t cpu_num;
	uint64_t cpu_mpidr[MAX_CPUS];
};
void dt_parse(const void *dtb, struct dt_info *out);

/* GICv3 (group 1, non-secure view; the vGIC under the hypervisor). */
void gic_init_dist(uint64_t gicd);
void gic_init_cpu(uint64_t gicr, uint64_t mpidr, uint32_t intid);
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
void gic_send_sgi(uint32_t intid, uint64_t target_mpidr);
uint64_t read_mpidr(void);

/* Samples → min / median / p99 / max (sorts in place). */
void report_samples(const char *name, uint64_t *s, uint32_t n);

/* Provided by each guest. */
void bench_main(uint64_t boot_stamp, const void *dtb);
void bench_irq_handler(uint64_t stamp, uint32_t intid);
void secondary_main(uint64_t cpu);

/* Common preamble line: counter frequency, boot stamp. */
extern const char bench_name[];
void print_preamble(uint64_t boot_stamp);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif

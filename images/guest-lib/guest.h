/* SPDX-License-Identifier: Apache-2.0 */
/* Tiny runtime shared by the bare-metal test guests (images/guest-lib). */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define PSCI_VERSION      0x84000000u
#define PSCI_CPU_OFF      0x84000002u
#define PSCI_CPU_ON       0xc4000003u
#define PSCI_AFFINITY     0xc4000004u
#define PSCI_SYSTEM_OFF   0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES     0x8400000au

#ifndef UART_BASE
#define UART_BASE 0x09000000UL
#endif

void uart_putc(char c);
void uart_puts(const char *s); /* "\n" goes out as "\r\n" */
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int64_t hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
int64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
void psci_system_off(void) __attribute__((noreturn));
uint64_t read_cntvct(void);
uint64_t read_cntfrq(void);
void delay_ms(uint64_t ms);
void guest_halt(void) __attribute__((noreturn));
void secondary_start(void);
uint64_t read_mpidr(void);

/*
 * Exceptions (images/guest-lib/vectors.S, linked by the guests that list
 * it in GUEST_EXTRA_<name>): x0..x30 as they were when the exception was
 * taken; what a hook writes here is restored before the ERET.
 */
struct guest_frame {
	uint64_t x[31];
	uint64_t pad;
};
void guest_exception(struct guest_frame *f); /* sync, FIQ, SError */
void guest_irq(struct guest_frame *f);
extern char guest_vectors[];

static inline void guest_vectors_install(void)
{
	__asm__ volatile("msr vbar_el1, %0; isb" ::"r"(guest_vectors));
}

#endif

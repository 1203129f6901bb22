/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: physical CPUs, machine power, caches.
 *
 * The neutral hardware CPU id (`hwid`, vmcfg_board.cpu_hwids[] and
 * vmcfg_vcpu.hwid) is the arch's own CPU name: MPIDR_EL1 Aff3..Aff0 on
 * aarch64, the hart id on riscv64, the local APIC id on x86_64.
 */
#ifndef HV_ARCH_CPU_H
#define HV_ARCH_CPU_H

#include <hv/types.h>

struct cpu;

/** Hardware id of the calling physical CPU (see above). */
uint64_t arch_cpu_hwid(void);
/** The calling CPU's `struct cpu` (set by arch_cpu_init; one register read). */
struct cpu *arch_cpu_this(void);
/** One-time setup of the calling CPU for hypervisor mode; `c` becomes arch_cpu_this(). */
void arch_cpu_init(struct cpu *c);
/** Start physical CPU `idx` (hardware id `hwid`) at the hypervisor's secondary entry. */
enum hv_err arch_cpu_start(uint32_t idx, uint64_t hwid);
/** Sleep until an event; returns spuriously too. */
void arch_cpu_wait(void);
/**
 * Park the calling CPU until something may have changed for it: sleep until
 * an interrupt when the irqchip can kick it (arch_irqchip_kick_cpu), else
 * until an event.
 */
void arch_cpu_idle(void);
/** Wake CPUs sleeping in arch_cpu_wait. */
void arch_cpu_wake_all(void);
/** Power the whole machine off through the firmware; no return. */
void arch_machine_off(void) __attribute__((noreturn));
/** Clean+invalidate data cache lines of [p, p+len) to the point of coherency. */
void arch_dcache_flush(const void *p, size_t len);
/** Invalidate all instruction caches. */
void arch_icache_inval_all(void);
/**
 * SHA-256-compress `nblocks` 64-byte blocks into h[] with CPU support, if
 * any; false (h untouched) if the CPU has none: lib/sha256.c does it then.
 * Only call where the CPU's FP/SIMD state is not a guest's live state.
 */
bool arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
/**
 * Zero [p, p+len) (cache-line aligned) and make it visible at the point of
 * coherency, so a guest starting with its MMU off sees zeros.
 */
void arch_mem_zero_to_poc(void *p, size_t len);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Arch contract: physical CPUs, machine power, caches. */
#ifndef HV_ARCH_CPU_H
#define HV_ARCH_CPU_H

#include <hv/types.h>

/** MPIDR affinity (Aff3..Aff0) of the calling physical CPU. */
uint64_t arch_cpu_mpidr(void);
/** One-time EL2 setup of the calling CPU (HCR_EL2, VTCR_EL2, ...). */
void arch_cpu_init(void);
/** Start physical CPU `idx` (MPIDR `mpidr`) at the hypervisor's secondary entry. */
enum hv_err arch_cpu_start(uint32_t idx, uint64_t mpidr);
/** Sleep until an event (WFE); returns spuriously too. */
void arch_cpu_wait(void);
/**
 * Park the calling CPU until something may have changed for it: WFI when an
 * interrupt controller driver can kick it (irq_kick_cpu), else WFE.
 */
void arch_cpu_idle(void);
/** Wake CPUs sleeping in arch_cpu_wait (SEV). */
void arch_cpu_wake_all(void);
/** Power the whole machine off (firmware PSCI SYSTEM_OFF); no return. */
void arch_machine_off(void) __attribute__((noreturn));
/** Clean+invalidate data cache lines of [p, p+len) to the point of coherency. */
void arch_dcache_flush(const void *p, size_t len);
/** Invalidate all instruction caches (inner shareable). */
void arch_icache_inval_all(void);
/**
 * SHA-256-compress `nblocks` 64-byte blocks into h[] with CPU support, if
 * any; false (h untouched) if the CPU has none: lib/sha256.c does it then.
 * Only call where the CPU's FP/SIMD state is not a guest's live state.
 */
bool arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
/**
 * Zero [p, p+len) (cache-line aligned) and clean+invalidate it to the
 * point of coherency, so a guest starting with its MMU off sees zeros.
 */
void arch_mem_zero_to_poc(void *p, size_t len);
/** Pass a raw SMCCC call to the firmware; returns x0. */
uint64_t arch_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif

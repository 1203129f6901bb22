/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 hypervisor internals: trap.S and boot.S entry points, SBI calls
 * to the firmware, the hypervisor's page table, guest exception injection.
 */
#ifndef RV_H
#define RV_H

#define RV_STACK_SIZE  0x4000

#include <arch/frame.h>

#ifndef __ASSEMBLY__
#include <hv/types.h>
#include <arch/contract.h>
#include <arch/csr.h>

/* trap.S */
void rv_trap_vector(void);
void rv_guest_resume(struct rv_frame *f) __attribute__((noreturn));
/* boot.S */
void rv_secondary_entry(void);

/* sbi.c: calls to the firmware (SBI 2.0 spec). */
struct sbiret {
	long error;
	long value;
};
struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2);
long sbi_hart_start(uint64_t hartid, uint64_t addr, uint64_t opaque);
void sbi_send_ipi_one(uint32_t hartid);
void sbi_set_timer(uint64_t stime);
void sbi_system_off(void) __attribute__((noreturn));
long sbi_remote_fence_i(uint64_t mask, uint64_t base);
long sbi_remote_hfence_vvma(uint64_t mask, uint64_t base, uint64_t start, uint64_t size);

/* hspt.c */
void hspt_enable(void);
/* traps.c: a trap from the guest (trap.S calls it with its vCPU's frame) */
struct rv_frame *rv_trap(struct rv_frame *f);
/* vcpu.c: take exception `cause` in the guest's VS-mode (8.6.4) */
struct vcpu;
void rv_inject(struct vcpu *vcpu, uint64_t cause, uint64_t tval);
/* sbi_guest.c: a guest's ecall (SBI) */
void vsbi_call(struct vcpu *vcpu);
/* cpu.c: Sstc present (the guest owns vstimecmp) */
extern bool rv_has_sstc;
#endif

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 hypervisor internals: the trap frame shared with trap.S, physical
 * harts, vCPUs and VMs of the standalone port (before the neutral core).
 */
#ifndef RV_H
#define RV_H

/* Trap frame offsets, used by trap.S; checked against the struct below. */
#define FRAME_X(n)     ((n) * 8)
#define FRAME_SEPC     256
#define FRAME_SSTATUS  264
#define FRAME_HSTATUS  272
#define FRAME_HV_SP    280
#define FRAME_HV_TP    288
#define FRAME_SIZE     296

#define RV_STACK_SIZE  0x4000

#ifndef __ASSEMBLY__
#include <hv/types.h>
#include <arch/contract.h>
#include <arch/csr.h>
#include <hv/power.h>

/* Guest registers at a trap, and where the hypervisor's own stack is. */
struct rv_frame {
	uint64_t x[32]; /* x[0] unused */
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t hstatus;
	uint64_t hv_sp;
	uint64_t hv_tp;
};
_Static_assert(__builtin_offsetof(struct rv_frame, sepc) == FRAME_SEPC, "frame");
_Static_assert(__builtin_offsetof(struct rv_frame, hv_tp) == FRAME_HV_TP, "frame");
_Static_assert(sizeof(struct rv_frame) == FRAME_SIZE, "frame");

/* SBI HSM hart states (SBI 2.0, table 9.2); vCPUs use the same numbers. */
enum rv_vcpu_state {
	VCPU_STARTED = 0,
	VCPU_STOPPED = 1,
	VCPU_START_PENDING = 2,
};

#define RV_MAX_VCPUS 4

struct rv_vm;

struct rv_vcpu {
	struct rv_frame frame;
	struct rv_vm *vm;
	uint32_t vhart;           /* the hart id the guest sees */
	uint32_t phart;           /* the physical hart it is pinned to */
	uint32_t state;           /* enum rv_vcpu_state, atomic */
	uint64_t start_pc, start_arg;
	uint64_t pending_vsip;    /* hvip bits other harts asked for (IPI) */
	uint32_t faults_logged;
};

/* One VM: a single RAM region mapped at gpa_base, vCPUs pinned 1:1. */
struct rv_vm {
	const char *name;
	uint32_t vmid;
	uint64_t gpa_base, hpa_base, size;
	const uint8_t *image;
	uint64_t image_size;
	uint32_t nvcpus;
	uint32_t stopping;        /* SRST seen: every vCPU parks */
	uint64_t *groot;          /* G-stage root (16 KiB, Sv39x4) */
	struct rv_vcpu vcpus[RV_MAX_VCPUS];
};

/* What the calling physical hart runs; tp points at it in HS-mode. */
struct rv_pcpu {
	uint32_t hartid;
	struct rv_vcpu *vcpu;
	bool hlv_armed;           /* an HLV/HLVX may fault: skip it, flag it */
	bool hlv_faulted;
	uint64_t stack_top;
};

static inline struct rv_pcpu *this_pcpu(void)
{
	struct rv_pcpu *p;

	__asm__("mv %0, tp" : "=r"(p));
	return p;
}

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

/* gstage.c */
enum hv_err gstage_build(struct rv_vm *vm);
/* hspt.c */
void hspt_enable(void);
/* vm.c */
struct rv_vm *vm_of_hart(uint32_t hartid, struct rv_vcpu **vcpu);
void vm_boot_all(void);
void vcpu_park(struct rv_pcpu *pc) __attribute__((noreturn));
void vcpu_enter(struct rv_vcpu *v) __attribute__((noreturn));
void vm_stop(struct rv_vm *vm, const char *why);
void vm_reset(struct rv_vm *vm, struct rv_vcpu *self);
bool vm_gpa_to_hva(struct rv_vm *vm, uint64_t gpa, uint64_t len, uint8_t **hva);
/* vsbi.c: one guest ecall; false if the vCPU must not resume. */
void vsbi_handle(struct rv_vcpu *v);
/*
 * vm.c: a power request (hv/power.h) of vCPU v's VM; stands in for the
 * core's exit_power() until the neutral core links on riscv64.
 */
enum hv_err rv_power_handle(struct rv_vcpu *v, struct power_req *req);
/* vpower.c: SBI HSM and SRST, the vCPU/VM power front-ends */
void vhsm_call(struct rv_vcpu *v, uint64_t fid);
void vsrst_call(struct rv_vcpu *v, uint64_t fid);
/* trap.c */
struct rv_frame *rv_trap(struct rv_frame *f);
void rv_inject_exception(struct rv_vcpu *v, uint64_t cause, uint64_t tval);
extern bool rv_has_sstc;
#endif

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The standalone riscv64 build (standalone.mk, RV_STANDALONE=1): harts,
 * vCPUs and one VM of its own, before the neutral core linked on riscv64.
 */
#ifndef RV_STANDALONE_H
#define RV_STANDALONE_H

#include "rv.h"
#include <hv/power.h>

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

/* gstage.c */
enum hv_err gstage_build(struct rv_vm *vm);
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
void rv_inject_exception(struct rv_vcpu *v, uint64_t cause, uint64_t tval);

#endif

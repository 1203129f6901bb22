/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPU power API (core/power.c): what a guest may do to its own vCPUs and
 * its own VM. Each arch's firmware-call front-end is a thin translation
 * onto it (which ones: hv/arch/README.md). A VM sees only its own vCPUs, named by
 * the hardware CPU id its config gives them (hv/arch/cpu.h says what that
 * id is per arch); any other id is HV_ERR_NOTFOUND, as on a machine
 * without that CPU.
 */
#ifndef HV_POWER_H
#define HV_POWER_H

#include <hv/types.h>

struct vcpu;
struct vm;

/* What a vCPU reports about another (the values of a common affinity query). */
enum power_status {
	POWER_STATUS_ON = 0,
	POWER_STATUS_OFF = 1,
	POWER_STATUS_ON_PENDING = 2,
};

enum power_op {
	POWER_CPU_ON = 0, /* start vCPU `hwid` at `entry` with `ctx` */
	POWER_CPU_OFF,    /* stop the calling vCPU */
	POWER_CPU_STATUS, /* status of vCPU `hwid` into `status` */
	POWER_VM_OFF,     /* power the calling VM off */
	POWER_VM_RESET,   /* reset the calling VM (pristine images, vCPU 0) */
};

/* A power request decoded by a front-end (the VCPU_EXIT_POWER record). */
struct power_req {
	enum power_op op;
	uint64_t hwid;  /* CPU_ON, CPU_STATUS: the target's hardware id */
	uint64_t entry; /* CPU_ON: guest pc */
	uint64_t ctx;   /* CPU_ON: first argument register */
	enum power_status status; /* out, CPU_STATUS */
};

/**
 * Start the calling VM's vCPU `hwid` at `entry` with `ctx` in its first
 * argument register. HV_ERR_NOTFOUND: no such vCPU in this VM;
 * HV_ERR_EXISTS: already on; HV_ERR_BUSY: a start is pending;
 * HV_ERR_RANGE: entry is not in the VM's executable memory;
 * HV_ERR_DENIED: the vCPU was stopped with its VM.
 */
enum hv_err power_vcpu_start(struct vm *vm, uint64_t hwid, uint64_t entry, uint64_t ctx);
/** The calling vCPU goes off; its CPU parks at the next trap return. */
void power_vcpu_stop_self(struct vcpu *vcpu);
/** Status of the VM's vCPU `hwid` into *st; HV_ERR_NOTFOUND if none. */
enum hv_err power_vcpu_status(struct vm *vm, uint64_t hwid, enum power_status *st);
/** The calling VM powers off (the machine too when it was the last one). */
void power_vm_off(struct vcpu *vcpu);
/** The calling VM resets: vCPUs stop, images reload, vCPU 0 restarts. */
void power_vm_reset(struct vcpu *vcpu);

#endif /* HV_POWER_H */

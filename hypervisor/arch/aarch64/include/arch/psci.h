/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI 1.1 (Arm DEN 0022) as seen by guests, over HVC and SMC: psci.c is a
 * front-end on the core power API (hv/power.h); the trap code calls
 * psci_trap(), which runs psci_call() and carries out the returned action.
 */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include <hv/types.h>

struct vcpu;

#define PSCI_VERSION           0x84000000u
#define PSCI_CPU_SUSPEND_32    0x84000001u
#define PSCI_CPU_SUSPEND_64    0xc4000001u
#define PSCI_CPU_OFF           0x84000002u
#define PSCI_CPU_ON_32         0x84000003u
#define PSCI_CPU_ON_64         0xc4000003u
#define PSCI_AFFINITY_INFO_32  0x84000004u
#define PSCI_AFFINITY_INFO_64  0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF        0x84000008u
#define PSCI_SYSTEM_RESET      0x84000009u
#define PSCI_FEATURES          0x8400000au
#define SMCCC_VERSION          0x80000000u

#define PSCI_RET_SUCCESS            0
#define PSCI_RET_NOT_SUPPORTED      (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED             (-3)
#define PSCI_RET_ALREADY_ON         (-4)
#define PSCI_RET_ON_PENDING         (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)
#define PSCI_RET_NOT_PRESENT        (-7)
#define PSCI_RET_INVALID_ADDRESS    (-9)

#define PSCI_AFF_ON         0
#define PSCI_AFF_OFF        1
#define PSCI_AFF_ON_PENDING 2

/* What the caller must do after psci_call() on the calling CPU. */
enum psci_action {
	PSCI_ACT_RETURN = 0, /* write *ret to x0 and resume the guest */
	PSCI_ACT_VCPU_OFF,   /* this vCPU is off: park the CPU */
	PSCI_ACT_VM_OFF,     /* the VM powered off (vm_power_off done) */
	PSCI_ACT_VM_RESET,   /* the VM must be reset (call vm_reset) */
};

/**
 * Handle SMCCC function `fid` with arguments a[0..2] (x1..x3) from `vcpu`.
 * Sets *ret (x0) for PSCI_ACT_RETURN.
 */
enum psci_action psci_call(struct vcpu *vcpu, uint32_t fid, const uint64_t a[3],
			   int64_t *ret);

/**
 * SMCCC call trapped from `vcpu` (HVC or SMC, pc already past it): run
 * psci_call() on x0..x3 and carry out the action on this CPU.
 */
void psci_trap(struct vcpu *vcpu);

#endif

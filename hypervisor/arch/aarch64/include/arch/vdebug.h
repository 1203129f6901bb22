/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Self-hosted debug and PMU hardware of a guest. Each vCPU owns its
 * physical CPU for life, so MDCR_EL2 traps none of it (sysreg.h): the guest
 * programs the real breakpoints, watchpoints, single-step and counters.
 * This module only puts that hardware back to its cold-reset state when
 * the vCPU (re)starts, so nothing survives a VM reset.
 */
#ifndef ARCH_VDEBUG_H
#define ARCH_VDEBUG_H

#include <hv/types.h>

struct vcpu;

/** Cold-reset this CPU's debug and PMU state for `vcpu` (runs on its pCPU). */
void vdebug_reset(struct vcpu *vcpu);
/** The guest's PMU overflow interrupt output on this CPU. */
bool vdebug_pmu_line(void);
/**
 * A trapped MRS/MSR (ESR_EL2 ISS of EC 0x18) of a debug or PMU register.
 * None trap any more; HV_ERR_UNSUPP (UNDEFINED) for anything that does.
 */
enum hv_err vdebug_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write);

#endif

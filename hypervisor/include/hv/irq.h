/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt hooks called by core and trap code. Implemented by the vGIC
 * module (core/vgic*.c, arch/aarch64/gic*.c) or, while it is absent, by
 * core/irq_absent.c (harmless defaults). The build links exactly one.
 */
#ifndef HV_IRQ_H
#define HV_IRQ_H

#include <hv/types.h>

struct vm;
struct vcpu;

/** Once, on the boot CPU, before any VM is built. */
void irq_init_global(void);
/** On every physical CPU (boot CPU included), before it enters a guest. */
void irq_init_cpu(void);
/** Per VM, after its stage 2 and emulated devices are set up. */
enum hv_err irq_vm_init(struct vm *vm);
/** Whenever a vCPU is (re)started (boot, PSCI CPU_ON, VM reset). */
void irq_vcpu_reset(struct vcpu *vcpu);
/** A physical IRQ taken at EL2 while `vcpu` ran (HCR_EL2.IMO = 1). */
void irq_handle(struct vcpu *vcpu);
/**
 * A trapped ICC_* system register access (ESR_EL2.EC 0x18, `iss` as-is).
 * Read: fill *val. Return HV_ERR_UNSUPP if it is not an interrupt register
 * (the caller then injects UNDEFINED).
 */
enum hv_err irq_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write);
/** Just before entering the guest on this CPU (after every trap). */
void irq_vcpu_enter(struct vcpu *vcpu);
/** Just after leaving the guest (first thing in every trap). */
void irq_vcpu_exit(struct vcpu *vcpu);
/**
 * Make physical CPU `pcpu` leave its guest soon (an SGI), so it sees a
 * vCPU state change (VM off / reset). May do nothing: then the change is
 * seen at that vCPU's next trap.
 */
void irq_kick_cpu(uint32_t pcpu);

#endif

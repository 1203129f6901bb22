/* SPDX-License-Identifier: Apache-2.0 */
/* Core entry points called by the arch boot code (core/hv.c). */
#ifndef HV_HV_H
#define HV_HV_H

#include <hv/types.h>

struct vcpu;
struct vm;

/** Boot CPU, MMU on: bring up VMs and secondary CPUs; no return. */
void hv_main(void) __attribute__((noreturn));
/** Secondary CPU `idx`, MMU on; no return. */
void hv_secondary_main(uint32_t idx) __attribute__((noreturn));
/** UART up before the MMU (identity, device memory). */
void uart_early_init(void);
/** Park this CPU until its vCPU is started (CPU_ON, VM reset); no return. */
void cpu_idle(uint32_t pcpu) __attribute__((noreturn));
/** Leave a trap: idle if the vCPU stopped meanwhile, else resume it. */
void vcpu_trap_return(struct vcpu *vcpu);
/** Stop the vCPU's VM after a guest error that cannot be reflected. */
void vcpu_fatal(struct vcpu *vcpu);
/**
 * May a guest-triggered fault of this vCPU be logged? The first 64 since
 * its last start are; then one line says the rest are not (a guest looping
 * on a fault must not flood the console the other VMs share).
 */
bool vcpu_log_fault(struct vcpu *vcpu);
/** The same for an unsupported firmware call (a probe), on its own budget. */
bool vcpu_log_call(struct vcpu *vcpu);
/** Flush the log and power the machine off; no return. */
void hv_machine_off(void) __attribute__((noreturn));
/** Connect emulated devices' lines and the console UART's to the irqchip. */
void irq_wire_devices(void);
/** Clean+invalidate all of the VM's RAM by VA (set/way emulation). */
void vm_flush_dcache(struct vm *vm);

#endif

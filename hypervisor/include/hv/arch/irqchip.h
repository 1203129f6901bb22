/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: the interrupt controller, physical and virtual, behind one
 * set of functions neutral enough for GICv2/v3, RISC-V PLIC/AIA and the x86
 * local APIC + I/O APIC. The board picks the implementation (board.mk
 * IRQCHIP); aarch64 GICv3: arch/aarch64/vgic/, host model: arch/fake.
 *
 * Interrupt numbers are the chip's own (GIC INTID, PLIC source, vector /
 * GSI). Per-VM state lives in struct vm_arch, per-vCPU state in struct
 * vcpu_arch (<arch/types.h>). Passthrough lines (vmcfg irqs[]) are owned
 * by their VM from arch_irqchip_vm_init() on; where the chip links a
 * virtual interrupt to the physical one (GIC list register HW bit, AIA
 * guest files, posted interrupts) the guest's completion completes the
 * physical line, otherwise the irqchip does it when the guest completes.
 */
#ifndef HV_ARCH_IRQCHIP_H
#define HV_ARCH_IRQCHIP_H

#include <hv/types.h>

struct vm;
struct vcpu;

/** Handler of a hypervisor-owned physical interrupt. */
typedef void (*irq_handler_fn)(uint32_t irq, void *arg);

/** Once, on the boot CPU, before any VM is built. */
void arch_irqchip_init_global(void);
/** On every physical CPU (boot CPU included), before it enters a guest. */
void arch_irqchip_init_cpu(void);
/** Per VM, after its stage 2 and emulated devices: virtual chip, owned lines. */
enum hv_err arch_irqchip_vm_init(struct vm *vm);
/** Whenever a vCPU (re)starts: its virtual interface back to reset state. */
void arch_irqchip_vcpu_reset(struct vcpu *vcpu);
/** Just before entering the guest on this CPU (after every trap). */
void arch_irqchip_vcpu_enter(struct vcpu *vcpu);
/** Just after leaving the guest (first thing in every trap). */
void arch_irqchip_vcpu_exit(struct vcpu *vcpu);
/** A physical interrupt arrived while `vcpu` ran: take, forward or handle it. */
void arch_irqchip_handle(struct vcpu *vcpu);
/** Make physical CPU `pcpu` leave its guest soon; may do nothing. */
void arch_irqchip_kick_cpu(uint32_t pcpu);
/** Make private interrupt `irq` pending on `vcpu` (edge). */
enum hv_err arch_irqchip_inject(struct vcpu *vcpu, uint32_t irq);
/** Drive the VM's shared line `irq` (an emulated device's) high or low. */
enum hv_err arch_irqchip_set_line(struct vm *vm, uint32_t irq, bool high);
/** True when `vcpu` has an enabled interrupt pending (wake from halt). */
bool arch_irqchip_vcpu_pending(struct vcpu *vcpu);
/** Own physical `irq` in the hypervisor, delivered to the calling CPU. */
enum hv_err arch_irqchip_own(uint32_t irq, irq_handler_fn fn, void *arg);

#endif /* HV_ARCH_IRQCHIP_H */

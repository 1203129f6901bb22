/* SPDX-License-Identifier: Apache-2.0 */
/*
 * IRQCHIP = none: the x86_64 port's first step has no virtual interrupts
 * (guests poll their devices); the emulated local APIC + I/O APIC replace
 * this file. The hypervisor takes no physical interrupt either (the 8259s
 * are masked, the local APIC only sends start-up IPIs).
 */
#include <hv/arch/irqchip.h>
#include <hv/cpu.h>
#include <arch/x86_cpu.h>

void arch_irqchip_init_global(void)
{
}

void arch_irqchip_init_cpu(void)
{
}

enum hv_err arch_irqchip_vm_init(struct vm *vm)
{
	(void)vm;
	return HV_OK;
}

void arch_irqchip_vcpu_reset(struct vcpu *vcpu)
{
	(void)vcpu;
}

void arch_irqchip_vcpu_enter(struct vcpu *vcpu)
{
	(void)vcpu;
}

void arch_irqchip_vcpu_exit(struct vcpu *vcpu)
{
	(void)vcpu;
}

void arch_irqchip_handle(struct vcpu *vcpu)
{
	(void)vcpu;
}

/* A fixed IPI: ends the target's HLT (arch_cpu_idle) or makes it leave
 * its guest (INTR intercept). */
void arch_irqchip_kick_cpu(uint32_t pcpu)
{
	if (pcpu < AXVM_CPU_NUM)
		apic_send_ipi((uint32_t)cpus[pcpu].hwid, APIC_VEC_KICK);
}

enum hv_err arch_irqchip_inject(struct vcpu *vcpu, uint32_t irq)
{
	(void)vcpu;
	(void)irq;
	return HV_ERR_UNSUPP;
}

enum hv_err arch_irqchip_set_line(struct vm *vm, uint32_t irq, bool high)
{
	(void)vm;
	(void)irq;
	(void)high;
	return HV_ERR_UNSUPP;
}

bool arch_irqchip_vcpu_pending(struct vcpu *vcpu)
{
	(void)vcpu;
	return false;
}

enum hv_err arch_irqchip_own(uint32_t irq, irq_handler_fn fn, void *arg)
{
	(void)irq;
	(void)fn;
	(void)arg;
	return HV_ERR_UNSUPP; /* the console polls its UART instead */
}

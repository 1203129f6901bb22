/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Neutral host model of the irqchip contract: interrupts 0..FAKE_IRQS-1,
 * a pending bit per vCPU, a level per shared line of a VM.
 */
#include <hv/arch/irqchip.h>
#include <hv/vm.h>
#include <arch/fake.h>

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
	vcpu->arch.pending = 0;
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
	fake_machine.irqchip_handled++;
}

void arch_irqchip_kick_cpu(uint32_t pcpu)
{
	if (pcpu < FAKE_CPUS)
		fake_machine.kicks[pcpu]++;
}

enum hv_err arch_irqchip_inject(struct vcpu *vcpu, uint32_t irq)
{
	if (irq >= FAKE_IRQS)
		return HV_ERR_RANGE;
	vcpu->arch.pending |= 1ULL << irq;
	return HV_OK;
}

enum hv_err arch_irqchip_set_line(struct vm *vm, uint32_t irq, bool high)
{
	if (irq >= FAKE_IRQS)
		return HV_ERR_RANGE;
	vm->arch.line[irq] = high;
	return HV_OK;
}

bool arch_irqchip_vcpu_pending(struct vcpu *vcpu)
{
	return vcpu->arch.pending != 0;
}

enum hv_err arch_irqchip_own(uint32_t irq, irq_handler_fn fn, void *arg)
{
	(void)fn;
	(void)arg;
	return irq < FAKE_IRQS ? HV_OK : HV_ERR_RANGE;
}

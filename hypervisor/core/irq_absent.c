/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt hooks when no vGIC module is linked: guests get no virtual
 * interrupts, trapped ICC_* registers are UNDEFINED, and a physical IRQ
 * routed to EL2 is only logged. Replaced by the vGIC module (the build picks
 * this file only while hypervisor/core/vgic.c does not exist).
 */
#include <hv/irq.h>
#include <hv/log.h>

void irq_init_global(void)
{
}

void irq_init_cpu(void)
{
}

enum hv_err irq_vm_init(struct vm *vm)
{
	(void)vm;
	return HV_OK;
}

void irq_vcpu_reset(struct vcpu *vcpu)
{
	(void)vcpu;
}

void irq_handle(struct vcpu *vcpu)
{
	(void)vcpu;
	LOG("unexpected physical IRQ with no interrupt controller driver");
}

enum hv_err irq_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write)
{
	(void)vcpu;
	(void)iss;
	(void)val;
	(void)write;
	return HV_ERR_UNSUPP;
}

void irq_vcpu_enter(struct vcpu *vcpu)
{
	(void)vcpu;
}

void irq_vcpu_exit(struct vcpu *vcpu)
{
	(void)vcpu;
}

void irq_kick_cpu(uint32_t pcpu)
{
	(void)pcpu;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 interrupts (hv/arch/irqchip.h), first step: the VS-level
 * software and timer interrupts through hvip (privileged spec 8.2.3),
 * IPIs between harts through SBI. The virtual PLIC (external interrupts,
 * passthrough PLIC sources) is not implemented yet: a VM with passthrough
 * interrupts is refused at build, and the console UART is polled.
 */
#include <hv/arch/irqchip.h>
#include <hv/cpu.h>
#include <hv/vm.h>
#include "rv.h"

void arch_irqchip_init_global(void)
{
}

void arch_irqchip_init_cpu(void)
{
	csr_write(CSR_HVIP, 0);
}

enum hv_err arch_irqchip_vm_init(struct vm *vm)
{
	return vm->cfg->irq_num ? HV_ERR_UNSUPP : HV_OK;
}

void arch_irqchip_vcpu_reset(struct vcpu *vcpu)
{
	__atomic_store_n(&vcpu->arch.pending_vsip, 0, __ATOMIC_RELAXED);
	csr_write(CSR_HVIP, 0);
}

/* What other harts asked for (SBI IPI) becomes pending in VS-mode. */
void arch_irqchip_vcpu_enter(struct vcpu *vcpu)
{
	uint64_t p = __atomic_exchange_n(&vcpu->arch.pending_vsip, 0, __ATOMIC_ACQUIRE);

	if (p)
		csr_set(CSR_HVIP, p);
}

void arch_irqchip_vcpu_exit(struct vcpu *vcpu)
{
	(void)vcpu;
}

/* An HS-level interrupt taken while `vcpu` ran (scause has it). */
void arch_irqchip_handle(struct vcpu *vcpu)
{
	uint64_t irq = csr_read(CSR_SCAUSE) & ~SCAUSE_IRQ;

	(void)vcpu;
	if (irq == IRQ_S_SOFT) {
		csr_clear(CSR_SIP, 1ULL << IRQ_S_SOFT); /* a kick; vcpu_enter applies IPIs */
	} else if (irq == IRQ_S_TIMER && !rv_has_sstc) {
		sbi_set_timer(~0ULL); /* our timer stood in for the guest's */
		csr_set(CSR_HVIP, 1ULL << IRQ_VS_TIMER);
	} else {
		csr_clear(CSR_SIE, 1ULL << irq); /* nothing of ours: never again */
	}
}

void arch_irqchip_kick_cpu(uint32_t pcpu)
{
	if (pcpu < vmcfg_board.cpu_num)
		sbi_send_ipi_one((uint32_t)vmcfg_board.cpu_hwids[pcpu]);
}

/* `irq` is a VS-level interrupt number: 2 (software), 6 (timer), 10 (external). */
enum hv_err arch_irqchip_inject(struct vcpu *vcpu, uint32_t irq)
{
	if (irq != IRQ_VS_SOFT && irq != IRQ_VS_TIMER && irq != IRQ_VS_EXT)
		return HV_ERR_INVAL;
	__atomic_fetch_or(&vcpu->arch.pending_vsip, 1ULL << irq, __ATOMIC_RELEASE);
	if (cpu_this() && cpu_this()->vcpu == vcpu)
		csr_set(CSR_HVIP, __atomic_exchange_n(&vcpu->arch.pending_vsip, 0, __ATOMIC_ACQUIRE));
	else
		arch_irqchip_kick_cpu(vcpu->pcpu);
	return HV_OK;
}

enum hv_err arch_irqchip_set_line(struct vm *vm, uint32_t irq, bool high)
{
	(void)vm;
	(void)irq;
	(void)high;
	return HV_ERR_UNSUPP; /* shared lines are PLIC sources: no vPLIC yet */
}

bool arch_irqchip_vcpu_pending(struct vcpu *vcpu)
{
	(void)vcpu;
	return (csr_read(CSR_HIP) & csr_read(CSR_VSIE) << 1) != 0;
}

enum hv_err arch_irqchip_own(uint32_t irq, irq_handler_fn fn, void *arg)
{
	(void)irq;
	(void)fn;
	(void)arg;
	return HV_ERR_UNSUPP; /* the console polls the UART until the PLIC driver */
}

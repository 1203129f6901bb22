/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt lines of emulated devices and the console UART, connected to
 * the board's irqchip (hv/arch/irqchip.h).
 */
#include <hv/arch/irqchip.h>
#include <hv/console.h>
#include <hv/hv.h>
#include <hv/uart.h>
#include <hv/vmconfig.h>
#include <hv/vpl011.h>

/* The virtual PL011's line is level-sensitive (PL011 TRM 3.4 UARTMIS). */
static void vpl011_line(struct vm *vm, uint32_t irq, bool level)
{
	(void)arch_irqchip_set_line(vm, irq, level);
}

/* A VM that has the board UART passed through owns its input and IRQ too. */
static bool uart_passed_through(void)
{
	uint64_t base = vmcfg_board.uart_base;

	for (uint32_t i = 0; i < vmcfg_vm_num; i++) {
		const struct vmcfg_vm *vm = &vmcfg_vms[i];

		for (uint32_t j = 0; j < vm->mmio_num; j++)
			if (base >= vm->mmios[j].pa &&
			    base - vm->mmios[j].pa < vm->mmios[j].size)
				return true;
	}
	return false;
}

void irq_wire_devices(void)
{
	vpl011_set_irq_hook(vpl011_line);
	/* Console input must wake the hypervisor even when every guest idles in WFI. */
	if (!uart_passed_through() &&
	    arch_irqchip_own(vmcfg_board.uart_irq, console_uart_irq, NULL) == HV_OK)
		uart_rx_irq_enable();
}

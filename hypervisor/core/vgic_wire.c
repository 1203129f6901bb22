/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt lines of emulated devices, connected to the vGIC. Kept apart
 * from vgic.c so that host tests of the vGIC need not link the devices.
 */
#include "vgic_internal.h"

#include <hv/console.h>
#include <hv/uart.h>
#include <hv/vpl011.h>

/* The virtual PL011's line is level-sensitive (PL011 TRM 3.4 UARTMIS). */
static void vpl011_line(struct vm *vm, uint32_t intid, bool level)
{
	(void)vgic_set_spi_level(vm, intid, level);
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

void vgic_wire_devices(void)
{
	vpl011_set_irq_hook(vpl011_line);
	/* Console input must wake the hypervisor even when every guest idles in WFI. */
	if (!uart_passed_through() &&
	    irq_register(vmcfg_board.uart_irq, console_uart_irq, NULL) == HV_OK)
		uart_rx_irq_enable();
}

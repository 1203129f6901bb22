/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt lines of emulated devices, connected to the vGIC. Kept apart
 * from vgic.c so that host tests of the vGIC need not link the devices.
 */
#include "vgic_internal.h"

#include <hv/vpl011.h>

/* The virtual PL011's line is level-sensitive (PL011 TRM 3.4 UARTMIS). */
static void vpl011_line(struct vm *vm, uint32_t intid, bool level)
{
	(void)vgic_set_spi_level(vm, intid, level);
}

void vgic_wire_devices(void)
{
	vpl011_set_irq_hook(vpl011_line);
}

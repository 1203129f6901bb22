/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 part of the generated tables (hv/vmconfig.h): the board's I/O APIC
 * and local APIC, and the I/O-port ranges passed through to a VM (IOPM
 * bits cleared; axvmconfig checked their ownership).
 */
#ifndef ARCH_VMCONFIG_H
#define ARCH_VMCONFIG_H

#include <stdint.h>

struct vmcfg_board_arch {
	uint64_t ioapic_base;
	uint64_t lapic_base; /* xAPIC MMIO of the host local APICs */
};

struct vmcfg_port_range {
	uint32_t base;
	uint32_t count;
};

struct vmcfg_vm_arch {
	uint32_t port_num;
	const struct vmcfg_port_range *ports;
};

#endif /* ARCH_VMCONFIG_H */

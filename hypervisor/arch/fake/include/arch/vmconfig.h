/* SPDX-License-Identifier: Apache-2.0 */
/* Neutral host model: the arch part of the generated tables (unused). */
#ifndef ARCH_VMCONFIG_H
#define ARCH_VMCONFIG_H

#include <stdint.h>

struct vmcfg_board_arch {
	uint32_t irqchip_base; /* nothing of the fake irqchip is configured */
};

struct vmcfg_vm_arch {
	uint32_t unused;
};

#endif

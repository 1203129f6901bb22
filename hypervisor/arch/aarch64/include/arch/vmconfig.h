/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aarch64 part of the generated tables (hv/vmconfig.h embeds these as
 * `vmcfg_board.arch` and `vmcfg_vm.arch`): the GIC frames of the board and
 * the virtual GICv3 frames of a VM. Written by axvmconfig's C emitter.
 */
#ifndef ARCH_VMCONFIG_H
#define ARCH_VMCONFIG_H

#include <stdint.h>

struct vmcfg_board_arch {
	uint32_t gic_version;
	uint64_t gicd_base;
	uint64_t gicr_base;
	uint64_t gicr_stride;
	uint64_t gicc_base; /* GICv2 / GICv3 legacy, 0 if none */
	uint64_t gich_base;
	uint64_t gicv_base;
	uint32_t gic_spi_num; /* SPIs are INTIDs 32 .. 32 + gic_spi_num - 1 */
	uint32_t maint_irq;   /* maintenance interrupt INTID (a PPI) */
	/* NS16550 console only (board.toml [console] reg_shift, io_width). */
	uint32_t uart_reg_shift;
	uint32_t uart_io_width;
};

/*
 * Virtual GICv3 (irq_mode EMULATED or PASSTHROUGH): distributor frame at
 * vgicd_ipa (64 KiB), one redistributor per vCPU from vgicr_ipa on,
 * board gicr_stride apart. Both 0 when irq_mode is NONE.
 */
struct vmcfg_vm_arch {
	uint64_t vgicd_ipa;
	uint64_t vgicr_ipa;
};

#endif /* ARCH_VMCONFIG_H */

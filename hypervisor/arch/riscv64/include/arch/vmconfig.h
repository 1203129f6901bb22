/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 part of the generated tables (vmcfg_board.arch, vmcfg_vm.arch),
 * written by axvmconfig's C emitter from board.toml [plic] / [console].
 */
#ifndef ARCH_VMCONFIG_H
#define ARCH_VMCONFIG_H

#include <stdint.h>

struct vmcfg_board_arch {
	uint64_t plic_base;
	uint64_t plic_size;
	uint32_t plic_ndev;       /* PLIC sources 1..plic_ndev */
	uint32_t uart_reg_shift;  /* NS16550 register i at base + (i << shift) */
	uint32_t uart_io_width;   /* 1 or 4 bytes */
};

/* The VM's virtual PLIC (emu_devices 'plic'), 0 if none. */
struct vmcfg_vm_arch {
	uint64_t vplic_ipa;
};

#endif

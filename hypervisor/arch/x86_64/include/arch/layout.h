/* SPDX-License-Identifier: Apache-2.0 */
/* x86_64 hypervisor memory layout constants (shared by C and assembly). */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#include <arch/contract.h>

/* Link and load address: above the legacy low 1 MiB and QEMU's ROMs. */
#define HV_LOAD_PA 0x01000000
#define HV_MAX_CPUS AXV_ARCH_MAX_CPUS
/* 16 KiB boot/exit-handler stack per CPU. */
#define HV_STACK_SHIFT 14
/* SIPI vector page for the AP start-up code (vector = PA >> 12): below
 * 1 MiB, outside the BIOS data areas (Intel MP spec B.4, APM 16.5). */
#define AP_TRAMP_PA 0x8000

#endif

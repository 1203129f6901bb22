/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 half of the axvmconfig <-> hypervisor contract (see
 * include/hv/contract.h for the format: `#define AXV_<NAME> <integer>`).
 */
#ifndef ARCH_CONTRACT_H
#define ARCH_CONTRACT_H

/* G-stage translation is Sv39x4 (RISC-V privileged spec 1.12, 9.5.1):
 * guest-physical addresses are 41 bits wide, the root table is 16 KiB. */
#define AXV_ARCH_IPA_BITS 41

/* Harts the hypervisor has per-CPU state for (hart ids 0 .. N-1). */
#define AXV_ARCH_MAX_HARTS 8

#endif /* ARCH_CONTRACT_H */

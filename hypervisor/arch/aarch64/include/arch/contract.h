/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aarch64 half of the axvmconfig <-> hypervisor contract (see
 * include/hv/contract.h for the format: `#define AXV_<NAME> <integer>`).
 */
#ifndef ARCH_CONTRACT_H
#define ARCH_CONTRACT_H

/* Stage-2 input address size: VTCR_EL2.T0SZ = 64 - 40, SL0 = level 1
 * (Arm ARM D8.2); guest-physical addresses must lie below 2^40. */
#define AXV_ARCH_IPA_BITS 40

/* Interrupt controller versions the vGIC implements: bit N = GICvN
 * (GICv2: vgic2/, GICv3: vgic/). */
#define AXV_ARCH_GIC_VERSIONS 0xc

/* Shared peripheral interrupts the vGIC models: INTIDs 32 .. 32 + N - 1. */
#define AXV_ARCH_MAX_SPIS 256

#endif /* ARCH_CONTRACT_H */

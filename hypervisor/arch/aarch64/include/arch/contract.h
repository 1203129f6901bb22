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

/*
 * emu_type values that place the virtual GIC instead of adding a device
 * (bit N = emu_type N): 0x1 and 0x21 move the distributor frame, 0x20 the
 * redistributors. axvmconfig turns them into vm.arch.vgicd_ipa/vgicr_ipa
 * (vgic/vgic.c maps its frames there) and never emits them as emulated
 * devices. 0x22 (ITS) is not here: there is no virtual ITS.
 */
#define AXV_ARCH_EMU_GIC_PLACEMENT 0x300000002ul

#endif /* ARCH_CONTRACT_H */

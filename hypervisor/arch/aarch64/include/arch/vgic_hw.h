/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch contract: the GICv3 virtual CPU interface control registers of this
 * physical CPU (ICH_*_EL2, IHI 0069 12.4). The list-register format is
 * architected, so the vGIC encodes LR values itself (arch/vgic.h) and the
 * arch layer only moves raw 64-bit values.
 * aarch64: arch/aarch64/vgic/vgic_ich.c. Host model: arch/aarch64/fake/vgic_fake.c.
 */
#ifndef ARCH_VGIC_HW_H
#define ARCH_VGIC_HW_H

#include <hv/types.h>

/** Number of implemented list registers (ICH_VTR_EL2.ListRegs + 1). */
uint32_t arch_vgic_lr_num(void);
/** Read ICH_LR<n>_EL2. */
uint64_t arch_vgic_lr_read(uint32_t n);
/** Write ICH_LR<n>_EL2. */
void arch_vgic_lr_write(uint32_t n, uint64_t val);
/** ICH_ELRSR_EL2: bit n set when LR n holds no interrupt. */
uint64_t arch_vgic_elrsr(void);
/** ICH_EISR_EL2: bit n set when LR n (HW = 0, EOI = 1) was deactivated. */
uint64_t arch_vgic_eisr(void);
/** ICH_MISR_EL2: why the maintenance interrupt is asserted. */
uint64_t arch_vgic_misr(void);
/** Read ICH_HCR_EL2. */
uint64_t arch_vgic_hcr_read(void);
/** Write ICH_HCR_EL2. */
void arch_vgic_hcr_write(uint64_t val);
/** Write ICH_VMCR_EL2 (guest's virtual PMR, BPR, group enables). */
void arch_vgic_vmcr_write(uint64_t val);
/** Clear the active-priority registers ICH_AP0R<n>/ICH_AP1R<n>_EL2. */
void arch_vgic_apr_clear(void);

#endif /* ARCH_VGIC_HW_H */

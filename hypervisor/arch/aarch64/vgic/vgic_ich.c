/* SPDX-License-Identifier: Apache-2.0 */
/* ICH_*_EL2 of this CPU (hv/arch/vgic.h), IHI 0069 12.4. */
#include <arch/vgic_hw.h>

#include "gic_regs.h"
#include "../sysreg.h"

uint32_t arch_vgic_lr_num(void)
{
	return (uint32_t)(gic_read(ICH_VTR_EL2) & 0x1f) + 1;
}

/*
 * ICH_LR<n>_EL2: n 0-7 are C12, op2 = n; 8-15 are C13, op2 = n - 8. The
 * register is an immediate of the MRS/MSR instruction, hence one case per
 * n; the list is written once and expanded for reads and for writes.
 */
#define ICH_LR_LIST(X)                                                         \
	X(0, C12, 0) X(1, C12, 1) X(2, C12, 2) X(3, C12, 3)                    \
	X(4, C12, 4) X(5, C12, 5) X(6, C12, 6) X(7, C12, 7)                    \
	X(8, C13, 0) X(9, C13, 1) X(10, C13, 2) X(11, C13, 3)                  \
	X(12, C13, 4) X(13, C13, 5) X(14, C13, 6) X(15, C13, 7)

#define LR_CASE_R(n, crm, op2)                                                 \
	case n:                                                                \
		return read_sysreg(S3_4_C12_##crm##_##op2);
#define LR_CASE_W(n, crm, op2)                                                 \
	case n:                                                                \
		write_sysreg(S3_4_C12_##crm##_##op2, val);                     \
		return;

uint64_t arch_vgic_lr_read(uint32_t n)
{
	switch (n) {
	ICH_LR_LIST(LR_CASE_R)
	default:
		return 0;
	}
}

void arch_vgic_lr_write(uint32_t n, uint64_t val)
{
	switch (n) {
	ICH_LR_LIST(LR_CASE_W)
	default:
		return;
	}
}

uint64_t arch_vgic_elrsr(void)
{
	return gic_read(ICH_ELRSR_EL2);
}

uint64_t arch_vgic_eisr(void)
{
	return gic_read(ICH_EISR_EL2);
}

uint64_t arch_vgic_misr(void)
{
	return gic_read(ICH_MISR_EL2);
}

uint64_t arch_vgic_hcr_read(void)
{
	return gic_read(ICH_HCR_EL2);
}

void arch_vgic_hcr_write(uint64_t val)
{
	gic_write(ICH_HCR_EL2, val);
	isb();
}

void arch_vgic_vmcr_write(uint64_t val)
{
	gic_write(ICH_VMCR_EL2, val);
}

/* ICH_AP0R0/AP1R0 always exist; more only with > 5 priority bits
 * (ICH_VTR_EL2.PREbits, 12.4.1/12.4.2). */
void arch_vgic_apr_clear(void)
{
	uint64_t pre = ((gic_read(ICH_VTR_EL2) >> 26) & 7) + 1;

	gic_write(ICH_AP0R0_EL2, 0ULL);
	gic_write(ICH_AP1R0_EL2, 0ULL);
	if (pre >= 6) {
		write_sysreg(S3_4_C12_C8_1, 0ULL);
		write_sysreg(S3_4_C12_C9_1, 0ULL);
	}
	if (pre == 7) {
		write_sysreg(S3_4_C12_C8_2, 0ULL);
		write_sysreg(S3_4_C12_C8_3, 0ULL);
		write_sysreg(S3_4_C12_C9_2, 0ULL);
		write_sysreg(S3_4_C12_C9_3, 0ULL);
	}
}

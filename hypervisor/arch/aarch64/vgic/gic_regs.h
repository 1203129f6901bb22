/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv3 system registers by encoding (so any assembler takes them) and the
 * memory-mapped frames' offsets used at EL2 (IHI 0069 12).
 */
#ifndef AARCH64_GIC_REGS_H
#define AARCH64_GIC_REGS_H

/* CPU interface, IHI 0069 12.2 */
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_DIR_EL1     S3_0_C12_C11_1
#define ICC_SGI1R_EL1   S3_0_C12_C11_5
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define ICC_BPR1_EL1    S3_0_C12_C12_3
#define ICC_CTLR_EL1    S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SRE_EL2     S3_4_C12_C9_5

/* Virtual interface control, IHI 0069 12.4 */
#define ICH_AP0R0_EL2   S3_4_C12_C8_0
#define ICH_AP1R0_EL2   S3_4_C12_C9_0
#define ICH_HCR_EL2     S3_4_C12_C11_0
#define ICH_VTR_EL2     S3_4_C12_C11_1
#define ICH_MISR_EL2    S3_4_C12_C11_2
#define ICH_EISR_EL2    S3_4_C12_C11_3
#define ICH_ELRSR_EL2   S3_4_C12_C11_5
#define ICH_VMCR_EL2    S3_4_C12_C11_7

/* Distributor, IHI 0069 12.9 */
#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ISPENDR    0x0200
#define GICD_ICPENDR    0x0280
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0c00
#define GICD_IROUTER    0x6000
#define GICD_CTLR_RWP   (1u << 31)

/* Redistributor, IHI 0069 12.10/12.11 */
#define GICR_CTLR       0x0000
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_SGI        0x10000
#define GICR_CTLR_RWP   (1u << 3)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PSLEEP (1u << 1)
#define GICR_WAKER_CASLEEP (1u << 2)

/* One more expansion level so the names above become their encodings. */
#define gic_read(r)     read_sysreg(r)
#define gic_write(r, v) write_sysreg(r, v)

#endif

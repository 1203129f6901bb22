/* SPDX-License-Identifier: Apache-2.0 */
/* System register access and the EL2 register values we program. */
#ifndef AARCH64_SYSREG_H
#define AARCH64_SYSREG_H

#include <hv/types.h>
#include <arch/contract.h>

#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(o) __asm__ volatile("dsb " #o ::: "memory")

/*
 * HCR_EL2 (Arm ARM D13.2.48), for a guest that owns its CPU:
 *  VM    stage 2 on.
 *  SWIO  set/way invalidate is treated as clean+invalidate (no data loss
 *        for other partitions if a guest's DC ISW reaches the cache).
 *  FMO/IMO/AMO  physical FIQ/IRQ/SError go to EL2 (the vGIC injects).
 *  FB, BSU=IS  TLB/cache maintenance and barriers are broadcast in the
 *        inner shareable domain: an SMP guest's vCPUs are on different CPUs.
 *  TSC   SMC traps (PSCI emulation: SMC is a conduit like HVC).
 *  TSW   DC ISW/CSW/CISW trap: set/way operations touch caches shared with
 *        other partitions; we turn them into by-VA maintenance of the VM.
 *  TIDCP implementation-defined system registers trap (→ UNDEFINED).
 *  TACR  ACTLR_EL1 accesses trap (→ UNDEFINED): it can change core
 *        behaviour shared with the other partitions' CPUs.
 *  RW    EL1 is AArch64.
 * Not set: TWI/TWE (a pinned vCPU may idle its own CPU natively),
 * TVM/TRVM (no need to watch the guest's MMU registers: its EL1 state is
 * never switched), TGE, E2H.
 */
#define HCR_VM    BIT(0)
#define HCR_SWIO  BIT(1)
#define HCR_FMO   BIT(3)
#define HCR_IMO   BIT(4)
#define HCR_AMO   BIT(5)
#define HCR_FB    BIT(9)
#define HCR_BSU_IS (1ULL << 10)
#define HCR_TSC   BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TACR  BIT(21)
#define HCR_TSW   BIT(22)
#define HCR_RW    BIT(31)
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW)

/*
 * MDCR_EL2 (D13.2.71). Each vCPU owns its physical CPU for life, so the
 * guest is given that CPU's PMU and self-hosted debug hardware outright
 * (issue 18): nothing of another partition is in those registers, and
 * nothing needs switching.
 *  HPMN  = PMCR_EL0.N: every counter belongs to EL1/EL0 (HPME = 0).
 *  HPMD  (FEAT_PMUv3p1 and later, cpu.c sets it only there) event
 *        counting is prohibited at EL2 (D7.9 "Prohibiting event
 *        counting"), so counters show the guest's own work; on a v8.0 PMU
 *        they also count this CPU's hypervisor time, spent only on this
 *        guest's behalf.
 *  HCCD  (FEAT_PMUv3p5) the cycle counter does not count at EL2 either.
 *  TPM/TPMCR/TDA/TDOSA/TDRA/TDE all clear: PMU, debug, OS Lock and ROM
 *        address registers are the guest's; debug exceptions are taken to
 *        its EL1 (D2.4 "Routing debug exceptions": TDE = 0), and EL2 code
 *        is never debugged by them (D2.1: EL2 is above the debug target).
 * The PMU overflow interrupt is forwarded hardware-linked (vgic.c).
 */
#define MDCR_HPMD  BIT(17)
#define MDCR_HCCD  BIT(23)
#define MDCR_GUEST 0ULL

/*
 * VTCR_EL2 (D13.2.151): 40-bit IPA (T0SZ = 24), 4 KiB granule, walk starts
 * at level 1 (SL0 = 1) with two concatenated level-1 tables (D8.2.8),
 * inner-shareable write-back walks, PS = 40-bit output addresses.
 */
#define VTCR_T0SZ     (64ULL - AXV_ARCH_IPA_BITS) /* IPA bits: arch/contract.h */
#define VTCR_SL0_L1   (1ULL << 6)
#define VTCR_IRGN_WB  (1ULL << 8)
#define VTCR_ORGN_WB  (1ULL << 10)
#define VTCR_SH_IS    (3ULL << 12)
#define VTCR_PS_40    (2ULL << 16)
#define VTCR_RES1     BIT(31)
#define VTCR_VALUE (VTCR_T0SZ | VTCR_SL0_L1 | VTCR_IRGN_WB | VTCR_ORGN_WB | \
		    VTCR_SH_IS | VTCR_PS_40 | VTCR_RES1)

/*
 * TCR_EL2 (non-VHE, D13.2.131): 39-bit VA (T0SZ = 25) so the walk starts at
 * level 1 with one 512-entry table, 4 KiB granule, 40-bit PA.
 */
#define TCR_EL2_VALUE (25ULL | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | \
		       (2ULL << 16) | BIT(23) | BIT(31))
/* MAIR_EL2: Attr0 = Device-nGnRE (0x04), Attr1 = Normal WB RW-allocate (0xff). */
#define MAIR_EL2_VALUE (0x04ULL | (0xffULL << 8))

/* SCTLR_EL2 (D13.2.119): RES1 bits plus M, C, I, SA and WXN (W^X enforced). */
#define SCTLR_EL2_RES1 (BIT(4) | BIT(5) | BIT(11) | BIT(16) | BIT(18) | \
			BIT(22) | BIT(23) | BIT(28) | BIT(29))
#define SCTLR_EL2_ON (SCTLR_EL2_RES1 | BIT(0) | BIT(2) | BIT(3) | BIT(12) | BIT(19))

/* SCTLR_EL1 architectural reset-like value: MMU and caches off, RES1 bits. */
#define SCTLR_EL1_RESET (BIT(11) | BIT(20) | BIT(22) | BIT(23) | BIT(28) | BIT(29))

/* SPSR: EL1h with D, A, I, F masked (what the CPU gives an OS at reset). */
#define SPSR_EL1H_MASKED 0x3c5ULL

#endif

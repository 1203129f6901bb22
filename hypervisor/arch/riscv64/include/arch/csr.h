/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSR numbers and bits the riscv64 hypervisor uses (RISC-V privileged spec
 * 1.12, chapters 4 and 8 (H extension); Sstc 1.0). Numbers, not names: the
 * Debian 12 assembler does not know every H-extension CSR name.
 */
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

#define CSR_SSTATUS    0x100
#define CSR_SIE        0x104
#define CSR_STVEC      0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP        0x144
#define CSR_STIMECMP   0x14d
#define CSR_SATP       0x180
#define CSR_VSSTATUS   0x200
#define CSR_VSIE       0x204
#define CSR_VSTVEC     0x205
#define CSR_VSSCRATCH  0x240
#define CSR_VSEPC      0x241
#define CSR_VSCAUSE    0x242
#define CSR_VSTVAL     0x243
#define CSR_VSIP       0x244
#define CSR_VSTIMECMP  0x24d
#define CSR_VSATP      0x280
#define CSR_HSTATUS    0x600
#define CSR_HEDELEG    0x602
#define CSR_HIDELEG    0x603
#define CSR_HIE        0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HENVCFG    0x60a
#define CSR_HTVAL      0x643
#define CSR_HIP        0x644
#define CSR_HVIP       0x645
#define CSR_HTINST     0x64a
#define CSR_HGATP      0x680
#define CSR_TIME       0xc01

/* sstatus (4.1.1) */
#define SSTATUS_SIE  (1ULL << 1)
#define SSTATUS_SPIE (1ULL << 5)
#define SSTATUS_SPP  (1ULL << 8)
#define SSTATUS_FS   (3ULL << 13)
#define SSTATUS_SUM  (1ULL << 18)

/* hstatus (8.2.1) */
#define HSTATUS_GVA  (1ULL << 6)
#define HSTATUS_SPV  (1ULL << 7)
#define HSTATUS_SPVP (1ULL << 8)
#define HSTATUS_VTW  (1ULL << 21)

/* Interrupt numbers (sip/hip/hvip bits, scause codes with bit 63 set). */
#define IRQ_S_SOFT   1
#define IRQ_VS_SOFT  2
#define IRQ_S_TIMER  5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT    9
#define IRQ_VS_EXT   10

/* Exception codes (scause, table 8.6). */
#define EXC_INST_MISALIGNED   0
#define EXC_INST_ACCESS       1
#define EXC_ILLEGAL_INST      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_ECALL_VS          10
#define EXC_INST_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15
#define EXC_INST_GUEST_PAGE   20
#define EXC_LOAD_GUEST_PAGE   21
#define EXC_VIRTUAL_INST      22
#define EXC_STORE_GUEST_PAGE  23
#define SCAUSE_IRQ (1ULL << 63)

/* henvcfg (8.2.5, Sstc 1.0): VS-mode stimecmp */
#define HENVCFG_STCE (1ULL << 63)

/* hgatp (8.2.10): Sv39x4 */
#define HGATP_MODE_SV39X4 (8ULL << 60)
#define HGATP_VMID_SHIFT  44
/* satp (4.1.11): Sv39 */
#define SATP_MODE_SV39    (8ULL << 60)

#ifndef __ASSEMBLY__
#include <hv/types.h>

#define CSR_STR2(x) #x
#define CSR_STR(x) CSR_STR2(x)
#define csr_read(csr) ({ uint64_t v__; \
	__asm__ volatile("csrr %0, " CSR_STR(csr) : "=r"(v__) : : "memory"); v__; })
#define csr_write(csr, v) \
	__asm__ volatile("csrw " CSR_STR(csr) ", %0" : : "rK"((uint64_t)(v)) : "memory")
#define csr_set(csr, v) \
	__asm__ volatile("csrs " CSR_STR(csr) ", %0" : : "rK"((uint64_t)(v)) : "memory")
#define csr_clear(csr, v) \
	__asm__ volatile("csrc " CSR_STR(csr) ", %0" : : "rK"((uint64_t)(v)) : "memory")

/* HFENCE.GVMA x0, x0: all guest-physical translations, all VMIDs (8.3.2). */
static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

/* HFENCE.VVMA x0, x0: the current VMID's VS-stage translations (8.3.2). */
static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma" : : : "memory");
}
#endif

#endif

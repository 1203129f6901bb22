/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SVM virtual machine control block (AMD APM vol. 2, appendix B,
 * tables B-1 "VMCB Layout, Control Area" and B-2 "VMCB Layout, State Save
 * Area"). One 4 KiB-aligned page per vCPU.
 */
#ifndef ARCH_VMCB_H
#define ARCH_VMCB_H

#include <hv/types.h>

struct vmcb_seg {
	uint16_t sel;
	uint16_t attr; /* packed: type[3:0] S[4] DPL[6:5] P[7] AVL[8] L[9] D/B[10] G[11] */
	uint32_t limit;
	uint64_t base;
};

struct vmcb_control {
	uint32_t icpt_cr;       /* 0x000: CR reads [15:0], writes [31:16] */
	uint32_t icpt_dr;       /* 0x004 */
	uint32_t icpt_exc;      /* 0x008: one bit per exception vector */
	uint32_t icpt_misc1;    /* 0x00c: INTR .. SHUTDOWN */
	uint32_t icpt_misc2;    /* 0x010: VMRUN .. */
	uint32_t icpt_misc3;    /* 0x014 */
	uint8_t rsvd0[0x03c - 0x018];
	uint16_t pause_thresh;  /* 0x03c */
	uint16_t pause_count;   /* 0x03e */
	uint64_t iopm_pa;       /* 0x040 */
	uint64_t msrpm_pa;      /* 0x048 */
	uint64_t tsc_offset;    /* 0x050 */
	uint32_t asid;          /* 0x058 */
	uint8_t tlb_ctl;        /* 0x05c */
	uint8_t rsvd1[3];
	uint64_t int_ctl;       /* 0x060: V_TPR, V_IRQ, V_INTR_PRIO, V_INTR_MASKING, vector */
	uint64_t int_state;     /* 0x068: interrupt shadow */
	uint64_t exitcode;      /* 0x070 */
	uint64_t exitinfo1;     /* 0x078 */
	uint64_t exitinfo2;     /* 0x080 */
	uint64_t exitintinfo;   /* 0x088 */
	uint64_t np_ctl;        /* 0x090: bit 0 NP_ENABLE */
	uint64_t avic_bar;      /* 0x098 */
	uint64_t ghcb_pa;       /* 0x0a0 */
	uint64_t eventinj;      /* 0x0a8 */
	uint64_t ncr3;          /* 0x0b0 */
	uint64_t virt_ext;      /* 0x0b8 */
	uint32_t clean;         /* 0x0c0 */
	uint32_t rsvd2;
	uint64_t nrip;          /* 0x0c8 (NRIPS only: not in QEMU) */
	uint8_t insn_len;       /* 0x0d0 */
	uint8_t insn_bytes[15];
	uint8_t rsvd3[0x400 - 0x0e0];
};

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr; /* 0x400 */
	uint8_t rsvd0[0x4cb - 0x4a0];
	uint8_t cpl;            /* 0x4cb */
	uint32_t rsvd1;
	uint64_t efer;          /* 0x4d0 */
	uint8_t rsvd2[0x548 - 0x4d8];
	uint64_t cr4;           /* 0x548 */
	uint64_t cr3;
	uint64_t cr0;
	uint64_t dr7;
	uint64_t dr6;
	uint64_t rflags;        /* 0x570 */
	uint64_t rip;           /* 0x578 */
	uint8_t rsvd3[0x5d8 - 0x580];
	uint64_t rsp;           /* 0x5d8 */
	uint64_t s_cet, ssp, isst_addr;
	uint64_t rax;           /* 0x5f8 */
	uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t cr2;           /* 0x640 */
	uint8_t rsvd4[0x668 - 0x648];
	uint64_t g_pat;         /* 0x668 */
	uint64_t dbgctl;
	uint8_t rsvd5[0x1000 - 0x678];
};

struct vmcb {
	struct vmcb_control c;
	struct vmcb_save s;
};

_Static_assert(sizeof(struct vmcb) == 4096, "VMCB is one page");
_Static_assert(__builtin_offsetof(struct vmcb, c.exitcode) == 0x070, "EXITCODE");
_Static_assert(__builtin_offsetof(struct vmcb, c.ncr3) == 0x0b0, "N_CR3");
_Static_assert(__builtin_offsetof(struct vmcb, s.cpl) == 0x4cb, "CPL");
_Static_assert(__builtin_offsetof(struct vmcb, s.efer) == 0x4d0, "EFER");
_Static_assert(__builtin_offsetof(struct vmcb, s.cr4) == 0x548, "CR4");
_Static_assert(__builtin_offsetof(struct vmcb, s.rip) == 0x578, "RIP");
_Static_assert(__builtin_offsetof(struct vmcb, s.rsp) == 0x5d8, "RSP");
_Static_assert(__builtin_offsetof(struct vmcb, s.rax) == 0x5f8, "RAX");
_Static_assert(__builtin_offsetof(struct vmcb, s.cr2) == 0x640, "CR2");
_Static_assert(__builtin_offsetof(struct vmcb, s.g_pat) == 0x668, "G_PAT");

/* Intercept vector 3 (icpt_misc1), APM table B-1 offset 0x0c. */
#define ICPT_INTR      BIT(0)
#define ICPT_NMI       BIT(1)
#define ICPT_SMI       BIT(2)
#define ICPT_INIT      BIT(3)
#define ICPT_CPUID     BIT(18)
#define ICPT_INVD      BIT(22)
#define ICPT_HLT       BIT(24)
#define ICPT_INVLPGA   BIT(26)
#define ICPT_IOIO      BIT(27)
#define ICPT_MSR       BIT(28)
#define ICPT_TASKSW    BIT(29)
#define ICPT_SHUTDOWN  BIT(31)
/* Intercept vector 4 (icpt_misc2), offset 0x10. */
#define ICPT_VMRUN     BIT(0)
#define ICPT_VMMCALL   BIT(1)
#define ICPT_VMLOAD    BIT(2)
#define ICPT_VMSAVE    BIT(3)
#define ICPT_STGI      BIT(4)
#define ICPT_CLGI      BIT(5)
#define ICPT_SKINIT    BIT(6)
#define ICPT_MONITOR   BIT(10)
#define ICPT_MWAIT     BIT(11)
#define ICPT_MWAIT_C   BIT(12)

/* EXITCODE values, APM appendix C. */
#define VMEXIT_EXC_BASE  0x040
#define VMEXIT_INTR      0x060
#define VMEXIT_NMI       0x061
#define VMEXIT_SMI       0x062
#define VMEXIT_INIT      0x063
#define VMEXIT_CPUID     0x072
#define VMEXIT_INVD      0x076
#define VMEXIT_HLT       0x078
#define VMEXIT_INVLPGA   0x07a
#define VMEXIT_IOIO      0x07b
#define VMEXIT_MSR       0x07c
#define VMEXIT_TASKSW    0x07d
#define VMEXIT_SHUTDOWN  0x07f
#define VMEXIT_VMRUN     0x080
#define VMEXIT_VMMCALL   0x081
#define VMEXIT_VMLOAD    0x082
#define VMEXIT_VMSAVE    0x083
#define VMEXIT_STGI      0x084
#define VMEXIT_CLGI      0x085
#define VMEXIT_SKINIT    0x086
#define VMEXIT_MONITOR   0x08a
#define VMEXIT_MWAIT     0x08b
#define VMEXIT_MWAIT_C   0x08c
#define VMEXIT_NPF       0x400
/* VMRUN with an illegal guest state: -1, but QEMU reports it as
 * 0x00000000ffffffff, so only the low 32 bits are compared. */
#define VMEXIT_INVALID_LO 0xffffffffu

/* EVENTINJ / EXITINTINFO (APM 15.20): vector[7:0] type[10:8] EV[11] V[31] err[63:32]. */
#define EVENT_VALID    BIT(31)
#define EVENT_ERR      BIT(11)
#define EVENT_TYPE_EXC (3u << 8)

/* IOIO EXITINFO1 (APM 15.10.2). */
#define IOIO_IN        BIT(0)
#define IOIO_STR       BIT(2)
#define IOIO_REP       BIT(3)
#define IOIO_SZ_SHIFT  4 /* bits 6:4: SZ8, SZ16, SZ32 one-hot */
#define IOIO_PORT_SHIFT 16

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The riscv64 trap frame: guest registers saved by trap.S, and where the
 * hypervisor's own stack and per-CPU pointer (tp) are. The offsets are
 * checked against the struct at compile time.
 */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

#define FRAME_X(n)     ((n) * 8)
#define FRAME_SEPC     256
#define FRAME_SSTATUS  264
#define FRAME_HSTATUS  272
#define FRAME_HV_SP    280
#define FRAME_HV_TP    288
#define FRAME_SIZE     296

#ifndef __ASSEMBLY__
#include <stdint.h>

struct rv_frame {
	uint64_t x[32]; /* x[0] unused */
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t hstatus;
	uint64_t hv_sp;
	uint64_t hv_tp;
};
_Static_assert(__builtin_offsetof(struct rv_frame, sepc) == FRAME_SEPC, "frame");
_Static_assert(__builtin_offsetof(struct rv_frame, hv_tp) == FRAME_HV_TP, "frame");
_Static_assert(sizeof(struct rv_frame) == FRAME_SIZE, "frame");
#endif

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical CPUs: one `struct cpu` per CPU of the board, found one way
 * (cpu_this(), which the arch answers from a per-CPU register set up in
 * arch_cpu_init()). `index` is the CPU's position in the board's CPU list
 * (vmcfg_board.cpu_hwids), `hwid` the neutral hardware CPU id
 * (hv/arch/cpu.h says what it is per arch). Compare Bao's `struct cpu`
 * (src/core/inc/cpu.h) with its `struct cpu_arch`.
 */
#ifndef HV_CPU_H
#define HV_CPU_H

#include <hv/types.h>
#include <hv/arch/cpu.h>
#include <arch/types.h> /* struct cpu_arch (per arch, opaque to core) */
#include <config.h>     /* AXVM_CPU_NUM */

struct vcpu;

struct cpu {
	uint32_t index;     /* position in vmcfg_board.cpu_hwids */
	uint64_t hwid;      /* vmcfg_board.cpu_hwids[index] */
	struct vcpu *vcpu;  /* the vCPU pinned here for life, or NULL */
	struct cpu_arch arch;
};

/** Every physical CPU of the board, by index (core/cpu.c). */
extern struct cpu cpus[AXVM_CPU_NUM];

/** The calling CPU's structure. */
static inline struct cpu *cpu_this(void)
{
	return arch_cpu_this();
}

/** The index of the board CPU with hardware id `hwid`, or -1 if none. */
int32_t cpu_index_of_hwid(uint64_t hwid);

#endif /* HV_CPU_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* aarch64-internal vCPU register access (vcpu.c; host model: fake/vcpu.c). */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <hv/types.h>

struct vcpu;

/** Read general register n (31 reads as zero). */
uint64_t arch_vcpu_reg(const struct vcpu *vcpu, unsigned n);
/** Write general register n (31 is ignored). */
void arch_vcpu_set_reg(struct vcpu *vcpu, unsigned n, uint64_t val);
/** Skip the trapped instruction (4 bytes, AArch64). */
void arch_vcpu_skip(struct vcpu *vcpu);
/** Pass a raw SMCCC call to the firmware; returns x0. */
uint64_t arch_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif

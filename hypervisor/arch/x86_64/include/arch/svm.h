/* SPDX-License-Identifier: Apache-2.0 */
/* AMD SVM on the neutral core (svm_core.c, vcpu.c). */
#ifndef ARCH_SVM_H
#define ARCH_SVM_H

#include <hv/types.h>
#include <arch/vmcb.h>

struct cpu;
struct vcpu;

/** Per-CPU SVM enable: EFER.SVME, VM_HSAVE_PA, the host's VMSAVE area. */
void svm_cpu_init(struct cpu *c);
/** VMCB of a vCPU at reset: intercepts, NPT root, 32-bit flat entry at `entry`. */
void svm_vmcb_reset(struct vcpu *v, uint64_t entry);
/** One guest run (svm_run.S). */
void svm_vmrun(uint64_t *gpr, uint64_t vmcb_pa, uint64_t host_save_pa);
/** Inject exception `vec` (with error code `err` if has_err) at the next VMRUN. */
void svm_inject_exc(struct vcpu *v, unsigned vec, bool has_err, uint32_t err);
/** Step the guest RIP over the intercepted instruction (decoded: no NRIPS). */
bool svm_skip_insn(struct vcpu *v);
/** CPUID exit: the host's answer minus SVM/MONITOR/x2APIC, plus the hypervisor bit. */
void svm_emulate_cpuid(struct vcpu *v);
/** MSR exit (no MSRPM pass-through): EFER emulated, anything else #GP. */
void svm_emulate_msr(struct vcpu *v);

#define EXC_UD 6
#define EXC_GP 13

#endif

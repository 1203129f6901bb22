/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMs and vCPUs. Every VM and vCPU is a static object sized by the generated
 * config.h (AXVM_VM_NUM, AXVM_MAX_VCPUS, ...): nothing is allocated at run
 * time. Module state is embedded by value (vGIC, console, arch state).
 *
 * Owner: core (hypervisor/core/vm.c). Modules add their per-VM / per-vCPU
 * state here by value and reach it through the vcpu/vm pointer.
 */
#ifndef HV_VM_H
#define HV_VM_H

#include <hv/types.h>
#include <hv/emul.h>
#include <hv/vmconfig.h>
#include <arch/types.h> /* struct vcpu_arch, struct vm_arch (per arch) */
#include <config.h>     /* generated sizing: AXVM_* */

enum vcpu_state {
	VCPU_OFF = 0,   /* not started (PSCI CPU_ON not yet called) */
	VCPU_ON_PENDING,/* CPU_ON accepted, not yet entered */
	VCPU_RUNNING,
	VCPU_STOPPED,   /* its VM was stopped or powered off */
};

enum vm_state {
	VM_STATE_OFF = 0,
	VM_STATE_RUNNING,
	VM_STATE_RESETTING,
	VM_STATE_STOPPED, /* halted after a fatal guest error or a bad image */
};

struct vm;

struct vcpu {
	struct vm *vm;
	uint32_t id;     /* index within its VM */
	uint32_t pcpu;   /* physical CPU index it is pinned to */
	uint64_t vmpidr; /* MPIDR the guest sees */
	enum vcpu_state state;
	struct vcpu_arch arch;
};

struct vm {
	const struct vmcfg_vm *cfg;
	uint32_t index; /* position in vmcfg_vms[] */
	enum vm_state state;
	struct vcpu vcpus[AXVM_MAX_VCPUS];
	uint32_t emu_num;
	struct emul_dev emus[AXVM_MAX_EMU_DEVS];
	struct vm_arch arch;
};

#endif /* HV_VM_H */

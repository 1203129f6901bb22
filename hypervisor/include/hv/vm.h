/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMs and vCPUs. Every VM and vCPU is a static object sized by the generated
 * config.h (AXVM_VM_NUM, AXVM_MAX_VCPUS, ...): nothing is allocated at run
 * time. Arch state (registers, irqchip, timer, debug) is embedded by value
 * and opaque to core (Bao's struct vcpu { ...; struct vcpu_arch arch; }).
 *
 * Owner: core (hypervisor/core/vm.c). Modules add their per-VM / per-vCPU
 * state here by value and reach it through the vcpu/vm pointer.
 */
#ifndef HV_VM_H
#define HV_VM_H

#include <hv/types.h>
#include <hv/emul.h>
#include <hv/pgtable.h>
#include <hv/spinlock.h>
#include <hv/vmconfig.h>
#include <arch/types.h> /* struct vcpu_arch, struct vm_arch (per arch) */
#include <config.h>     /* generated sizing: AXVM_* */

enum vcpu_state {
	VCPU_OFF = 0,   /* not started (no power_vcpu_start yet) */
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
	uint64_t hwid;   /* hardware CPU id the guest sees (hv/arch/cpu.h) */
	enum vcpu_state state; /* change with __atomic builtins: other CPUs read it */
	uint64_t boot_entry; /* pc and first argument for the next start */
	uint64_t boot_arg;
	uint32_t faults;      /* guest faults logged since its last start (log limit) */
	uint32_t calls;       /* unsupported firmware calls logged (own limit) */
	bool in_guest;       /* between entry and the next trap (vm_halt_vcpus waits on it) */
	/* Last emulated device this vCPU hit (core/emul.c): only this vCPU
	 * reads or writes it, so no lock; NULL after every start. */
	struct emul_dev *emul_last;
	struct vcpu_arch arch;
};

struct vm {
	const struct vmcfg_vm *cfg;
	uint32_t index; /* position in vmcfg_vms[] */
	enum vm_state state;
	uint32_t boots;  /* how many times it was started (reset count + 1) */
	spinlock_t power_lock; /* serialises vCPU starts of this VM (core/power.c) */
	uint32_t request; /* enum vm_request from the console, run on vCPU 0's CPU */
	struct vcpu vcpus[AXVM_MAX_VCPUS];
	uint32_t emu_num;
	struct emul_dev emus[AXVM_MAX_EMU_DEVS];
	struct pgtable s2;
	struct vm_arch arch;
};

/* What the console asks of a VM (vm_request()). */
enum vm_request {
	VM_REQ_NONE = 0,
	VM_REQ_RESTART, /* any state but resetting: pristine images, vCPU 0 */
	VM_REQ_OFF,     /* running: power off (the machine too if it was the last) */
	VM_REQ_START,   /* off or stopped: start again like a reset */
};

/** All VMs, in vmcfg_vms[] order (core/vm.c). */
extern struct vm vms[];

/** Build every VM from the generated tables (stage 2, devices, images). */
void vm_init_all(void);
/** Build one VM: stage 2 from regions + mmios, emulated devices. */
enum hv_err vm_build(struct vm *vm, const struct vmcfg_vm *cfg, uint32_t index,
		     struct page_pool *pool);
/**
 * Check the SHA-256 of the VM's pristine images, then (if `clear`) zero its
 * RAM and copy the images in. First boot does not clear: RAM holds what
 * the firmware left, as on bare metal; a reset clears so nothing of the
 * previous run survives.
 */
enum hv_err vm_load_images(struct vm *vm, bool clear);
/** Make vCPU 0 ready to run at the configured entry; others off. */
void vm_arm_boot_vcpu(struct vm *vm);
/** Power the VM off (its vCPUs stop); true if no VM is left running. */
bool vm_power_off(struct vm *vm);
/** Stop a VM after a fatal guest error (logged by the caller); true if none is left running. */
bool vm_stop(struct vm *vm);
/** Reset: stop, reload pristine images, restart vCPU 0. */
void vm_reset(struct vm *vm);
/**
 * Ask VM `vm` to restart, power off or start; it is done on its vCPU 0's
 * own CPU (vm_request_run()), which is kicked. HV_ERR_EXISTS: START of a
 * VM that runs; HV_ERR_DENIED: OFF of a VM that does not run, or RESTART
 * while resetting; HV_ERR_BUSY: an earlier request is still waiting.
 */
enum hv_err vm_request(struct vm *vm, enum vm_request req);
/** On vCPU `v`'s own CPU: run its VM's pending request (vCPU 0 only). */
void vm_request_run(struct vcpu *v);
/** Number of VMs still running or resetting. */
uint32_t vm_live_count(void);
/** The vCPU pinned to physical CPU `pcpu`, or NULL. */
struct vcpu *vm_vcpu_of_pcpu(uint32_t pcpu);
/** The vCPU of `vm` whose hardware id is `hwid`, or NULL. */
struct vcpu *vm_vcpu_by_hwid(struct vm *vm, uint64_t hwid);
/** True if [ipa, ipa+4) is in one of the VM's executable RAM regions. */
bool vm_ipa_executable(const struct vm *vm, uint64_t ipa);
/** Emulated device owning `ipa`, or NULL. */
struct emul_dev *vm_find_emul(struct vm *vm, uint64_t ipa);

/** Atomic vCPU state helpers (other CPUs poll the state). */
static inline enum vcpu_state vcpu_state_get(const struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
}

static inline void vcpu_state_set(struct vcpu *v, enum vcpu_state s)
{
	__atomic_store_n(&v->state, s, __ATOMIC_RELEASE);
}

/*
 * Trap bookkeeping for vm_halt_vcpus(): a CPU marks its vCPU in the guest
 * *before* it checks the state on the way back in, and another CPU sets
 * STOPPED *before* it reads in_guest (both sequentially consistent), so
 * one of the two always sees the other.
 */
static inline void vcpu_mark_out(struct vcpu *v)
{
	__atomic_store_n(&v->in_guest, false, __ATOMIC_SEQ_CST);
}

/** True if the vCPU may enter its guest (it is marked in_guest then). */
static inline bool vcpu_mark_in(struct vcpu *v)
{
	__atomic_store_n(&v->in_guest, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->state, __ATOMIC_SEQ_CST) == VCPU_RUNNING)
		return true;
	vcpu_mark_out(v);
	return false;
}

#endif /* HV_VM_H */

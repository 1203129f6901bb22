/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VM of the standalone riscv64 build (before the neutral core lands):
 * one guest image bound into the firmware (guest_image.S), its RAM region
 * and vCPU count from the build (arch.mk), vCPU i pinned to hart i. vCPU
 * start/stop/park and VM off/reset live here; vpower.c is the SBI front-end.
 */
#include "standalone.h"
#include <hv/log.h>
#include <hv/string.h>

#ifndef RV_VM_NAME
#define RV_VM_NAME "hello"
#endif
#ifndef RV_VM_VCPUS
#define RV_VM_VCPUS 1
#endif
#ifndef RV_VM_GPA
#define RV_VM_GPA 0x80000000ULL
#endif
#ifndef RV_VM_HPA
#define RV_VM_HPA 0x90000000ULL
#endif
#ifndef RV_VM_SIZE
#define RV_VM_SIZE 0x4000000ULL
#endif
_Static_assert(RV_VM_VCPUS >= 1 && RV_VM_VCPUS <= RV_MAX_VCPUS, "vCPU count");

extern const uint8_t rv_guest_image[], rv_guest_image_end[];

static struct rv_vm the_vm;
static uint32_t vms_running;
/* VM ids start at 1: VMID 0 is left to the hypervisor (never a guest). */
static uint32_t next_vmid = 1;

struct rv_vm *vm_of_hart(uint32_t hartid, struct rv_vcpu **vcpu)
{
	for (uint32_t i = 0; i < the_vm.nvcpus; i++) {
		if (the_vm.vcpus[i].phart == hartid) {
			*vcpu = &the_vm.vcpus[i];
			return &the_vm;
		}
	}
	*vcpu = NULL;
	return NULL;
}

bool vm_gpa_to_hva(struct rv_vm *vm, uint64_t gpa, uint64_t len, uint8_t **hva)
{
	if (gpa < vm->gpa_base || len > vm->size || gpa - vm->gpa_base > vm->size - len)
		return false;
	*hva = (uint8_t *)(uintptr_t)(vm->hpa_base + (gpa - vm->gpa_base));
	return true;
}

/*
 * The last page of the VM's RAM survives a VM reset (zeroed at power-on
 * only): the standalone build's stand-in for a DEVICE-flagged region that
 * a config would give the resetter guest as NVRAM.
 */
#define RV_VM_NVRAM_SIZE 0x1000ULL

/* Pristine image at the start of RAM, the rest zeroed (a fresh boot). */
static void vm_load(struct rv_vm *vm, bool power_on)
{
	uint8_t *ram = (uint8_t *)(uintptr_t)vm->hpa_base;
	uint64_t keep = power_on ? 0 : RV_VM_NVRAM_SIZE;

	memcpy(ram, vm->image, vm->image_size);
	memset(ram + vm->image_size, 0, vm->size - vm->image_size - keep);
	__asm__ volatile("fence.i" : : : "memory");
}

/* vCPU 0 starts at the image's first byte, a0 = hart id, a1 = DTB (none yet). */
static void vm_arm_boot_vcpu(struct rv_vm *vm)
{
	struct rv_vcpu *v0 = &vm->vcpus[0];

	v0->start_pc = vm->gpa_base;
	v0->start_arg = 0;
	__atomic_store_n(&v0->state, VCPU_START_PENDING, __ATOMIC_RELEASE);
}

void vm_boot_all(void)
{
	struct rv_vm *vm = &the_vm;
	enum hv_err err;

	vm->name = RV_VM_NAME;
	vm->vmid = next_vmid++;
	vm->gpa_base = RV_VM_GPA;
	vm->hpa_base = RV_VM_HPA;
	vm->size = RV_VM_SIZE;
	vm->image = rv_guest_image;
	vm->image_size = (uint64_t)(rv_guest_image_end - rv_guest_image);
	vm->nvcpus = RV_VM_VCPUS;
	for (uint32_t i = 0; i < vm->nvcpus; i++) {
		vm->vcpus[i].vm = vm;
		vm->vcpus[i].vhart = i;
		vm->vcpus[i].phart = i;
		vm->vcpus[i].state = VCPU_STOPPED;
	}
	if (vm->image_size > vm->size - RV_VM_NVRAM_SIZE)
		hv_panic("VM %s: image larger than its RAM", vm->name);
	err = gstage_build(vm);
	if (err)
		hv_panic("VM %s: G-stage: %s", vm->name, hv_strerror(err));
	vm_load(vm, true);
	hv_log("VM %s: %u vCPU(s), RAM GPA 0x%lx+0x%lx at 0x%lx, image %lu bytes", vm->name,
	       vm->nvcpus, vm->gpa_base, vm->size, vm->hpa_base, vm->image_size);
	vms_running = 1;
	vm_arm_boot_vcpu(vm);
}

/*
 * Enter VS-mode at the vCPU's start address (privileged spec 8.6.4: sret
 * with hstatus.SPV = 1 and sstatus.SPP = 1 lands in VS-mode). The guest's
 * VS CSRs start clean: no translation (vsatp = 0), no interrupts.
 */
void vcpu_enter(struct rv_vcpu *v)
{
	struct rv_pcpu *pc = this_pcpu();
	struct rv_frame *f = &v->frame;

	memset(f->x, 0, sizeof(f->x));
	f->x[10] = v->vhart;
	f->x[11] = v->start_arg;
	f->sepc = v->start_pc;
	f->sstatus = (csr_read(CSR_SSTATUS) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_FS)) |
		     SSTATUS_SPP | (1ULL << 13) /* FS = Initial: VS may use FP */;
	f->hstatus = csr_read(CSR_HSTATUS) | HSTATUS_SPV | HSTATUS_SPVP;
	f->hv_sp = pc->stack_top;
	f->hv_tp = (uint64_t)(uintptr_t)pc;
	csr_write(CSR_VSSTATUS, 0);
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSEPC, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HVIP, 0);
	__atomic_store_n(&v->pending_vsip, 0, __ATOMIC_RELAXED);
	if (rv_has_sstc)
		csr_write(CSR_VSTIMECMP, ~0ULL);
	csr_write(CSR_HGATP, HGATP_MODE_SV39X4 | ((uint64_t)v->vm->vmid << HGATP_VMID_SHIFT) |
		  ((uint64_t)(uintptr_t)v->vm->groot >> 12));
	hfence_gvma_all();
	hfence_vvma_all();
	pc->vcpu = v;
	rv_guest_resume(f);
}

/*
 * The calling hart's vCPU is not running (stopped, or its VM is off or
 * resetting): wait for a start request (an IPI wakes us; sip.SSIE is
 * enabled so WFI returns although sstatus.SIE is 0, privileged spec 4.1.3).
 */
void vcpu_park(struct rv_pcpu *pc)
{
	struct rv_vcpu *v;

	vm_of_hart(pc->hartid, &v);
	csr_write(CSR_HVIP, 0);
	if (v) {
		uint32_t started = VCPU_STARTED;

		__atomic_compare_exchange_n(&v->state, &started, VCPU_STOPPED, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
	}
	for (;;) {
		uint32_t pending = VCPU_START_PENDING;

		csr_clear(CSR_SIP, 1ULL << IRQ_S_SOFT);
		if (v && !__atomic_load_n(&v->vm->stopping, __ATOMIC_ACQUIRE) &&
		    __atomic_compare_exchange_n(&v->state, &pending, VCPU_STARTED, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			vcpu_enter(v);
		__asm__ volatile("wfi");
	}
}

/* Kick every vCPU of the VM but the caller's out of the guest (SBI IPI). */
static void vm_kick_others(struct rv_vm *vm)
{
	uint32_t me = this_pcpu()->hartid;

	for (uint32_t i = 0; i < vm->nvcpus; i++)
		if (vm->vcpus[i].phart != me)
			sbi_send_ipi_one(vm->vcpus[i].phart);
}

void vm_stop(struct rv_vm *vm, const char *why)
{
	if (__atomic_exchange_n(&vm->stopping, 1, __ATOMIC_ACQ_REL))
		return;
	hv_log("VM %s off (%s)", vm->name, why);
	vm_kick_others(vm);
	if (__atomic_sub_fetch(&vms_running, 1, __ATOMIC_ACQ_REL) == 0) {
		hv_log("last VM off: powering off the machine");
		sbi_system_off();
	}
}

/* Wait (bounded by their next trap: we kicked them) for the others to park. */
static void vm_wait_parked(struct rv_vm *vm, struct rv_vcpu *self)
{
	for (uint32_t i = 0; i < vm->nvcpus; i++) {
		struct rv_vcpu *o = &vm->vcpus[i];

		if (o == self)
			continue;
		while (__atomic_load_n(&o->state, __ATOMIC_ACQUIRE) == VCPU_STARTED)
			;
		__atomic_store_n(&o->state, VCPU_STOPPED, __ATOMIC_RELEASE);
	}
}

/* Reboot the VM alone (SRST reboot): pristine image, vCPU 0 from the top. */
void vm_reset(struct rv_vm *vm, struct rv_vcpu *self)
{
	hv_log("VM %s reset", vm->name);
	__atomic_store_n(&self->state, VCPU_STOPPED, __ATOMIC_RELEASE);
	__atomic_store_n(&vm->stopping, 1, __ATOMIC_RELEASE);
	vm_kick_others(vm);
	vm_wait_parked(vm, self);
	vm_load(vm, false);
	vm_arm_boot_vcpu(vm);
	__atomic_store_n(&vm->stopping, 0, __ATOMIC_RELEASE);
	if (vm->vcpus[0].phart != self->phart)
		sbi_send_ipi_one(vm->vcpus[0].phart);
}

/* A start request being filled in (never reported: reads as pending). */
#define VCPU_CLAIMED 0xff

/* POWER_CPU_ON: hwid is the guest's hart id, i.e. the vCPU number. */
static enum hv_err power_cpu_on(struct rv_vm *vm, struct power_req *req)
{
	uint32_t stopped = VCPU_STOPPED;
	struct rv_vcpu *t;
	uint8_t *unused;

	if (req->hwid >= vm->nvcpus)
		return HV_ERR_NOTFOUND;
	if (!vm_gpa_to_hva(vm, req->entry, 2, &unused))
		return HV_ERR_RANGE;
	t = &vm->vcpus[req->hwid];
	if (!__atomic_compare_exchange_n(&t->state, &stopped, VCPU_CLAIMED, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return stopped == VCPU_STARTED ? HV_ERR_EXISTS : HV_ERR_BUSY;
	t->start_pc = req->entry;
	t->start_arg = req->ctx;
	__atomic_store_n(&t->state, VCPU_START_PENDING, __ATOMIC_RELEASE);
	sbi_send_ipi_one(t->phart);
	return HV_OK;
}

static enum hv_err power_cpu_status(struct rv_vm *vm, struct power_req *req)
{
	uint32_t s;

	if (req->hwid >= vm->nvcpus)
		return HV_ERR_NOTFOUND;
	s = __atomic_load_n(&vm->vcpus[req->hwid].state, __ATOMIC_ACQUIRE);
	req->status = s == VCPU_STARTED ? POWER_STATUS_ON :
		      s == VCPU_STOPPED ? POWER_STATUS_OFF : POWER_STATUS_ON_PENDING;
	return HV_OK;
}

enum hv_err rv_power_handle(struct rv_vcpu *v, struct power_req *req)
{
	switch (req->op) {
	case POWER_CPU_ON:
		return power_cpu_on(v->vm, req);
	case POWER_CPU_OFF:
		__atomic_store_n(&v->state, VCPU_STOPPED, __ATOMIC_RELEASE);
		return HV_OK;
	case POWER_CPU_STATUS:
		return power_cpu_status(v->vm, req);
	case POWER_VM_OFF:
		vm_stop(v->vm, "SBI SRST shutdown");
		return HV_OK;
	case POWER_VM_RESET:
		vm_reset(v->vm, v);
		return HV_OK;
	}
	return HV_ERR_INVAL;
}

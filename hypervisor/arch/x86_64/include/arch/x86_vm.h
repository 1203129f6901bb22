/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 VMs and vCPUs while the architecture-neutral core (issue 9) is
 * being built: one statically described VM per physical CPU, run by the
 * SVM loop (svm.c). The description comes from vmdesc.c.
 */
#ifndef ARCH_X86_VM_H
#define ARCH_X86_VM_H

#include <hv/contract.h>
#include <hv/pgtable.h>
#include <arch/contract.h>
#include <hv/types.h>
#include <arch/vmcb.h>

/* Guest general-purpose registers in x86 encoding order (APM vol. 3,
 * table 1-3): RAX and RSP live in the VMCB and are copied here on exit. */
enum { GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI, GPR_N = 16 };

/* One VM as axvmconfig describes it (generated/<board>/config.c). */
struct x86_vm_region {
	uint64_t gpa, hpa, size;
	uint32_t flags;        /* AXV_MEM_FLAG_* */
};

struct x86_port_range {
	uint32_t base, count;
};

struct x86_vm_desc {
	const char *name;
	uint32_t id;
	uint32_t pcpu;         /* board CPU index the one vCPU runs on */
	const uint8_t *image;  /* bound into the hypervisor image */
	const uint8_t *image_end;
	uint64_t load_gpa, entry_gpa;
	uint32_t region_num;
	struct x86_vm_region regions[AXV_ARCH_MAX_VM_REGIONS];
	uint32_t port_num;     /* I/O-port ranges passed through (IOPM bits clear) */
	struct x86_port_range ports[AXV_ARCH_MAX_VM_PORT_RANGES];
};

struct x86_vm {
	const struct x86_vm_desc *desc;
	struct pgtable npt;    /* nested page tables; npt.root is the PML4 (N_CR3) */
	uint8_t *iopm, *msrpm;
	bool off;
	uint32_t refusals;     /* guest accesses refused (logged up to a limit) */
};

struct x86_vcpu {
	uint64_t gpr[GPR_N];   /* svm_run.S saves/loads these (offset 0) */
	struct vmcb *vmcb;
	struct x86_vm *vm;
	uint64_t guest_efer;   /* EFER as the guest wrote it (SVME hidden) */
	uint64_t exits;
};

/** Build the VM's nested page tables, permission maps and load its image. */
enum hv_err x86_vm_create(struct x86_vm *vm, const struct x86_vm_desc *d);
/** Host pointer to guest-physical [gpa, gpa + len) if it is RAM of this VM, else NULL. */
void *x86_vm_gpa_ptr(const struct x86_vm *vm, uint64_t gpa, uint64_t len);
/** Stop the VM (logged with `why`). */
void x86_vm_stop(struct x86_vm *vm, const char *why);
/** Log one refused guest access (the first 64 of a VM, then a single note). */
void x86_vm_refused(struct x86_vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Per-CPU SVM enable: EFER.SVME, VM_HSAVE_PA, host VMSAVE area. */
void svm_cpu_init(uint32_t idx);
/** Set up the VMCB for the VM's boot vCPU (32-bit flat protected mode entry). */
void svm_vcpu_init(struct x86_vcpu *v, struct x86_vm *vm);
/** Run the vCPU until its VM stops. */
void svm_vcpu_run(struct x86_vcpu *v, uint32_t idx);

/** Guest port I/O exit: emulate it; false if the VM must stop. */
bool vio_handle(struct x86_vcpu *v, uint16_t port, unsigned size, bool in);

/** The VM table and the board's CPUs (generated/<board>/config.c, by axvmconfig). */
extern const struct x86_vm_desc x86_vm_descs[];
extern const unsigned x86_vm_count;
extern const uint32_t x86_board_apic_ids[];
extern const unsigned x86_board_cpu_count;

#endif

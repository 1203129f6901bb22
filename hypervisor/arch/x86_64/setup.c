/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 bring-up after boot.S: console, descriptor tables, local APIC,
 * SVM on every CPU, the APs started with INIT-SIPI-SIPI, then the VMs
 * (one per CPU) run; the machine powers off when the last VM is off.
 */
#include <hv/arch/cpu.h>
#include <hv/log.h>
#include <hv/uart.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <arch/x86_cpu.h>
#include <arch/x86_vm.h>

#define MB_BOOTLOADER_MAGIC 0x2badb002u

extern uint32_t x86_mb_magic, x86_mb_info;
static struct x86_vm vms[AXV_ARCH_MAX_VMS];
static struct vmcb vmcbs[AXV_ARCH_MAX_VMS] __attribute__((aligned(4096)));
static struct x86_vcpu vcpus[AXV_ARCH_MAX_VMS];
static volatile uint32_t vms_running;

void x86_cpu_entry(uint32_t idx);

void arch_cpu_wait(void)
{
	__asm__ volatile("pause");
}

static void run_vms_of(uint32_t idx)
{
	for (unsigned i = 0; i < x86_vm_count; i++) {
		const struct x86_vm_desc *d = &x86_vm_descs[i];
		struct x86_vcpu *v = &vcpus[i];

		if (d->pcpu != idx)
			continue;
		v->vmcb = &vmcbs[i];
		svm_vcpu_init(v, &vms[i]);
		hv_log("cpu %u: vm %u %s starts at %#llx", idx, d->id, d->name,
		       (unsigned long long)d->entry_gpa);
		svm_vcpu_run(v, idx);
		hv_log("vm %u %s: %llu exits", d->id, d->name, (unsigned long long)v->exits);
		if (__atomic_sub_fetch(&vms_running, 1, __ATOMIC_ACQ_REL) == 0) {
			hv_log("all VMs are off: powering off the machine");
			x86_machine_off();
		}
	}
}

static void vms_create(void)
{
	if (x86_vm_count > AXV_ARCH_MAX_VMS)
		hv_panic("%u VMs, at most %u", x86_vm_count, AXV_ARCH_MAX_VMS);
	for (unsigned i = 0; i < x86_vm_count; i++) {
		enum hv_err err = x86_vm_create(&vms[i], &x86_vm_descs[i]);

		if (err)
			hv_panic("vm %s: %s", x86_vm_descs[i].name, hv_strerror(err));
	}
	vms_running = x86_vm_count;
}

static void start_aps(void)
{
	for (uint32_t i = 1; i < x86_board_cpu_count && i < HV_MAX_CPUS; i++)
		if (!apic_start_ap(i, x86_board_apic_ids[i]))
			hv_log("cpu %u (APIC id %u) did not come up", i, x86_board_apic_ids[i]);
}

/* Multiboot information (spec 3.3): flags bit 6 = mmap_length/mmap_addr
 * valid, entries of {size, base, length, type} (type 1 = RAM). Logged so
 * the board description can be checked against what the firmware saw. */
static void log_memory_map(const uint8_t *mbi)
{
	uint32_t len, addr;

	if (x86_mb_magic != MB_BOOTLOADER_MAGIC || !(*(const uint32_t *)mbi & BIT(6)))
		return;
	len = *(const uint32_t *)(mbi + 44);
	addr = *(const uint32_t *)(mbi + 48);
	for (uint32_t off = 0; off < len;) {
		const uint8_t *e = (const uint8_t *)(uintptr_t)(addr + off);
		uint64_t base = *(const uint64_t *)(e + 4), size = *(const uint64_t *)(e + 12);

		hv_log("e820: %#llx-%#llx type %u", (unsigned long long)base,
		       (unsigned long long)(base + size - 1), *(const uint32_t *)(e + 20));
		off += *(const uint32_t *)e + 4;
	}
}

static void bsp_main(void)
{
	uart_init(0x3f8);
	log_panic_write("\n", 1); /* SeaBIOS leaves the cursor after its own text */
	hv_log("AxVisor x86_64 (AMD SVM), multiboot magic %#x", x86_mb_magic);
	if (x86_mb_magic != MB_BOOTLOADER_MAGIC)
		hv_log("not started by a Multiboot loader");
	log_memory_map((const uint8_t *)(uintptr_t)x86_mb_info);
	x86_cpu_tables_init(0);
	pic_mask_all();
	apic_init();
	svm_cpu_init(0);
	hv_log("cpu 0 (APIC id %u): SVM on", apic_id());
	vms_create();
	start_aps();
	run_vms_of(0);
}

void x86_cpu_entry(uint32_t idx)
{
	if (idx == 0)
		bsp_main();
	else {
		x86_cpu_tables_init(idx);
		apic_init();
		svm_cpu_init(idx);
		hv_log("cpu %u (APIC id %u): SVM on", idx, apic_id());
		x86_ap_online(idx);
		run_vms_of(idx);
	}
	for (;;)
		__asm__ volatile("cli; hlt");
}

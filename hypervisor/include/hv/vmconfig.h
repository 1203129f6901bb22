/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The contract between axvmconfig and the hypervisor.
 *
 * axvmconfig writes generated/<board>/config.c, which defines the objects
 * declared at the bottom of this file as `const` data with designated
 * initializers, and generated/<board>/config.h, which #defines the sizing
 * constants (AXVM_*). The hypervisor never parses anything at run time: every
 * address, size, CPU and interrupt assignment below was checked by
 * axvmconfig before the firmware was linked.
 *
 * Changing a struct here means changing tools/axvmconfig/templates/ too.
 */
#ifndef HV_VMCONFIG_H
#define HV_VMCONFIG_H

#include <stdint.h>
#include <hv/contract.h>
#include <arch/vmconfig.h> /* struct vmcfg_board_arch, vmcfg_vm_arch */

/* Memory-region map types, AxVisor's values. */
enum vmcfg_map_type {
	VMCFG_MAP_ALLOC = 0,     /* axvmconfig chose `pa` from free RAM */
	VMCFG_MAP_IDENTICAL = 1, /* pa == ipa */
	VMCFG_MAP_RESERVED = 2,  /* reserved host memory mapped 1:1 */
};

/* What an image is; decides nothing at run time except the log line. */
enum vmcfg_image_kind {
	VMCFG_IMAGE_KERNEL = 0,
	VMCFG_IMAGE_DTB = 1,
	VMCFG_IMAGE_RAMDISK = 2,
	VMCFG_IMAGE_BIOS = 3,
};

/* AxVisor emu_type values (only those the hypervisor may implement). */
enum vmcfg_emu_type {
	VMCFG_EMU_DUMMY = 0x0,
	VMCFG_EMU_INTC = 0x1,        /* AxVisor InterruptController */
	VMCFG_EMU_CONSOLE = 0x2,
	VMCFG_EMU_IVC = 0xA,
	VMCFG_EMU_GPPT_REDIST = 0x20, /* AxVisor GPPTRedistributor */
	VMCFG_EMU_GPPT_DIST = 0x21,   /* AxVisor GPPTDistributor */
	VMCFG_EMU_GPPT_ITS = 0x22,
};

enum vmcfg_irq_mode {
	VMCFG_IRQ_NONE = 0,
	VMCFG_IRQ_EMULATED = 1,
	VMCFG_IRQ_PASSTHROUGH = 2,
};

enum vmcfg_uart_kind {
	VMCFG_UART_PL011 = 0,
	VMCFG_UART_NS16550 = 1,
};

/* One guest-physical → host-physical RAM mapping. All fields 4 KiB aligned. */
struct vmcfg_mem_region {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	uint32_t flags;    /* AXV_MEM_FLAG_* bits (hv/contract.h) */
	uint32_t map_type; /* enum vmcfg_map_type */
};

/*
 * A guest image. Bound into the firmware (`file` NULL): `start`/`end` are
 * linker symbols of its page-aligned section (generated guests.S/guests.ld)
 * and the hypervisor copies that pristine copy in. On the boot disk
 * (image_location = "fs", `file` its path there): the boot loader put it at
 * `load_ipa` in the VM's own RAM and `start`/`end` are NULL; the hypervisor
 * checks it in place (core/image_fs.c). `size` and `sha256` were computed by
 * axvmconfig; they are checked before every (re)start of the VM.
 */
struct vmcfg_image {
	const uint8_t *start;
	const uint8_t *end;
	const char *file; /* path on the boot disk, NULL if bound in */
	uint64_t size;
	uint64_t load_ipa;
	uint32_t kind; /* enum vmcfg_image_kind */
	uint8_t sha256[32];
};

/* vCPU i of a VM runs on physical CPU `pcpu` (index into board.cpus). */
struct vmcfg_vcpu {
	uint64_t hwid; /* hardware CPU id the guest sees (hv/arch/cpu.h) */
	uint32_t pcpu;
};

/* A passthrough MMIO window, mapped as Device-nGnRE in stage 2. */
struct vmcfg_mmio {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
};

/* An emulated device: trapped MMIO at [ipa, ipa+size). */
struct vmcfg_emu_dev {
	uint64_t ipa;
	uint64_t size;
	uint32_t irq;  /* interrupt the device raises (irqchip number), 0 for none */
	uint32_t type; /* enum vmcfg_emu_type */
	uint32_t cfg_num;
	const uint64_t *cfg;
};

struct vmcfg_vm {
	uint32_t id;
	const char *name;
	uint32_t vm_type;
	uint64_t entry_ipa;
	uint64_t dtb_ipa; /* first argument register at entry */
	uint32_t irq_mode; /* enum vmcfg_irq_mode */
	uint32_t vcpu_num;
	const struct vmcfg_vcpu *vcpus;
	uint32_t region_num;
	const struct vmcfg_mem_region *regions;
	uint32_t image_num;
	const struct vmcfg_image *images;
	uint32_t mmio_num;
	const struct vmcfg_mmio *mmios;
	uint32_t irq_num;
	const uint32_t *irqs; /* passthrough interrupts (shared lines only) */
	uint32_t emu_num;
	const struct vmcfg_emu_dev *emus;
	struct vmcfg_vm_arch arch; /* the arch's / irqchip's part */
};

struct vmcfg_ram_bank {
	uint64_t base;
	uint64_t size;
};

struct vmcfg_board {
	const char *name;
	uint32_t cpu_num;
	const uint64_t *cpu_hwids; /* hardware id of CPU i (hv/arch/cpu.h) */
	uint32_t ram_bank_num;
	const struct vmcfg_ram_bank *ram_banks;
	uint64_t hv_base; /* memory the hypervisor owns: never mapped to a VM */
	uint64_t hv_size;
	uint64_t uart_base;
	uint32_t uart_kind; /* enum vmcfg_uart_kind */
	uint32_t uart_irq;  /* its interrupt (irqchip number) */
	uint64_t timer_freq; /* 0: ask the hardware */
	struct vmcfg_board_arch arch; /* the arch's / irqchip's part */
};

/* Defined by generated/<board>/config.c. */
extern const struct vmcfg_board vmcfg_board;
extern const struct vmcfg_vm vmcfg_vms[];
extern const uint32_t vmcfg_vm_num;

#endif /* HV_VMCONFIG_H */

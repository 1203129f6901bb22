/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared fixture of the vGIC host tests: a 4-CPU board and two VMs.
 *   vm_a "linux": 2 vCPUs (MPIDR 0x0 on pCPU 0, 0x1 on pCPU 1), owns
 *                 passthrough SPIs 33 and 40, virtual SPI 35 (emulated).
 *   vm_b "rtos":  1 vCPU (MPIDR 0x0 on pCPU 2), owns passthrough SPI 48.
 * Both with GICD at 0x0800_0000 and GICR at 0x080a_0000 (their own IPA
 * spaces). Included once per test program.
 */
#ifndef VGIC_FIXTURE_H
#define VGIC_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <hv/arch/irqchip.h>
#include <arch/vgic.h>
#include <hv/vm.h>
#include <arch/fake_gic.h>
#include <arch/gic.h>
#include <arch/vgic_hw.h>

#define GICD 0x08000000ULL
#define GICR 0x080a0000ULL
#define SGI_BASE 0x10000ULL
#define STRIDE 0x20000ULL

static const uint64_t board_mpidrs[] = {0x0, 0x1, 0x2, 0x3};
const struct vmcfg_board vmcfg_board = {
	.name = "test", .cpu_num = 4, .cpu_hwids = board_mpidrs,
	.arch = {.gic_version = 3, .gicd_base = GICD, .gicr_base = GICR,
		 .gicr_stride = STRIDE, .gic_spi_num = 256, .maint_irq = 25},
};

static const struct vmcfg_vcpu vcpus_a[] = {{0x0, 0}, {0x1, 1}};
static const struct vmcfg_vcpu vcpus_b[] = {{0x0, 2}};
static const uint32_t irqs_a[] = {33, 40};
static const uint32_t irqs_b[] = {48};
static const struct vmcfg_emu_dev emus_a[] = {
	{.ipa = 0x09000000, .size = 0x1000, .irq = 35, .type = 0x2}};

const struct vmcfg_vm vmcfg_vms[] = {
	{.id = 1, .name = "linux", .irq_mode = VMCFG_IRQ_PASSTHROUGH,
	 .arch = {.vgicd_ipa = GICD, .vgicr_ipa = GICR}, .vcpu_num = 2,
	 .vcpus = vcpus_a, .irq_num = 2, .irqs = irqs_a, .emu_num = 1,
	 .emus = emus_a},
	{.id = 2, .name = "rtos", .irq_mode = VMCFG_IRQ_PASSTHROUGH,
	 .arch = {.vgicd_ipa = GICD, .vgicr_ipa = GICR}, .vcpu_num = 1,
	 .vcpus = vcpus_b, .irq_num = 1, .irqs = irqs_b},
};
const uint32_t vmcfg_vm_num = 2;

static struct vm vm_a, vm_b;

static void vm_setup(struct vm *vm, const struct vmcfg_vm *cfg)
{
	uint32_t i;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	for (i = 0; i < cfg->vcpu_num; i++)
		vm->vcpus[i] = (struct vcpu){.vm = vm, .id = i,
					     .pcpu = cfg->vcpus[i].pcpu,
					     .hwid = cfg->vcpus[i].hwid,
					     .state = VCPU_RUNNING};
	assert_int_equal(arch_irqchip_vm_init(vm), HV_OK);
	for (i = 0; i < cfg->vcpu_num; i++) {
		fake_gic.cpu = vm->vcpus[i].pcpu;
		arch_irqchip_init_cpu();
		arch_irqchip_vcpu_reset(&vm->vcpus[i]);
	}
	fake_gic.cpu = 0;
}

static inline struct emul_dev *dev_at(struct vm *vm, uint64_t addr)
{
	uint32_t i;

	for (i = 0; i < vm->emu_num; i++)
		if (addr >= vm->emus[i].base &&
		    addr - vm->emus[i].base < vm->emus[i].size)
			return &vm->emus[i];
	return NULL;
}

/* A guest access from `vcpu`; returns the device's verdict. */
static inline enum hv_err mmio(struct vcpu *vcpu, uint64_t addr, uint8_t width,
			bool write, uint64_t *val)
{
	struct emul_dev *d = dev_at(vcpu->vm, addr);
	struct mmio_access acc = {.addr = addr, .width = width,
				  .write = write, .value = write ? *val : 0};
	enum hv_err err;

	assert_non_null(d);
	err = d->access(vcpu, d, &acc);
	if (!write)
		*val = acc.value;
	return err;
}

static inline uint64_t rd(struct vcpu *v, uint64_t addr, uint8_t width)
{
	uint64_t val = 0xdeadbeef;

	assert_int_equal(mmio(v, addr, width, false, &val), HV_OK);
	return val;
}

static inline void wr(struct vcpu *v, uint64_t addr, uint8_t width, uint64_t val)
{
	assert_int_equal(mmio(v, addr, width, true, &val), HV_OK);
}

/* Redistributor frame of vCPU `i`. */
static inline uint64_t gicr(uint32_t i)
{
	return GICR + i * STRIDE;
}

static int fixture_setup(void **state)
{
	(void)state;
	fake_gic_reset(256, 4);
	fake_timer = (struct fake_timer){0};
	arch_irqchip_init_global();
	vm_setup(&vm_a, &vmcfg_vms[0]);
	vm_setup(&vm_b, &vmcfg_vms[1]);
	return 0;
}

/* Guest enables the distributor (group 1) and interrupt `intid` of `v`. */
static inline void guest_enable(struct vcpu *v, uint32_t intid)
{
	wr(v, GICD + 0x0, 4, 0x13);
	if (intid < 32)
		wr(v, gicr(v->id) + SGI_BASE + 0x100, 4, 1u << intid);
	else
		wr(v, GICD + 0x100 + intid / 32 * 4, 4, 1u << (intid % 32));
}

/* Run `v` on its pCPU: what arch_irqchip_vcpu_enter leaves in the LRs. */
static inline void enter(struct vcpu *v)
{
	fake_gic.cpu = v->pcpu;
	arch_irqchip_vcpu_enter(v);
}

/* vINTID of LR n on the current pCPU, or -1 if invalid. */
static inline int lr_intid(uint32_t n)
{
	uint64_t lr = fake_vgic.cpu[fake_gic.cpu].lr[n];

	return (lr >> 62) ? (int)(uint32_t)lr : -1;
}

#endif

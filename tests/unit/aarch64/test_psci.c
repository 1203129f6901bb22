/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI 1.1 front-end (arch/aarch64/psci.c) on the core power API on the fixture's two VMs: "smp"
 * (vCPUs MPIDR 0 and 1) and "solo" (one vCPU, MPIDR 0x100).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <hv/sha256.h>
#include <arch/psci.h>
#include <hv/vm.h>
#include <arch/fake.h>

#include "vms_fixture.h"

static int setup(void **state)
{
	(void)state;
	return vms_fixture_setup();
}

static int64_t call(struct vcpu *v, uint32_t fid, uint64_t a0, uint64_t a1, uint64_t a2,
		    enum psci_action *act)
{
	const uint64_t a[3] = {a0, a1, a2};
	int64_t ret = 12345;

	*act = psci_call(v, fid, a, &ret);
	return ret;
}

/* PSCI_VERSION is 1.1, SMCCC_VERSION 1.1. */
static void test_version(void **state)
{
	enum psci_action act;

	(void)state;
	assert_int_equal(call(&smp->vcpus[0], PSCI_VERSION, 0, 0, 0, &act), 0x10001);
	assert_int_equal(act, PSCI_ACT_RETURN);
	assert_int_equal(call(&smp->vcpus[0], SMCCC_VERSION, 0, 0, 0, &act), 0x10001);
}

/* PSCI_FEATURES: implemented functions 0, others NOT_SUPPORTED. */
static void test_features(void **state)
{
	enum psci_action act;
	struct vcpu *v = &smp->vcpus[0];

	(void)state;
	assert_int_equal(call(v, PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0, &act), 0);
	assert_int_equal(call(v, PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0, &act), 0);
	assert_int_equal(call(v, PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0, &act), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(v, PSCI_FEATURES, 0xc2000000, 0, 0, &act), PSCI_RET_NOT_SUPPORTED);
}

/* Unknown function IDs (vendor hypervisor service, garbage) → NOT_SUPPORTED. */
static void test_unknown_fid(void **state)
{
	enum psci_action act;

	(void)state;
	assert_int_equal(call(&smp->vcpus[0], 0xc6000000, 0, 0, 0, &act), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&smp->vcpus[0], 0x12345678, 0, 0, 0, &act), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_SUSPEND_64, 0, 0, 0, &act), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(act, PSCI_ACT_RETURN);
}

/* CPU_ON of an own, off vCPU: ON_PENDING with entry and context recorded. */
static void test_cpu_on_own(void **state)
{
	enum psci_action act;
	struct vcpu *t = &smp->vcpus[1];

	(void)state;
	assert_int_equal(vcpu_state_get(t), VCPU_OFF);
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 1, 0x50001000, 7, &act), 0);
	assert_int_equal(vcpu_state_get(t), VCPU_ON_PENDING);
	assert_int_equal(t->boot_entry, 0x50001000);
	assert_int_equal(t->boot_arg, 7);
	assert_true(fake_machine.wakes > 0);
	/* Again while pending (ALREADY_ON, as KVM), then once running. */
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 1, 0, 0, &act), PSCI_RET_ALREADY_ON);
	vcpu_state_set(t, VCPU_RUNNING);
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 1, 0, 0, &act), PSCI_RET_ALREADY_ON);
	assert_int_equal(t->boot_entry, 0x50001000); /* not overwritten */
}

/* CPU_ON of a CPU another VM owns (by physical or its virtual MPIDR) is refused. */
static void test_cpu_on_foreign(void **state)
{
	enum psci_action act;

	(void)state;
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 2, 0, 0, &act),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 0x100, 0, 0, &act),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(&solo->vcpus[0], PSCI_CPU_ON_64, 1, 0, 0, &act),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(vcpu_state_get(&smp->vcpus[1]), VCPU_OFF);
}

/* CPU_ON with an entry outside the VM's executable memory: INVALID_ADDRESS. */
static void test_cpu_on_bad_entry(void **state)
{
	enum psci_action act;

	(void)state;
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 1, 0x40200000, 0, &act),
			 PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 1, 0x51000000, 0, &act),
			 PSCI_RET_INVALID_ADDRESS); /* first byte after its region */
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_64, 1, 0x50fffffc, 0, &act), 0);
	assert_int_equal(vcpu_state_get(&smp->vcpus[1]), VCPU_ON_PENDING);
}

/* CPU_ON_32 ignores the upper halves of its arguments. */
static void test_cpu_on_32(void **state)
{
	enum psci_action act;

	(void)state;
	assert_int_equal(call(&smp->vcpus[0], PSCI_CPU_ON_32, 0xffffffff00000001ULL,
			      0xdead000050002000ULL, 0, &act), 0);
	assert_int_equal(smp->vcpus[1].boot_entry, 0x50002000);
}

/* AFFINITY_INFO reports ON / OFF / ON_PENDING; only level 0 is accepted. */
static void test_affinity_info(void **state)
{
	enum psci_action act;
	struct vcpu *v = &smp->vcpus[0];

	(void)state;
	assert_int_equal(call(v, PSCI_AFFINITY_INFO_64, 0, 0, 0, &act), PSCI_AFF_ON);
	assert_int_equal(call(v, PSCI_AFFINITY_INFO_64, 1, 0, 0, &act), PSCI_AFF_OFF);
	call(v, PSCI_CPU_ON_64, 1, 0x50000000, 0, &act);
	assert_int_equal(call(v, PSCI_AFFINITY_INFO_64, 1, 0, 0, &act), PSCI_AFF_ON_PENDING);
	assert_int_equal(call(v, PSCI_AFFINITY_INFO_64, 1, 1, 0, &act), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(v, PSCI_AFFINITY_INFO_64, 0x100, 0, 0, &act), PSCI_RET_INVALID_PARAMETERS);
}

/* CPU_OFF turns the caller off and asks the CPU to park. */
static void test_cpu_off(void **state)
{
	enum psci_action act;

	(void)state;
	call(&smp->vcpus[0], PSCI_CPU_OFF, 0, 0, 0, &act);
	assert_int_equal(act, PSCI_ACT_VCPU_OFF);
	assert_int_equal(vcpu_state_get(&smp->vcpus[0]), VCPU_OFF);
	/* It can be started again by its sibling. */
	vcpu_state_set(&smp->vcpus[1], VCPU_RUNNING);
	assert_int_equal(call(&smp->vcpus[1], PSCI_CPU_ON_64, 0, 0x50000000, 0, &act), 0);
}

/* MIGRATE_INFO_TYPE: no Trusted OS (2). */
static void test_migrate_info(void **state)
{
	enum psci_action act;

	(void)state;
	assert_int_equal(call(&solo->vcpus[0], PSCI_MIGRATE_INFO_TYPE, 0, 0, 0, &act), 2);
}

/* SYSTEM_OFF: per VM; the machine goes off only with the last VM. */
static void test_system_off_per_vm(void **state)
{
	enum psci_action act;

	(void)state;
	call(&solo->vcpus[0], PSCI_SYSTEM_OFF, 0, 0, 0, &act);
	assert_int_equal(act, PSCI_ACT_VM_OFF);
	assert_false(vm_power_off(solo));
	assert_int_equal(vcpu_state_get(&solo->vcpus[0]), VCPU_STOPPED);
	assert_int_equal(smp->state, VM_STATE_RUNNING);
	assert_int_equal(vcpu_state_get(&smp->vcpus[0]), VCPU_RUNNING);
	assert_true(vm_power_off(smp));
	assert_int_equal(vm_live_count(), 0);
}

/* SYSTEM_RESET asks for a VM reset; nothing else changes in psci_call. */
static void test_system_reset(void **state)
{
	enum psci_action act;

	(void)state;
	call(&solo->vcpus[0], PSCI_SYSTEM_RESET, 0, 0, 0, &act);
	assert_int_equal(act, PSCI_ACT_VM_RESET);
	assert_int_equal(solo->state, VM_STATE_RUNNING);
}

/* A "solo" VM whose RAM is a host buffer and whose image is real. */
static uint8_t *ram, img[100];
static struct vmcfg_mem_region ram_region;
static struct vmcfg_image image;
static struct vmcfg_vm solo_cfg;

static void solo_with_ram(void)
{
	ram = aligned_alloc(0x200000, 0x200000);
	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = (uint8_t)(i + 1);
	ram_region = (struct vmcfg_mem_region){.ipa = 0, .pa = (uintptr_t)ram,
					       .size = 0x200000, .flags = 0x7};
	image = (struct vmcfg_image){.start = img, .end = img + sizeof(img),
				     .size = sizeof(img), .load_ipa = 0x1000};
	sha256(img, sizeof(img), image.sha256);
	solo_cfg = vmcfg_vms[1];
	solo_cfg.regions = &ram_region;
	solo_cfg.images = &image;
	solo_cfg.image_num = 1;
	assert_int_equal(vm_build(solo, &solo_cfg, 1, &pool), HV_OK);
	assert_int_equal(vm_load_images(solo, true), HV_OK);
	vm_arm_boot_vcpu(solo);
	vcpu_state_set(&solo->vcpus[0], VCPU_RUNNING);
}

/* vm_reset: RAM cleared, image copied again, vCPU 0 re-armed at the entry. */
static void test_vm_reset_fresh_memory(void **state)
{
	(void)state;
	solo_with_ram();
	memset(ram, 0xaa, 0x200000); /* the guest scribbles everywhere */
	vm_reset(solo);
	assert_int_equal(solo->boots, 2);
	assert_int_equal(solo->state, VM_STATE_RUNNING);
	assert_int_equal(vcpu_state_get(&solo->vcpus[0]), VCPU_ON_PENDING);
	assert_int_equal(solo->vcpus[0].boot_entry, 0x0);
	assert_int_equal(solo->vcpus[0].boot_arg, 0x100000);
	assert_memory_equal(ram + 0x1000, img, sizeof(img));
	assert_int_equal(ram[0], 0);
	assert_int_equal(ram[0x1000 + sizeof(img)], 0);
	assert_int_equal(ram[0x1fffff], 0);
	free(ram);
}

/* A pristine image failing its SHA-256: the VM stays stopped, RAM untouched. */
static void test_vm_reset_corrupt_image(void **state)
{
	(void)state;
	solo_with_ram();
	ram[0] = 0x55;
	img[5] ^= 1;
	vm_reset(solo);
	assert_int_equal(solo->state, VM_STATE_STOPPED);
	assert_int_equal(vcpu_state_get(&solo->vcpus[0]), VCPU_STOPPED);
	assert_int_equal(ram[0], 0x55);
	free(ram);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_version),        T(test_features),       T(test_unknown_fid),
		T(test_cpu_on_own),     T(test_cpu_on_foreign), T(test_cpu_on_32),
		T(test_cpu_on_bad_entry),
		T(test_affinity_info),  T(test_cpu_off),        T(test_migrate_info),
		T(test_system_off_per_vm), T(test_system_reset),
		T(test_vm_reset_fresh_memory), T(test_vm_reset_corrupt_image),
	};

	return cmocka_run_group_tests_name("psci", tests, NULL, NULL);
}

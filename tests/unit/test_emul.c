/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MMIO dispatch (core/emul.c) and VM building (core/vm.c): emulated devices
 * by type, address lookup at the edges, straddling accesses refused,
 * unknown types refused; stage 2 of a VM maps exactly its regions and MMIO
 * windows and never the hypervisor's memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include <hv/emul.h>
#include <hv/vm.h>

static void *pool_mem;
static struct page_pool pool;
static struct vm *vm = &vms[1];
static struct vmcfg_vm cfg;
static struct vmcfg_emu_dev emus[2];

static int setup(void **state)
{
	(void)state;
	pool_mem = aligned_alloc(8192, 64 * PAGE_SIZE);
	page_pool_init(&pool, pool_mem, 64);
	emus[0] = (struct vmcfg_emu_dev){.ipa = 0x8000000, .size = 0x1000, .type = VMCFG_EMU_DUMMY};
	emus[1] = (struct vmcfg_emu_dev){.ipa = 0x8001000, .size = 0x1000, .type = VMCFG_EMU_DUMMY};
	cfg = vmcfg_vms[1];
	cfg.emus = emus;
	cfg.emu_num = 2;
	return vm_build(vm, &cfg, 1, &pool) == HV_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(pool_mem);
	return 0;
}

static enum hv_err access(uint64_t addr, uint8_t width, bool write, uint64_t *val)
{
	struct mmio_access a = {.addr = addr, .width = width, .write = write, .value = *val};
	enum hv_err err = emul_mmio(&vm->vcpus[0], &a);

	*val = a.value;
	return err;
}

/* First and last byte of a device window dispatch; the byte after does not. */
static void test_edges(void **state)
{
	uint64_t v = 0x55;

	(void)state;
	assert_int_equal(access(0x8000000, 4, false, &v), HV_OK);
	assert_int_equal(v, 0); /* dummy reads as zero */
	assert_int_equal(access(0x8000ffc, 4, true, &v), HV_OK);
	assert_ptr_equal(vm_find_emul(vm, 0x8001fff), &vm->emus[1]);
	assert_int_equal(access(0x8002000, 4, false, &v), HV_ERR_NOTFOUND);
	assert_int_equal(access(0x7fffffc, 4, false, &v), HV_ERR_NOTFOUND);
}

/* An access running past the end of its device is refused. */
static void test_straddle(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(access(0x8001ffc, 8, false, &v), HV_ERR_RANGE);
	assert_int_equal(access(0x8001ff8, 8, false, &v), HV_OK);
}

/* The last-hit cache never answers for an address outside the cached
 * device: the neighbour, the byte after and before are looked up anew. */
static void test_cache_follows_address(void **state)
{
	struct vcpu *v = &vm->vcpus[0];
	uint64_t x = 0;

	(void)state;
	assert_int_equal(access(0x8000ffc, 4, false, &x), HV_OK);
	assert_ptr_equal(v->emul_last, &vm->emus[0]);
	assert_int_equal(access(0x8001000, 4, false, &x), HV_OK);
	assert_ptr_equal(v->emul_last, &vm->emus[1]);
	assert_int_equal(access(0x8002000, 4, false, &x), HV_ERR_NOTFOUND);
	assert_int_equal(access(0x7fffffc, 4, false, &x), HV_ERR_NOTFOUND);
	assert_ptr_equal(v->emul_last, &vm->emus[1]); /* a miss caches nothing */
	assert_int_equal(access(0x8001ffc, 8, false, &x), HV_ERR_RANGE);
}

/* A vCPU start forgets the cached device; other vCPUs keep their own. */
static void test_cache_reset(void **state)
{
	uint64_t x = 0;

	(void)state;
	assert_int_equal(access(0x8000000, 4, false, &x), HV_OK);
	assert_ptr_equal(vm->vcpus[0].emul_last, &vm->emus[0]);
	assert_null(vm->vcpus[1].emul_last);
	emul_vcpu_reset(&vm->vcpus[0]);
	assert_null(vm->vcpus[0].emul_last);
}

/* A vCPU of another VM never gets this VM's devices, cached or not. */
static void test_cache_per_vm(void **state)
{
	struct vm *other = &vms[0];
	struct mmio_access a = {.addr = 0x8000000, .width = 4};
	uint64_t x = 0;

	(void)state;
	assert_int_equal(access(0x8000000, 4, false, &x), HV_OK);
	assert_int_equal(vm_build(other, &vmcfg_vms[0], 0, &pool), HV_OK);
	assert_int_equal(emul_mmio(&other->vcpus[0], &a), HV_ERR_NOTFOUND);
	assert_null(other->vcpus[0].emul_last);
}

/* An emu_type with no implementation fails the VM build. */
static void test_unknown_type(void **state)
{
	struct emul_dev d;
	struct vmcfg_emu_dev e = {.ipa = 0x1000, .size = 0x1000, .type = 0x77};

	(void)state;
	assert_int_equal(emul_dev_init(vm, &e, &d), HV_ERR_UNSUPP);
}

/* Stage 2 maps the region and the MMIO window and nothing in between. */
static void test_stage2_exact(void **state)
{
	struct vm *s = &vms[0];
	uint64_t pa;
	unsigned attr, level;

	(void)state;
	assert_int_equal(vm_build(s, &vmcfg_vms[0], 0, &pool), HV_OK);
	assert_int_equal(pgtable_lookup(&s->s2, 0x50000000, &pa, &attr, &level), HV_OK);
	assert_int_equal(attr, PT_R | PT_W | PT_X);
	assert_int_equal(pgtable_lookup(&s->s2, 0x50ffffff, &pa, &attr, &level), HV_OK);
	assert_int_equal(pgtable_lookup(&s->s2, 0x51000000, &pa, &attr, &level), HV_ERR_NOTFOUND);
	assert_int_equal(pgtable_lookup(&s->s2, 0x4fffffff, &pa, &attr, &level), HV_ERR_NOTFOUND);
	assert_int_equal(pgtable_lookup(&s->s2, 0x9000000, &pa, &attr, &level), HV_OK);
	assert_int_equal(attr, PT_R | PT_W | PT_DEVICE);
	assert_int_equal(pgtable_lookup(&s->s2, 0x9001000, &pa, &attr, &level), HV_ERR_NOTFOUND);
	assert_int_equal(pgtable_lookup(&s->s2, 0x40200000, &pa, &attr, &level), HV_ERR_NOTFOUND);
}

/* A region whose PA falls in the hypervisor's memory is refused. */
static void test_region_in_hv_refused(void **state)
{
	struct vmcfg_mem_region r = {.ipa = 0, .pa = 0x4ffff000, .size = 0x2000, .flags = 7};
	struct vmcfg_vm c = vmcfg_vms[1];

	(void)state;
	c.regions = &r;
	assert_int_equal(vm_build(vm, &c, 1, &pool), HV_ERR_DENIED);
	r.pa = 0x50000000; /* first page after it: fine */
	assert_int_equal(vm_build(vm, &c, 1, &pool), HV_OK);
}

/* Overlapping regions of one VM are refused (the builder's overlap check). */
static void test_overlapping_regions_refused(void **state)
{
	struct vmcfg_mem_region r[2] = {
		{.ipa = 0, .pa = 0x60000000, .size = 0x200000, .flags = 7},
		{.ipa = 0x1ff000, .pa = 0x70000000, .size = 0x1000, .flags = 7},
	};
	struct vmcfg_vm c = vmcfg_vms[1];

	(void)state;
	c.regions = r;
	c.region_num = 2;
	assert_int_equal(vm_build(vm, &c, 1, &pool), HV_ERR_EXISTS);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_edges), T(test_straddle), T(test_unknown_type), T(test_stage2_exact),
		T(test_region_in_hv_refused), T(test_overlapping_regions_refused),
		T(test_cache_follows_address), T(test_cache_reset), T(test_cache_per_vm),
	};

	return cmocka_run_group_tests_name("emul+vm_build", tests, NULL, NULL);
}

/*
 * Boot-disk images (image_location = "fs", core/image_fs.c) against the
 * neutral fake arch: U-Boot left them in the VM's RAM; the hypervisor checks
 * size and SHA-256 in place at first boot and on reset, keeps them out of
 * the reset clear, and refuses the VM when a byte differs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <hv/image_fs.h>
#include <hv/sha256.h>
#include <hv/vm.h>

#define RAM_SIZE 0x10000u
#define RAM_IPA 0x50000000u

static uint8_t *ram;
static uint8_t bound[64];
static struct vmcfg_mem_region region;
static struct vmcfg_image images[3];
static struct vmcfg_vm cfg;
static struct vm vm;

/* Put `n` bytes of pattern `seed` at ram+off, as U-Boot's fatload would. */
static void uboot_load(uint32_t off, uint32_t n, uint8_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		ram[off + i] = (uint8_t)(seed + i * 7);
}

static struct vmcfg_image fs_image(const char *file, uint32_t off, uint32_t n, uint8_t seed)
{
	struct vmcfg_image im = {.file = file, .size = n, .load_ipa = RAM_IPA + off};

	uboot_load(off, n, seed);
	sha256(ram + off, n, im.sha256);
	return im;
}

static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(4096, RAM_SIZE);
	memset(ram, 0xee, RAM_SIZE); /* what was in RAM before */
	region = (struct vmcfg_mem_region){.ipa = RAM_IPA, .pa = (uintptr_t)ram,
					   .size = RAM_SIZE, .flags = 0x7};
	for (size_t i = 0; i < sizeof(bound); i++)
		bound[i] = (uint8_t)(0x80 + i);
	images[0] = fs_image("/images/k.bin", 0x1000, 0x1234, 1);
	images[1] = (struct vmcfg_image){.start = bound, .end = bound + sizeof(bound),
					 .size = sizeof(bound), .load_ipa = RAM_IPA + 0x8000};
	sha256(bound, sizeof(bound), images[1].sha256);
	images[2] = fs_image("/images/rd.bin", 0xa000, 0x801, 9);
	cfg = (struct vmcfg_vm){.name = "fsvm", .region_num = 1, .regions = &region,
				.image_num = 3, .images = images, .vcpu_num = 1};
	memset(&vm, 0, sizeof(vm));
	vm.cfg = &cfg;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static void test_first_boot_checks_in_place_and_copies_only_bound(void **state)
{
	(void)state;
	assert_true(image_is_fs(&images[0]));
	assert_false(image_is_fs(&images[1]));
	assert_int_equal(vm_load_images(&vm, false), HV_OK);
	assert_memory_equal(ram + 0x8000, bound, sizeof(bound));
	assert_int_equal(ram[0], 0xee); /* first boot clears nothing */
	assert_int_equal(ram[0x1000 + 0x1234], 0xee);
}

static void test_altered_file_stops_the_vm(void **state)
{
	(void)state;
	ram[0x1000 + 0x1233] ^= 0x40; /* last byte of the kernel */
	assert_int_equal(vm_load_images(&vm, false), HV_ERR_CORRUPT);
	assert_int_equal(ram[0x8000], 0xee); /* nothing copied */
}

static void test_truncated_file_stops_the_vm(void **state)
{
	(void)state;
	memset(ram + 0xa000 + 0x400, 0, 0x401); /* the tail U-Boot did not write */
	assert_int_equal(vm_load_images(&vm, false), HV_ERR_CORRUPT);
}

static void test_reset_clears_around_fs_images(void **state)
{
	(void)state;
	assert_int_equal(vm_load_images(&vm, false), HV_OK);
	memset(ram, 0x5a, 0x1000); /* the guest scribbles outside its images */
	memset(ram + 0x1000 + 0x1234, 0x5a, 0x100);
	memset(ram + 0xa000 + 0x801, 0x5a, RAM_SIZE - 0xa801);
	ram[0x8000] = 0x5a;
	assert_int_equal(vm_load_images(&vm, true), HV_OK);
	for (uint32_t i = 0; i < 0x1000; i++)
		assert_int_equal(ram[i], 0);
	assert_int_equal(ram[0x1000 + 0x1234], 0);
	assert_int_equal(ram[0xa000 + 0x801], 0);
	assert_int_equal(ram[RAM_SIZE - 1], 0);
	assert_memory_equal(ram + 0x8000, bound, sizeof(bound));
	assert_int_equal(ram[0x1000], 1);          /* kernel kept in place */
	assert_int_equal(ram[0xa000 + 0x800], (uint8_t)(9 + 0x800 * 7)); /* ramdisk too */
}

static void test_reset_after_the_guest_wrote_its_image(void **state)
{
	(void)state;
	assert_int_equal(vm_load_images(&vm, false), HV_OK);
	ram[0x0] = 0x5a;
	ram[0x1100] ^= 1; /* the guest changed its loaded kernel */
	assert_int_equal(vm_load_images(&vm, true), HV_ERR_CORRUPT);
	assert_int_equal(ram[0x0], 0x5a); /* refused before anything was cleared */
}

static void test_fs_image_outside_the_vm_is_refused(void **state)
{
	(void)state;
	images[0].load_ipa = RAM_IPA + RAM_SIZE - 0x10; /* runs past the region */
	assert_int_equal(vm_load_images(&vm, false), HV_ERR_RANGE);
}

static void test_zero_around_adjacent_and_edge_images(void **state)
{
	(void)state;
	/* Two images back to back at the very start, the region's end right after one. */
	images[0] = fs_image("/a", 0x0, 0x100, 3);
	images[2] = fs_image("/b", 0x100, RAM_SIZE - 0x100 - 0x10, 5);
	memset(ram + RAM_SIZE - 0x10, 0x77, 0x10);
	image_fs_zero_around(&vm, region.ipa, region.pa, region.size);
	assert_int_equal(ram[0], 3);
	assert_int_equal(ram[0x100], 5);
	for (uint32_t i = RAM_SIZE - 0x10; i < RAM_SIZE; i++)
		assert_int_equal(ram[i], 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_first_boot_checks_in_place_and_copies_only_bound),
		T(test_altered_file_stops_the_vm),
		T(test_truncated_file_stops_the_vm),
		T(test_reset_clears_around_fs_images),
		T(test_reset_after_the_guest_wrote_its_image),
		T(test_fs_image_outside_the_vm_is_refused),
		T(test_zero_around_adjacent_and_edge_images),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

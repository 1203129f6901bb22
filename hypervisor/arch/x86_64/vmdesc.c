/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stand-in VM table for the first x86_64 steps: axvmconfig does not emit
 * x86 tables yet (it will, from configs/vms/hello-x86_64.toml and
 * boards/qemu-pc-x86_64/board.toml, which say the same). Keep the two in
 * step until then.
 */
#include <arch/x86_vm.h>

extern const uint8_t x86_guest_hello[], x86_guest_hello_end[];

const struct x86_vm_desc x86_vm_descs[] = {
	{
		.name = "hello-x86_64", .id = 1, .pcpu = 0,
		.ram_gpa = 0x0, .ram_hpa = 0x40000000, .ram_size = 0x01000000,
		.image = x86_guest_hello, .image_end = x86_guest_hello_end,
		.load_gpa = 0x100000, .entry_gpa = 0x100000,
	},
};
const unsigned x86_vm_count = ARRAY_SIZE(x86_vm_descs);

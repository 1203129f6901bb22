/* SPDX-License-Identifier: Apache-2.0 */
/* x86_64 hypervisor image: one flat binary loaded at HV_LOAD_PA (boot.S). */
#include <arch/layout.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(boot32_entry)

SECTIONS
{
	. = HV_LOAD_PA;
	__image_start = .;
	__hv_start = .;
	.text : {
		KEEP(*(.multiboot))
		*(.text.boot)
		*(.text .text.*)
	}
	__text_end = .;
	.rodata : ALIGN(16) { *(.rodata .rodata.*) }
	__rodata_end = .;
	/* The flat binary ends with .data: __load_end is its last byte + 1
	 * (QEMU reads load_end_addr - load_addr bytes from the file). */
	.data : ALIGN(16) { *(.data .data.*) . = ALIGN(16); }
	__load_end = .;
	.bss (NOLOAD) : ALIGN(4096) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	}
	/* Not zeroed by the loader: page_pool_alloc() zeroes what it hands out. */
	.noinit (NOLOAD) : ALIGN(4096) { *(.noinit .noinit.*) }
	__hv_end = .;
	/DISCARD/ : { *(.eh_frame*) *(.note*) *(.comment) }
}

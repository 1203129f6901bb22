/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Firmware layout, preprocessed with cpp (config.h gives the placement).
 * text (RX) | rodata + pristine guest images (R) | data + bss (RW), each
 * page aligned so the EL2 tables can enforce W^X per section.
 */
#include <config.h>

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

SECTIONS
{
	. = AXVM_HV_BASE + AXVM_HV_TEXT_OFFSET;
	__hv_start = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	}
	. = ALIGN(4096);
	__text_end = .;
	.rodata : { *(.rodata .rodata.*) }
	INCLUDE guests.ld
	. = ALIGN(4096);
	__rodata_end = .;
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(8);
		__bss_end = .;
	}
	/*
	 * Not cleared at boot (it is most of the footprint): stacks, and the
	 * table pools, whose pages are zeroed when allocated.
	 */
	.noinit (NOLOAD) : ALIGN(4096) { *(.noinit .noinit.*) }
	. = ALIGN(4096);
	__hv_end = .;
	__image_size = __hv_end - __hv_start;
	ASSERT(__hv_end <= AXVM_HV_BASE + AXVM_HV_SIZE, "firmware larger than the hypervisor region")
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 firmware layout on the neutral core, preprocessed with cpp
 * (config.h gives the placement): linked where OpenSBI fw_jump jumps
 * (hypervisor base + text_offset). fw_jump moves the device tree to
 * 0x8220_0000, 32 MiB above that: the loaded image must stay below it.
 */
#include <config.h>

OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = AXVM_HV_BASE + AXVM_HV_TEXT_OFFSET;
	__hv_start = .;
	.text : {
		KEEP(*(.text.boot))
		*(.text .text.*)
	}
	. = ALIGN(4096);
	__text_end = .;
	.rodata : { *(.rodata .rodata.* .srodata .srodata.*) }
	INCLUDE guests.ld
	. = ALIGN(4096);
	__rodata_end = .;
	.data : { *(.data .data.* .sdata .sdata.*) }
	. = ALIGN(16);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	__load_end = __bss_start;
	/* Not cleared at boot: the table pools, zeroed page by page when used. */
	.noinit (NOLOAD) : ALIGN(4096) { *(.noinit .noinit.*) }
	. = ALIGN(4096);
	__hv_end = .;
	ASSERT(__hv_end <= AXVM_HV_BASE + AXVM_HV_SIZE, "firmware larger than the hypervisor region")
	ASSERT(__bss_end <= AXVM_HV_BASE + AXVM_HV_TEXT_OFFSET + 0x2000000,
	       "image overlaps the device tree fw_jump places 32 MiB above the entry")
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) *(.riscv.attributes) }
}

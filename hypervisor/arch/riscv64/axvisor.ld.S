/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 firmware layout: linked at the address OpenSBI fw_jump jumps to
 * (RV_LOAD_ADDR, the board's hypervisor base + text_offset). fw_jump moves
 * the device tree to 0x8220_0000 (32 MiB above its jump address), so the
 * loaded image must stay below that.
 */
OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS
{
	. = RV_LOAD_ADDR;
	.text : { KEEP(*(.text.boot)) *(.text .text.*) }
	.rodata : { *(.rodata .rodata.* .srodata .srodata.*) }
	.data : { *(.data .data.* .sdata .sdata.*) }
	. = ALIGN(16);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	__image_end = .;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) *(.riscv.attributes) }
}
ASSERT(__image_end <= RV_LOAD_ADDR + 0x2000000, "image overlaps fw_jump's device tree")

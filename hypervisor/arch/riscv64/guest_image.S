/* SPDX-License-Identifier: Apache-2.0 */
/* The standalone build's guest image (path from arch.mk), bound into the firmware. */
	.section .rodata.guest, "a"
	.balign 4096
	.global rv_guest_image, rv_guest_image_end
rv_guest_image:
	.incbin RV_GUEST_BIN
rv_guest_image_end:

/* SPDX-License-Identifier: Apache-2.0 */
/* Guest images bound into the hypervisor (paths from arch.mk). */
	.section .rodata.guests, "a"
	.balign 4096
	.global x86_guest_hello, x86_guest_hello_end
x86_guest_hello:
	.incbin X86_GUEST_HELLO
x86_guest_hello_end:

	.section .note.GNU-stack, "", @progbits

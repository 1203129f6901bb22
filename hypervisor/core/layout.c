/* SPDX-License-Identifier: Apache-2.0 */
/* The only place that names linker-script symbols (arch/<arch>/axvisor.ld.S). */
#include <hv/layout.h>

extern char __hv_start[], __text_end[], __rodata_end[], __hv_end[];

uint64_t layout_hv_start(void)
{
	return (uintptr_t)__hv_start;
}

uint64_t layout_text_end(void)
{
	return (uintptr_t)__text_end;
}

uint64_t layout_rodata_end(void)
{
	return (uintptr_t)__rodata_end;
}

uint64_t layout_hv_end(void)
{
	return (uintptr_t)__hv_end;
}

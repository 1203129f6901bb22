/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C entry from boot.S (long mode, own stack): descriptor tables, then the
 * neutral core -- hv_main() on the boot CPU, hv_secondary_main() on the
 * APs that arch_cpu_start() woke.
 */
#include <hv/arch/timer.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <arch/x86_cpu.h>

#define MB_BOOTLOADER_MAGIC 0x2badb002u

extern uint32_t x86_mb_magic, x86_mb_info;

/* Multiboot information (spec 3.3): flags bit 6 = mmap_length/mmap_addr
 * valid, entries of {size, base, length, type} (type 1 = RAM). Logged so
 * the board description can be checked against what the firmware saw. */
static void log_memory_map(const uint8_t *mbi)
{
	uint32_t len, addr;

	if (x86_mb_magic != MB_BOOTLOADER_MAGIC || !(*(const uint32_t *)mbi & BIT(6)))
		return;
	len = *(const uint32_t *)(mbi + 44);
	addr = *(const uint32_t *)(mbi + 48);
	for (uint32_t off = 0; off < len;) {
		const uint8_t *e = (const uint8_t *)(uintptr_t)(addr + off);
		uint64_t base = *(const uint64_t *)(e + 4), size = *(const uint64_t *)(e + 12);

		LOG("e820: %#lx-%#lx type %u", base, base + size - 1, *(const uint32_t *)(e + 20));
		off += *(const uint32_t *)e + 4;
	}
}

void x86_cpu_entry(uint32_t idx);
void x86_cpu_entry(uint32_t idx)
{
	x86_cpu_tables_init(idx);
	if (idx == 0) {
		pic_mask_all();
		uart_early_init();
		log_panic_write("\n", 1); /* SeaBIOS leaves the cursor after its own text */
		LOG("x86_64 (AMD SVM), multiboot magic %#x, TSC %lu kHz (against the ACPI PM timer)",
		    x86_mb_magic, arch_timer_freq() / 1000);
		log_memory_map((const uint8_t *)(uintptr_t)x86_mb_info);
		apic_init();
		apic_timer_calibrate(arch_timer_freq());
		hv_main();
	}
	x86_ap_online(idx);
	hv_secondary_main(idx);
}

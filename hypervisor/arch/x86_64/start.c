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

void x86_cpu_entry(uint32_t idx);
void x86_cpu_entry(uint32_t idx)
{
	x86_cpu_tables_init(idx);
	if (idx == 0) {
		pic_mask_all();
		uart_early_init();
		log_panic_write("\n", 1); /* SeaBIOS leaves the cursor after its own text */
		LOG("x86_64 (AMD SVM): TSC %lu kHz (against the ACPI PM timer)",
		    arch_timer_freq() / 1000);
		hv_main();
	}
	x86_ap_online(idx);
	hv_secondary_main(idx);
}

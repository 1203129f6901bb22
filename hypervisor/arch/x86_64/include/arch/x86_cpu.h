/* SPDX-License-Identifier: Apache-2.0 */
/* x86_64 per-CPU bring-up: descriptor tables, local APIC, AP start-up. */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include <hv/types.h>

/** Build and load this CPU's GDT, TSS and the shared IDT. */
void x86_cpu_tables_init(uint32_t idx);
/** Enable the calling CPU's local APIC in xAPIC mode (MMIO at 0xfee00000). */
void apic_init(void);
/** Local APIC id of the calling CPU. */
uint32_t apic_id(void);
/** Start the AP with local APIC id `apic` at the real-mode trampoline; true once it is up. */
bool apic_start_ap(uint32_t idx, uint32_t apic);
/** Called by an AP in long mode when it is ready (its index). */
void x86_ap_online(uint32_t idx);
/** Mask both legacy 8259 PICs: the hypervisor takes no interrupt from them. */
void pic_mask_all(void);
/** Power QEMU's machine off through the chipset's ACPI PM1a control port. */
void x86_machine_off(void) __attribute__((noreturn));

#endif

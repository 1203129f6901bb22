/* SPDX-License-Identifier: Apache-2.0 */
/* x86_64 per-CPU bring-up: descriptor tables, local APIC, AP start-up. */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include <hv/types.h>

/** Build and load this CPU's GDT, TSS and the shared IDT. */
void x86_cpu_tables_init(uint32_t idx);
/** Enable the calling CPU's local APIC in xAPIC mode (MMIO at 0xfee00000). */
void apic_init(void);
/* Host local APIC vectors (IDT gates in cpu.c, stubs in exc.S). */
#define APIC_VEC_TIMER    0xf0 /* idle wake-up */
#define APIC_VEC_KICK     0xf1 /* "leave your guest / your HLT" from another CPU */
#define APIC_VEC_SPURIOUS 0xff

/** Measure the local APIC timer against the TSC (boot CPU, once). */
void apic_timer_calibrate(uint64_t tsc_hz);
/** Fire APIC_VEC_TIMER on this CPU in about `ms` milliseconds. */
void apic_timer_oneshot_ms(uint32_t ms);
/** Fixed IPI `vector` to the CPU with local APIC id `apic`. */
void apic_send_ipi(uint32_t apic, uint8_t vector);
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

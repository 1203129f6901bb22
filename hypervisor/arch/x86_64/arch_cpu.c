/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arch/cpu.h for x86_64: CPUs named by local APIC id, struct cpu found
 * through the GS base (one %gs-relative load), INIT-SIPI-SIPI start-up,
 * the machine powered off through the chipset's ACPI PM1a control.
 */
#include <stddef.h>
#include <hv/arch/cpu.h>
#include <hv/cpu.h>
#include <hv/string.h>
#include <arch/svm.h>
#include <arch/x86.h>
#include <arch/x86_cpu.h>

uint64_t arch_cpu_hwid(void)
{
	return cpuid(1, 0).ebx >> 24; /* initial APIC id, valid before the APIC is on */
}

struct cpu *arch_cpu_this(void)
{
	struct cpu *c;

	__asm__ volatile("mov %%gs:%c1, %0" : "=r"(c) : "i"(offsetof(struct cpu, arch.self)));
	return c;
}

void arch_cpu_init(struct cpu *c)
{
	c->arch.self = c;
	/* Before svm_cpu_init's VMSAVE: the host GS base is restored from
	 * that area after every guest run (VMLOAD). */
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	apic_init();
	svm_cpu_init(c);
}

enum hv_err arch_cpu_start(uint32_t idx, uint64_t hwid)
{
	return apic_start_ap(idx, (uint32_t)hwid) ? HV_OK : HV_ERR_BUSY;
}

void arch_cpu_wait(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* Sleep until the next local APIC interrupt: a kick IPI
 * (arch_irqchip_kick_cpu) or, at the latest, a 1 ms timer -- so a CPU
 * with nothing to run does not spin (and slow the CPUs that do). */
void arch_cpu_idle(void)
{
	apic_timer_oneshot_ms(1);
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void arch_cpu_wake_all(void)
{
}

void arch_machine_off(void)
{
	x86_machine_off();
}

/* x86 caches are coherent with DMA and instruction fetch. */
void arch_dcache_flush(const void *p, size_t len)
{
	(void)p;
	(void)len;
}

void arch_icache_inval_all(void)
{
}

bool arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	(void)h;
	(void)p;
	(void)nblocks;
	return false; /* no SSE in the hypervisor: lib/sha256.c */
}

void arch_mem_zero_to_poc(void *p, size_t len)
{
	memset(p, 0, len);
}

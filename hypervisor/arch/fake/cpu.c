/* SPDX-License-Identifier: Apache-2.0 */
/* Neutral host model of the CPU contract: records what the core asked for. */
#include <hv/arch/cpu.h>
#include <hv/cpu.h>
#include <hv/string.h>
#include <arch/fake.h>
#include <stdlib.h>

struct fake_machine fake_machine;

void fake_machine_reset(void)
{
	memset(&fake_machine, 0, sizeof(fake_machine));
}

uint64_t arch_cpu_hwid(void)
{
	return fake_machine.hwid;
}

/* Before any arch_cpu_init: CPU index 0, the boot CPU. */
struct cpu *arch_cpu_this(void)
{
	static struct cpu boot;

	return fake_machine.this_cpu ? fake_machine.this_cpu : &boot;
}

void arch_cpu_init(struct cpu *c)
{
	c->arch.inits++;
	fake_machine.this_cpu = c;
}

enum hv_err arch_cpu_start(uint32_t idx, uint64_t hwid)
{
	(void)hwid;
	if (idx >= FAKE_CPUS)
		return HV_ERR_RANGE;
	fake_machine.started[idx]++;
	return HV_OK;
}

void arch_cpu_wait(void)
{
}

void arch_cpu_idle(void)
{
}

void arch_cpu_wake_all(void)
{
	fake_machine.wakes++;
}

void arch_machine_off(void)
{
	fake_machine.off_calls++;
	abort(); /* core must not call this in unit tests; tests check vm_power_off's result */
}

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
	return false; /* the portable C rounds are what the host tests check */
}

void arch_mem_zero_to_poc(void *p, size_t len)
{
	memset(p, 0, len);
}

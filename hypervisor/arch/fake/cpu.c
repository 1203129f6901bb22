/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the CPU contract: records what the core asked for. */
#include <hv/arch/cpu.h>
#include <hv/string.h>
#include <arch/fake.h>
#include <stdlib.h>

struct fake_machine fake_machine;

void fake_machine_reset(void)
{
	memset(&fake_machine, 0, sizeof(fake_machine));
}

uint64_t arch_cpu_mpidr(void)
{
	return fake_machine.mpidr;
}

void arch_cpu_init(void)
{
}

enum hv_err arch_cpu_start(uint32_t idx, uint64_t mpidr)
{
	(void)mpidr;
	if (idx >= 8)
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

uint64_t arch_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)fid;
	(void)a1;
	(void)a2;
	(void)a3;
	fake_machine.smc_calls++;
	return (uint64_t)-1;
}

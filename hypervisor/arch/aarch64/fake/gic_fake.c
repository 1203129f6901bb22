/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the physical GICv3 (hv/arch/gic.h); see arch/fake_gic.h. */
#include <arch/gic.h>
#include <hv/vmconfig.h>
#include <arch/fake_gic.h>

#include <string.h>

struct fake_gic fake_gic;

static void log_push(uint32_t *log, uint32_t *num, uint32_t v)
{
	if (*num < FAKE_GIC_LOG)
		log[(*num)++] = v;
}

void fake_gic_raise(uint32_t cpu, uint32_t intid)
{
	log_push(fake_gic.queue[cpu], &fake_gic.queued[cpu], intid);
}

static bool *active_slot(uint32_t cpu, uint32_t intid)
{
	return &fake_gic.active[intid < 32 ? cpu : 0][intid];
}

bool fake_gic_active(uint32_t cpu, uint32_t intid)
{
	return *active_slot(cpu, intid);
}

bool fake_gic_deactivated(uint32_t intid)
{
	uint32_t i;

	for (i = 0; i < fake_gic.deact_num; i++)
		if (fake_gic.deact[i] == intid)
			return true;
	return false;
}

void arch_gic_init_global(void)
{
	fake_gic.dist_on = true;
}

void arch_gic_init_cpu(void)
{
	fake_gic.cpu_on[fake_gic.cpu] = true;
}

uint32_t arch_gic_spi_num(void)
{
	return fake_gic.spi_num;
}

uint32_t arch_gic_cpu_index(void)
{
	return fake_gic.cpu;
}

uint32_t arch_gic_ack(void)
{
	uint32_t cpu = fake_gic.cpu, intid;

	if (!fake_gic.queued[cpu])
		return GIC_INTID_SPURIOUS;
	intid = fake_gic.queue[cpu][0];
	memmove(&fake_gic.queue[cpu][0], &fake_gic.queue[cpu][1],
		(FAKE_GIC_LOG - 1) * sizeof(uint32_t));
	fake_gic.queued[cpu]--;
	*active_slot(cpu, intid) = true;
	return intid;
}

void arch_gic_eoi(uint32_t intid)
{
	fake_gic.eoi_num++;
	fake_gic.last_eoi = intid;
}

void arch_gic_deactivate(uint32_t intid)
{
	*active_slot(fake_gic.cpu, intid) = false;
	log_push(fake_gic.deact, &fake_gic.deact_num, intid);
}

void arch_gic_ppi_enable(uint32_t intid, bool on)
{
	fake_gic.ppi_enabled[fake_gic.cpu][intid] = on;
}

void arch_gic_ppi_clear_active(uint32_t intid)
{
	fake_gic.active[fake_gic.cpu][intid] = false;
}

void arch_gic_spi_enable(uint32_t intid, bool on)
{
	fake_gic.spi_enabled[intid] = on;
}

void arch_gic_spi_route(uint32_t intid, uint64_t aff)
{
	fake_gic.spi_route[intid] = aff;
}

void arch_gic_spi_set_edge(uint32_t intid, bool edge)
{
	fake_gic.spi_edge[intid] = edge;
}

void arch_gic_spi_set_pending(uint32_t intid, bool pending)
{
	fake_gic.spi_pending[intid] = pending;
}

void arch_gic_spi_clear_active(uint32_t intid)
{
	fake_gic.active[0][intid] = false;
}

void arch_gic_send_sgi(uint64_t aff, uint32_t sgi)
{
	uint32_t cpu;

	if (fake_gic.sgi_num < FAKE_GIC_LOG)
		fake_gic.sgi[fake_gic.sgi_num++] = (struct fake_sgi){aff, sgi};
	for (cpu = 0; cpu < vmcfg_board.cpu_num && cpu < FAKE_GIC_CPUS; cpu++)
		if (vmcfg_board.cpu_hwids[cpu] == aff)
			fake_gic_raise(cpu, sgi);
}

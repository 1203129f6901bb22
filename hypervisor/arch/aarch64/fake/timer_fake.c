/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the generic timer (hv/arch/timer.h). */
#include <hv/arch/timer.h>
#include <arch/generic_timer.h>
#include <arch/fake_gic.h>
#include <arch/vdebug.h>

struct fake_timer fake_timer;

uint64_t arch_timer_count(void)
{
	return fake_timer.count;
}

uint64_t arch_timer_count_relaxed(void)
{
	return fake_timer.count;
}

uint64_t arch_timer_freq(void)
{
	return fake_timer.freq;
}

void arch_timer_guest_setup(uint64_t cntvoff)
{
	fake_timer.cntvoff[fake_gic.cpu] = cntvoff;
	fake_timer.guest_setup[fake_gic.cpu] = true;
}

bool arch_timer_guest_line(bool virt)
{
	return virt ? fake_timer.vline[fake_gic.cpu] : fake_timer.pline[fake_gic.cpu];
}

/* vdebug.c touches the real debug and PMU registers: modelled here. */
bool vdebug_pmu_line(void)
{
	return fake_timer.pmu_line[fake_gic.cpu];
}

void vdebug_reset(struct vcpu *vcpu)
{
	(void)vcpu;
}

enum hv_err vdebug_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write)
{
	(void)vcpu, (void)iss, (void)val, (void)write;
	return HV_ERR_UNSUPP;
}

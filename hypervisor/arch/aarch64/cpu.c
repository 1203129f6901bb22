/* SPDX-License-Identifier: Apache-2.0 */
/* aarch64 CPU contract: EL2 setup, PSCI to the firmware, caches. */
#include <arch/gic.h>
#include <arch/regs.h>
#include <hv/arch/cpu.h>
#include <hv/cpu.h>
#include <hv/string.h>
#include "sysreg.h"

#define PSCI_FN_CPU_ON_64   0xc4000003ULL
#define PSCI_FN_SYSTEM_OFF  0x84000008ULL
#define CACHE_LINE 64 /* smallest line of the cores we run on; CTR_EL0 could refine */

extern char hv_vectors[];
extern char secondary_entry[];

uint64_t arch_cpu_hwid(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffULL; /* Aff3..Aff0 */
}

/* TPIDR_EL2 holds the CPU's struct cpu (software-only register, D13.2.141). */
struct cpu *arch_cpu_this(void)
{
	return (struct cpu *)read_sysreg(tpidr_el2);
}

/* ID_AA64DFR0_EL1.PMUVer (D13.2.60): 4 = PMUv3p1, 6 = PMUv3p5; 0xf is
 * IMPLEMENTATION DEFINED (not PMUv3). */
static uint64_t mdcr_guest(void)
{
	uint64_t ver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
	uint64_t v = MDCR_GUEST | ((read_sysreg(pmcr_el0) >> 11) & 0x1f);

	if (ver >= 4 && ver != 0xf)
		v |= MDCR_HPMD;
	if (ver >= 6 && ver != 0xf)
		v |= MDCR_HCCD;
	return v;
}

void arch_cpu_init(struct cpu *c)
{
	write_sysreg(tpidr_el2, (uint64_t)c);
	write_sysreg(vbar_el2, (uint64_t)hv_vectors);
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(vtcr_el2, VTCR_VALUE);
	/* CPTR_EL2: RES1 bits only, TFP = 0: the guest owns its FP/SIMD. */
	write_sysreg(cptr_el2, 0x33ffULL);
	/* CNTHCTL_EL2: EL1 may use the physical counter and timer (D13.8). */
	write_sysreg(cnthctl_el2, 3ULL);
	write_sysreg(cntvoff_el2, 0ULL);
	/* MDCR_EL2: the guest owns this CPU's PMU and debug (sysreg.h). */
	write_sysreg(mdcr_el2, mdcr_guest());
	/* VPIDR_EL2: the guest sees the real MIDR. */
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
}

uint64_t arch_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

enum hv_err arch_cpu_start(uint32_t idx, uint64_t mpidr)
{
	int64_t r = (int64_t)arch_smc(PSCI_FN_CPU_ON_64, mpidr,
				      (uint64_t)secondary_entry, idx);

	return r == 0 ? HV_OK : HV_ERR_INVAL;
}

void arch_cpu_wait(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

/*
 * WFE would do, but QEMU's TCG treats it as a yield, so a parked CPU would
 * burn a host CPU. WFI sleeps until an interrupt is pending (even with
 * PSTATE.I set, Arm ARM D1.16.2), which is how arch_irqchip_kick_cpu() wakes us:
 * use it once this CPU's GIC interface is on (ICC_SRE_EL2.SRE, then
 * ICC_IGRPEN1_EL1.Enable), i.e. when the vGIC module initialised it.
 */
void arch_cpu_idle(void)
{
	if (arch_gic_cpu_ready())
		__asm__ volatile("dsb sy; wfi" ::: "memory");
	else
		arch_cpu_wait();
}

void arch_cpu_wake_all(void)
{
	__asm__ volatile("dsb ish; sev" ::: "memory");
}

void arch_machine_off(void)
{
	arch_smc(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		arch_cpu_wait(); /* firmware without PSCI: at least stop here */
}

void arch_dcache_flush(const void *p, size_t len)
{
	uintptr_t a = ALIGN_DOWN((uintptr_t)p, CACHE_LINE);

	for (; a < (uintptr_t)p + len; a += CACHE_LINE)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(ish);
}

/*
 * DC ZVA zeroes one DCZID_EL0-sized block per instruction (64 bytes on the
 * cores we run on, Arm ARM D7.4.8); DC CIVAC then pushes the line to PoC.
 * Falls back to memset + flush if ZVA is prohibited or of another size.
 */
void arch_mem_zero_to_poc(void *p, size_t len)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uintptr_t a = (uintptr_t)p, end = a + len;

	if ((dczid & BIT(4)) || (4u << (dczid & 0xf)) != CACHE_LINE ||
	    !IS_ALIGNED(a | len, CACHE_LINE)) {
		memset(p, 0, len);
		arch_dcache_flush(p, len);
		return;
	}
	for (; a < end; a += CACHE_LINE)
		__asm__ volatile("dc zva, %0; dc civac, %0" ::"r"(a) : "memory");
	dsb(ish);
}

void arch_icache_inval_all(void)
{
	__asm__ volatile("ic ialluis; dsb ish; isb" ::: "memory");
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 physical harts (hv/arch/cpu.h) and the C entry from boot.S: the
 * boot hart comes from OpenSBI fw_jump, the others from SBI HSM
 * hart_start (SBI 2.0 chapter 9) with their CPU index as opaque value.
 */
#include <hv/arch/cpu.h>
#include <hv/cpu.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/ns16550.h>
#include <hv/string.h>
#include <hv/vmconfig.h>
#include "rv.h"

uint8_t rv_stacks[AXV_ARCH_MAX_HARTS][RV_STACK_SIZE] __attribute__((aligned(16)));
bool rv_has_sstc;
static uint64_t boot_hartid;

void rv_hart_main(uint64_t hartid, uint64_t arg, uint64_t is_boot);

/* Exceptions the guest handles itself (privileged spec 8.2.2 hedeleg). */
#define HEDELEG_GUEST ((1ULL << EXC_INST_MISALIGNED) | (1ULL << EXC_ILLEGAL_INST) | \
		       (1ULL << EXC_BREAKPOINT) | (1ULL << EXC_ECALL_U) | \
		       (1ULL << EXC_INST_PAGE_FAULT) | (1ULL << EXC_LOAD_PAGE_FAULT) | \
		       (1ULL << EXC_STORE_PAGE_FAULT))
/* VS-level interrupts go to the guest (8.2.2 hideleg). */
#define HIDELEG_GUEST ((1ULL << IRQ_VS_SOFT) | (1ULL << IRQ_VS_TIMER) | (1ULL << IRQ_VS_EXT))

static struct cpu *tp_cpu(void)
{
	struct cpu *c;

	__asm__("mv %0, tp" : "=r"(c));
	return c;
}

struct cpu *arch_cpu_this(void)
{
	return tp_cpu();
}

uint64_t arch_cpu_hwid(void)
{
	struct cpu *c = tp_cpu();

	return c ? c->hwid : boot_hartid;
}

/* Sstc 1.0: henvcfg.STCE sticks only if the firmware set menvcfg.STCE. */
static bool sstc_probe(void)
{
	csr_set(CSR_HENVCFG, HENVCFG_STCE);
	return csr_read(CSR_HENVCFG) & HENVCFG_STCE;
}

void arch_cpu_init(struct cpu *c)
{
	c->arch.stack_top = (uint64_t)(uintptr_t)(rv_stacks[c->hwid] + RV_STACK_SIZE);
	__asm__ volatile("mv tp, %0" : : "r"(c));
	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	csr_write(CSR_HCOUNTEREN, 0x7); /* cycle, time, instret (8.2.4) */
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HVIP, 0);
	if (rv_has_sstc)
		csr_set(CSR_HENVCFG, HENVCFG_STCE);
	else
		csr_clear(CSR_HENVCFG, HENVCFG_STCE);
	/* IPIs kick us out of a guest; our timer stands in without Sstc */
	csr_write(CSR_SIE, (1ULL << IRQ_S_SOFT) | (rv_has_sstc ? 0 : 1ULL << IRQ_S_TIMER));
}

enum hv_err arch_cpu_start(uint32_t idx, uint64_t hwid)
{
	if (hwid >= AXV_ARCH_MAX_HARTS)
		return HV_ERR_RANGE;
	return sbi_hart_start(hwid, (uint64_t)(uintptr_t)rv_secondary_entry, idx) ? HV_ERR_INVAL
										   : HV_OK;
}

void arch_cpu_wait(void)
{
	__asm__ volatile("wfi");
}

/* WFI returns on any pending interrupt enabled in sie (4.1.3), SIE off or not. */
void arch_cpu_idle(void)
{
	csr_clear(CSR_SIP, 1ULL << IRQ_S_SOFT);
	__asm__ volatile("wfi");
}

void arch_cpu_wake_all(void)
{
	for (uint32_t i = 0; i < vmcfg_board.cpu_num; i++)
		if (cpus[i].hwid != arch_cpu_hwid())
			sbi_send_ipi_one((uint32_t)vmcfg_board.cpu_hwids[i]);
}

void arch_machine_off(void)
{
	sbi_system_off();
}

/* Harts are cache-coherent with each other and with DMA on this platform. */
void arch_dcache_flush(const void *p, size_t len)
{
	(void)p;
	(void)len;
	__asm__ volatile("fence rw, rw" : : : "memory");
}

void arch_icache_inval_all(void)
{
	__asm__ volatile("fence.i" : : : "memory");
	sbi_remote_fence_i(0, ~0ULL); /* every hart (base -1: all) */
}

bool arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	(void)h;
	(void)p;
	(void)nblocks;
	return false; /* no Zknh use yet: lib/sha256.c */
}

void arch_mem_zero_to_poc(void *p, size_t len)
{
	memset(p, 0, len);
	__asm__ volatile("fence rw, rw" : : : "memory");
}

/* boot.S: every hart's C entry; the boot hart runs hv_main(). */
void rv_hart_main(uint64_t hartid, uint64_t arg, uint64_t is_boot)
{
	__asm__ volatile("mv tp, zero");
	csr_write(CSR_SSCRATCH, 0);
	csr_write(CSR_STVEC, (uint64_t)(uintptr_t)rv_trap_vector);
	hspt_enable();
	if (!is_boot) {
		hv_secondary_main((uint32_t)arg);
	}
	boot_hartid = hartid;
	ns16550_set_layout(vmcfg_board.arch.uart_reg_shift, vmcfg_board.arch.uart_io_width);
	uart_early_init();
	rv_has_sstc = sstc_probe();
	hv_log("riscv64: boot hart %lu in HS-mode, Sv39 on, %s", hartid,
	       rv_has_sstc ? "Sstc: guests own their timer" : "no Sstc: guest timer through SBI");
	hv_main();
}

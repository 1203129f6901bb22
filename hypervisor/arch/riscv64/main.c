/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every hart's C entry (boot.S): per-hart HS-mode setup, then the boot
 * hart brings up the console, the VM and the other harts (SBI HSM), and
 * each hart runs its vCPU or parks.
 */
#include "standalone.h"
#include "sbi_defs.h"
#include <hv/log.h>
#include <hv/ns16550.h>
#include <hv/uart.h>

#ifndef RV_UART_BASE
#define RV_UART_BASE 0x10000000ULL
#endif
#ifndef RV_NUM_HARTS
#define RV_NUM_HARTS 4
#endif
_Static_assert(RV_NUM_HARTS <= AXV_ARCH_MAX_HARTS, "harts");

uint8_t rv_stacks[AXV_ARCH_MAX_HARTS][RV_STACK_SIZE] __attribute__((aligned(16)));
static struct rv_pcpu pcpus[AXV_ARCH_MAX_HARTS];
bool rv_has_sstc;

void rv_hart_main(uint64_t hartid, uint64_t arg, uint64_t is_boot);

/*
 * Exceptions the guest handles itself (privileged spec 8.2.2 hedeleg):
 * misaligned fetch, illegal instruction, breakpoint, ecall from VU, and
 * VS-stage page faults. Guest-page faults, VS ecalls (SBI) and virtual
 * instruction faults always reach us.
 */
#define HEDELEG_GUEST ((1ULL << EXC_INST_MISALIGNED) | (1ULL << EXC_ILLEGAL_INST) | \
		       (1ULL << EXC_BREAKPOINT) | (1ULL << EXC_ECALL_U) | \
		       (1ULL << EXC_INST_PAGE_FAULT) | (1ULL << EXC_LOAD_PAGE_FAULT) | \
		       (1ULL << EXC_STORE_PAGE_FAULT))
/* VS-level interrupts go to the guest (8.2.2 hideleg). */
#define HIDELEG_GUEST ((1ULL << IRQ_VS_SOFT) | (1ULL << IRQ_VS_TIMER) | (1ULL << IRQ_VS_EXT))

/*
 * Sstc (Sstc 1.0): henvcfg.STCE is writable only if the firmware set
 * menvcfg.STCE, so what reads back tells whether the guest can have its
 * own vstimecmp.
 */
static bool sstc_probe(void)
{
	csr_set(CSR_HENVCFG, HENVCFG_STCE);
	return csr_read(CSR_HENVCFG) & HENVCFG_STCE;
}

static void hart_init_h(void)
{
	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	/* guests read cycle, time and instret themselves (8.2.4) */
	csr_write(CSR_HCOUNTEREN, 0x7);
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HVIP, 0);
	if (rv_has_sstc)
		csr_set(CSR_HENVCFG, HENVCFG_STCE);
	else
		csr_clear(CSR_HENVCFG, HENVCFG_STCE);
	/* IPIs kick us out of the guest; our timer stands in without Sstc */
	csr_write(CSR_SIE, (1ULL << IRQ_S_SOFT) | (rv_has_sstc ? 0 : 1ULL << IRQ_S_TIMER));
}

static void start_other_harts(uint32_t me)
{
	for (uint32_t h = 0; h < RV_NUM_HARTS; h++) {
		long err;

		if (h == me)
			continue;
		err = sbi_hart_start(h, (uint64_t)(uintptr_t)rv_secondary_entry, 0);
		if (err)
			hv_log("hart %u: SBI HSM hart_start failed (%ld)", h, err);
	}
}

static void boot_hart_setup(uint32_t hartid)
{
	ns16550_set_layout(0, 1);
	uart_init(RV_UART_BASE);
	rv_has_sstc = sstc_probe();
	hv_log("AxVisor (C) riscv64: boot hart %u, HS-mode, Sv39 on, %s", hartid,
	       rv_has_sstc ? "Sstc: guests own their timer" : "no Sstc: timer through SBI");
	vm_boot_all();
}

static uint32_t boot_done;

void rv_hart_main(uint64_t hartid, uint64_t arg, uint64_t is_boot)
{
	struct rv_pcpu *pc = &pcpus[hartid];

	(void)arg; /* the boot DTB: the board file describes this machine */
	pc->hartid = (uint32_t)hartid;
	pc->stack_top = (uint64_t)(uintptr_t)(rv_stacks[hartid] + RV_STACK_SIZE);
	__asm__ volatile("mv tp, %0" : : "r"(pc));
	csr_write(CSR_SSCRATCH, 0);
	csr_write(CSR_STVEC, (uint64_t)(uintptr_t)rv_trap_vector);
	hspt_enable();
	if (is_boot) {
		boot_hart_setup(pc->hartid);
		hart_init_h();
		__atomic_store_n(&boot_done, 1, __ATOMIC_RELEASE);
		start_other_harts(pc->hartid);
	} else {
		while (!__atomic_load_n(&boot_done, __ATOMIC_ACQUIRE))
			;
		hart_init_h();
	}
	vcpu_park(pc);
}

/* --- what core/log.c needs of the arch (hv/arch/cpu.h) ------------------- */
void arch_cpu_wait(void)
{
	__asm__ volatile("wfi");
}

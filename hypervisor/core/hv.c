/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot sequence and the per-CPU run loop. Each physical CPU runs at most one
 * vCPU (static partitioning): it idles until that vCPU is ON_PENDING
 * (first boot, power_vcpu_start, VM reset), then enters it; a trap either
 * resumes the guest or, if the vCPU was stopped meanwhile, idles again.
 */
#include <hv/arch/cpu.h>
#include <hv/arch/irqchip.h>
#include <hv/arch/pgtable.h>
#include <hv/arch/timer.h>
#include <hv/arch/vcpu.h>
#include <hv/console.h>
#include <hv/cpu.h>
#include <hv/emul.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/uart.h>
#include <hv/vm.h>
#include <hv/vpl011.h>

#define S2_POOL_PAGES_PER_VM 64

/* Zeroed page by page by page_pool_alloc(): not in .bss (see the ld script). */
static uint8_t s2_pool_mem[AXVM_VM_NUM * S2_POOL_PAGES_PER_VM * PAGE_SIZE]
	__attribute__((aligned(8192), section(".noinit.s2_pool")));
static struct page_pool s2_pool;

void uart_early_init(void)
{
	uart_init(vmcfg_board.uart_base);
}

/* The one place a CPU learns its index: from then on, cpu_this(). */
static void cpu_setup(uint32_t idx)
{
	struct cpu *c = &cpus[idx];

	c->index = idx;
	c->hwid = vmcfg_board.cpu_hwids[idx];
	arch_cpu_init(c); /* c->vcpu is set when its VM is built */
}

static uint32_t boot_cpu_index(void)
{
	uint64_t me = arch_cpu_hwid();
	int32_t i = cpu_index_of_hwid(me);

	if (i < 0)
		hv_panic("CPU with hardware id %#lx is not in the board description", me);
	return (uint32_t)i;
}

void vm_init_all(void)
{
	page_pool_init(&s2_pool, s2_pool_mem, ARRAY_SIZE(s2_pool_mem) / PAGE_SIZE);
	for (uint32_t i = 0; i < vmcfg_vm_num; i++) {
		struct vm *vm = &vms[i];
		enum hv_err err = vm_build(vm, &vmcfg_vms[i], i, &s2_pool);

		if (!err)
			err = vm_load_images(vm, false);
		if (err) {
			LOG("vm %s: not started: %s", vmcfg_vms[i].name, hv_strerror(err));
			vm->cfg = &vmcfg_vms[i];
			vm->state = VM_STATE_STOPPED;
			vpl011_vm_live(vm, false); /* no input focus for it */
			continue;
		}
		LOG("vm %u '%s': %u vCPU(s), entry %#lx, %u region(s), %u image(s) verified",
		    vmcfg_vms[i].id, vmcfg_vms[i].name, vmcfg_vms[i].vcpu_num,
		    vmcfg_vms[i].entry_ipa, vmcfg_vms[i].region_num, vmcfg_vms[i].image_num);
		vm_arm_boot_vcpu(vm);
	}
}

/* Start the physical CPUs that host a vCPU; the others stay off in firmware. */
static void start_secondaries(uint32_t boot)
{
	for (uint32_t i = 0; i < vmcfg_board.cpu_num; i++) {
		if (i == boot)
			continue;
		if (!vm_vcpu_of_pcpu(i)) {
			LOG("cpu %u: no vCPU assigned, left powered off", i);
			continue;
		}
		if (arch_cpu_start(i, vmcfg_board.cpu_hwids[i]))
			LOG("cpu %u: could not be started", i);
	}
}

void hv_main(void)
{
	uint32_t me = boot_cpu_index();

	LOG("AxVisor (C) on %s: %u CPUs, %u VM(s), boot CPU %u",
	    vmcfg_board.name, vmcfg_board.cpu_num, vmcfg_vm_num, me);
	cpu_setup(me);
	console_cmd_init();
	/* Console: poll UART input every 1 ms of guest exits, flush idle lines after 100 ms. */
	console_set_poll_interval(arch_timer_freq() / 1000);
	console_set_idle_timeout(arch_timer_freq() / 10);
	arch_irqchip_init_global();
	irq_wire_devices();
	arch_irqchip_init_cpu();
	vm_init_all();
	if (vm_live_count() == 0) {
		LOG("no VM could be started: powering off the machine");
		hv_machine_off();
	}
	start_secondaries(me);
	cpu_idle(me);
}

void hv_secondary_main(uint32_t idx)
{
	cpu_setup(idx);
	arch_irqchip_init_cpu();
	cpu_idle(idx);
}

static void vcpu_start(struct vcpu *v)
{
	arch_vm_tlb_flush_local(v->vm); /* nothing the VMID cached before survives */
	arch_vcpu_reset(v, v->boot_entry, v->boot_arg);
	v->faults = 0;
	v->calls = 0;
	emul_vcpu_reset(v);
	arch_irqchip_vcpu_reset(v);
	vcpu_state_set(v, VCPU_RUNNING);
	if (!vcpu_mark_in(v))
		return; /* stopped again before it ran: back to idle */
	arch_irqchip_vcpu_enter(v);
	arch_vcpu_run(v);
}

void cpu_idle(uint32_t pcpu)
{
	struct vcpu *v = vm_vcpu_of_pcpu(pcpu);

	for (;;) {
		if (v)
			vm_request_run(v); /* Ctrl-A r/o/s: done on the VM's own CPU */
		if (v && vcpu_state_get(v) == VCPU_ON_PENDING)
			vcpu_start(v);
		console_poll_due(arch_timer_count());
		arch_cpu_idle();
	}
}

void vcpu_trap_return(struct vcpu *vcpu)
{
	console_poll_due(arch_timer_count_relaxed()); /* every exit: no barrier */
	vm_request_run(vcpu);
	if (!vcpu_mark_in(vcpu))
		cpu_idle(vcpu->pcpu);
	arch_irqchip_vcpu_enter(vcpu);
}

#define FAULT_LOG_MAX 64

/* One rate limit per kind of event, so that one kind cannot use up the
 * other's lines (issue 18: feature probes hid a later real fault). */
static bool log_budget(struct vcpu *vcpu, uint32_t *count, const char *what)
{
	if (*count < FAULT_LOG_MAX) {
		(*count)++;
		return true;
	}
	if ((*count)++ == FAULT_LOG_MAX)
		LOG("vm %s vcpu %u: %d %s logged, not logging more until it restarts",
		    vcpu->vm->cfg->name, vcpu->id, FAULT_LOG_MAX, what);
	return false;
}

bool vcpu_log_fault(struct vcpu *vcpu)
{
	return log_budget(vcpu, &vcpu->faults, "faults");
}

bool vcpu_log_call(struct vcpu *vcpu)
{
	return log_budget(vcpu, &vcpu->calls, "unsupported calls");
}

void vcpu_fatal(struct vcpu *vcpu)
{
	if (vm_stop(vcpu->vm)) {
		LOG("no VM left running: powering off the machine");
		hv_machine_off();
	}
}

void hv_machine_off(void)
{
	log_sync();
	arch_machine_off();
}

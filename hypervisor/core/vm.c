/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMs built from the generated tables: stage 2 maps exactly the configured
 * regions and passthrough MMIO windows (never the hypervisor's own memory);
 * images are copied from their pristine firmware sections after a SHA-256
 * check, at first boot and at every SYSTEM_RESET; boot-disk images are
 * checked in place (core/image_fs.c).
 */
#include <hv/arch/cpu.h>
#include <hv/arch/timer.h>
#include <hv/arch/vcpu.h>
#include <hv/cpu.h>
#include <hv/hv.h>
#include <hv/image_fs.h>
#include <hv/arch/irqchip.h>
#include <hv/log.h>
#include <hv/sha256.h>
#include <hv/string.h>
#include <hv/vm.h>
#include <hv/vpl011.h>

struct vm vms[AXVM_VM_NUM];

static uint32_t this_cpu_index(void)
{
	return cpu_this()->index;
}

static bool overlaps(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

static unsigned region_attr(uint32_t flags)
{
	unsigned a = 0;

	a |= (flags & AXV_MEM_FLAG_READ) ? PT_R : 0;
	a |= (flags & AXV_MEM_FLAG_WRITE) ? PT_W : 0;
	a |= (flags & AXV_MEM_FLAG_EXEC) ? PT_X : 0;
	a |= (flags & AXV_MEM_FLAG_DEVICE) ? PT_DEVICE : 0;
	a |= (flags & AXV_MEM_FLAG_UNCACHED) ? PT_UNCACHED : 0;
	return a;
}

static enum hv_err s2_map_checked(struct vm *vm, uint64_t ipa, uint64_t pa,
				  uint64_t size, unsigned attr)
{
	/* Defence in depth: axvmconfig already refuses this. */
	if (overlaps(pa, size, vmcfg_board.hv_base, vmcfg_board.hv_size))
		return HV_ERR_DENIED;
	return pgtable_map(&vm->s2, ipa, pa, size, attr);
}

static enum hv_err vm_build_s2(struct vm *vm)
{
	const struct vmcfg_vm *c = vm->cfg;
	enum hv_err err;

	for (uint32_t i = 0; i < c->region_num; i++) {
		const struct vmcfg_mem_region *r = &c->regions[i];

		/* Defence in depth: axvmconfig refuses flags outside the contract. */
		if (r->flags & ~(uint32_t)AXV_MEM_FLAGS_SUPPORTED) {
			LOG("vm %s: regions[%u]: flags %#x not supported", c->name, i, r->flags);
			return HV_ERR_UNSUPP;
		}
		err = s2_map_checked(vm, r->ipa, r->pa, r->size, region_attr(r->flags));
		if (err) {
			LOG("vm %s: regions[%u] %#lx+%#lx: stage-2 map failed: %s",
			    c->name, i, r->ipa, r->size, hv_strerror(err));
			return err;
		}
	}
	for (uint32_t i = 0; i < c->mmio_num; i++) {
		const struct vmcfg_mmio *m = &c->mmios[i];

		err = s2_map_checked(vm, m->ipa, m->pa, m->size, PT_R | PT_W | PT_DEVICE);
		if (err) {
			LOG("vm %s: mmios[%u] %#lx+%#lx: stage-2 map failed: %s",
			    c->name, i, m->ipa, m->size, hv_strerror(err));
			return err;
		}
	}
	return HV_OK;
}

static enum hv_err vm_build_devices(struct vm *vm)
{
	const struct vmcfg_vm *c = vm->cfg;

	if (c->emu_num > AXVM_MAX_EMU_DEVS)
		return HV_ERR_RANGE;
	for (uint32_t i = 0; i < c->emu_num; i++) {
		enum hv_err err = emul_dev_init(vm, &c->emus[i], &vm->emus[i]);

		if (err) {
			LOG("vm %s: emu_devices[%u] type %#x at %#lx: %s", c->name, i,
			    c->emus[i].type, c->emus[i].ipa, hv_strerror(err));
			return err;
		}
		vm->emu_num++;
	}
	return HV_OK;
}

enum hv_err vm_build(struct vm *vm, const struct vmcfg_vm *cfg, uint32_t index,
		     struct page_pool *pool)
{
	enum hv_err err;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->index = index;
	if (cfg->vcpu_num == 0 || cfg->vcpu_num > AXVM_MAX_VCPUS)
		return HV_ERR_RANGE;
	for (uint32_t i = 0; i < cfg->vcpu_num; i++) {
		if (cfg->vcpus[i].pcpu >= AXVM_CPU_NUM)
			return HV_ERR_RANGE;
		vm->vcpus[i] = (struct vcpu){.vm = vm, .id = i,
					     .pcpu = cfg->vcpus[i].pcpu,
					     .hwid = cfg->vcpus[i].hwid};
		cpus[cfg->vcpus[i].pcpu].vcpu = &vm->vcpus[i];
	}
	err = pgtable_init(&vm->s2, PT_STAGE2, arch_pt_geometry(PT_STAGE2), pool);
	if (!err)
		err = vm_build_s2(vm);
	if (!err)
		err = vm_build_devices(vm);
	if (err)
		return err;
	arch_vm_init(vm);
	return arch_irqchip_vm_init(vm);
}

/* Host pointer for [ipa, ipa+size) if one RAM region holds it all. */
static uint8_t *vm_ipa_to_hva(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	for (uint32_t i = 0; i < vm->cfg->region_num; i++) {
		const struct vmcfg_mem_region *r = &vm->cfg->regions[i];

		if (ipa >= r->ipa && ipa - r->ipa <= r->size && size <= r->size - (ipa - r->ipa))
			return (uint8_t *)arch_pa_to_hva(PA(r->pa + (ipa - r->ipa)));
	}
	return NULL;
}

static enum hv_err image_check(const struct vm *vm, uint32_t i)
{
	const struct vmcfg_image *im = &vm->cfg->images[i];
	uint8_t sum[32];

	if (image_is_fs(im)) {
		const uint8_t *at = vm_ipa_to_hva(vm, im->load_ipa, im->size);

		return at ? image_fs_check(vm, i, at) : HV_ERR_RANGE;
	}
	if ((uint64_t)(im->end - im->start) < im->size) {
		LOG("vm %s: images[%u]: section shorter than its size", vm->cfg->name, i);
		return HV_ERR_CORRUPT;
	}
	sha256(im->start, im->size, sum);
	if (memcmp(sum, im->sha256, sizeof(sum)) != 0) {
		LOG("vm %s: images[%u] (%lu bytes): SHA-256 mismatch, pristine copy corrupt",
		    vm->cfg->name, i, im->size);
		return HV_ERR_CORRUPT;
	}
	return HV_OK;
}

static bool vm_has_fs_images(const struct vm *vm)
{
	for (uint32_t i = 0; i < vm->cfg->image_num; i++) {
		if (image_is_fs(&vm->cfg->images[i]))
			return true;
	}
	return false;
}

static void vm_clear_ram(const struct vm *vm)
{
	for (uint32_t i = 0; i < vm->cfg->region_num; i++) {
		const struct vmcfg_mem_region *r = &vm->cfg->regions[i];
		void *p = arch_pa_to_hva(PA(r->pa));

		if (r->flags & AXV_MEM_FLAG_DEVICE)
			continue;
		if (vm_has_fs_images(vm))
			image_fs_zero_around(vm, r->ipa, r->pa, r->size);
		else
			arch_mem_zero_to_poc(p, r->size);
	}
}

enum hv_err vm_load_images(struct vm *vm, bool clear)
{
	const struct vmcfg_vm *c = vm->cfg;

	for (uint32_t i = 0; i < c->image_num; i++) {
		enum hv_err err = image_check(vm, i);

		if (err)
			return err;
		if (!vm_ipa_to_hva(vm, c->images[i].load_ipa, c->images[i].size))
			return HV_ERR_RANGE;
	}
	if (clear)
		vm_clear_ram(vm);
	for (uint32_t i = 0; i < c->image_num; i++) {
		const struct vmcfg_image *im = &c->images[i];
		uint8_t *dst = vm_ipa_to_hva(vm, im->load_ipa, im->size);

		if (image_is_fs(im))
			continue; /* already in place, checked above */
		memcpy(dst, im->start, im->size);
		/* The guest starts with its MMU off: make the copy visible at PoC. */
		arch_dcache_flush(dst, im->size);
	}
	arch_icache_inval_all();
	return HV_OK;
}

void vm_arm_boot_vcpu(struct vm *vm)
{
	for (uint32_t i = 1; i < vm->cfg->vcpu_num; i++)
		vcpu_state_set(&vm->vcpus[i], VCPU_OFF);
	vm->vcpus[0].boot_entry = vm->cfg->entry_ipa;
	vm->vcpus[0].boot_arg = vm->cfg->dtb_ipa;
	vm->boots++;
	vm->state = VM_STATE_RUNNING;
	vpl011_vm_live(vm, true);
	vcpu_state_set(&vm->vcpus[0], VCPU_ON_PENDING);
	arch_cpu_wake_all();
	if (vm->vcpus[0].pcpu != this_cpu_index())
		arch_irqchip_kick_cpu(vm->vcpus[0].pcpu); /* it may sleep until an interrupt */
}

/*
 * Wait until a stopped vCPU has left its guest, so its memory can be
 * cleared under it: never go on while it may still run there. The kick is
 * repeated every 100 ms of counter time (on a loaded host QEMU may run the
 * target CPU's thread late, or the kick may land before its guest entry);
 * after 5 s a line says which vCPU is late, once. Only the VM's own CPUs
 * wait here: a guest that never traps delays its own reset, nobody else's.
 */
static void vcpu_wait_out(struct vcpu *v)
{
	uint64_t step = arch_timer_freq() / 10;
	uint64_t next = arch_timer_count() + step;
	uint32_t kicks = 0;

	while (__atomic_load_n(&v->in_guest, __ATOMIC_SEQ_CST)) {
		if (arch_timer_count() < next)
			continue;
		next += step;
		arch_irqchip_kick_cpu(v->pcpu);
		if (++kicks == 50)
			LOG("vm %s vcpu %u: still in its guest on cpu %u after 5 s, waiting",
			    v->vm->cfg->name, v->id, v->pcpu);
	}
}

/*
 * Stop every vCPU of the VM. Those in their guest on other CPUs are kicked
 * out (they see STOPPED on the way back and park); parked ones are not
 * kicked, so no stale wake-up keeps them from sleeping.
 */
static void vm_halt_vcpus(struct vm *vm)
{
	uint32_t me = this_cpu_index();

	for (uint32_t i = 0; i < vm->cfg->vcpu_num; i++) {
		struct vcpu *v = &vm->vcpus[i];
		enum vcpu_state was = __atomic_exchange_n(&v->state, VCPU_STOPPED,
							  __ATOMIC_SEQ_CST);

		if (was == VCPU_RUNNING && v->pcpu != me)
			arch_irqchip_kick_cpu(v->pcpu);
	}
	for (uint32_t i = 0; i < vm->cfg->vcpu_num; i++) {
		if (vm->vcpus[i].pcpu != me)
			vcpu_wait_out(&vm->vcpus[i]);
	}
}

uint32_t vm_live_count(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < vmcfg_vm_num; i++)
		n += vms[i].state == VM_STATE_RUNNING || vms[i].state == VM_STATE_RESETTING;
	return n;
}

bool vm_power_off(struct vm *vm)
{
	vm->state = VM_STATE_OFF;
	vm_halt_vcpus(vm);
	vpl011_vm_live(vm, false);
	return vm_live_count() == 0;
}

bool vm_stop(struct vm *vm)
{
	vm->state = VM_STATE_STOPPED;
	vm_halt_vcpus(vm);
	vpl011_vm_live(vm, false);
	return vm_live_count() == 0;
}

void vm_reset(struct vm *vm)
{
	enum hv_err err;

	vm->state = VM_STATE_RESETTING;
	vm_halt_vcpus(vm);
	err = vm_load_images(vm, true);
	if (err) {
		LOG("vm %s: not restarted: %s", vm->cfg->name, hv_strerror(err));
		vm_stop(vm);
		return;
	}
	LOG("vm %s: memory cleared, %u image(s) SHA-256 verified and reloaded: boot %u",
	    vm->cfg->name, vm->cfg->image_num, vm->boots + 1);
	vm_arm_boot_vcpu(vm);
}

static enum hv_err request_check(const struct vm *vm, enum vm_request req)
{
	enum vm_state st = __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE);

	switch (req) {
	case VM_REQ_START:
		return st == VM_STATE_OFF || st == VM_STATE_STOPPED ? HV_OK : HV_ERR_EXISTS;
	case VM_REQ_OFF:
		return st == VM_STATE_RUNNING ? HV_OK : HV_ERR_DENIED;
	case VM_REQ_RESTART:
		return st != VM_STATE_RESETTING ? HV_OK : HV_ERR_DENIED;
	default:
		return HV_ERR_INVAL;
	}
}

/*
 * The request is carried out on the VM's own CPU, never the caller's: the
 * reset hashes images, possibly with vector registers (see vm_reset)
 * and clears guest memory, which must not happen on another partition's CPU
 * with that partition's registers live.
 */
enum hv_err vm_request(struct vm *vm, enum vm_request req)
{
	uint32_t none = VM_REQ_NONE;
	enum hv_err err = request_check(vm, req);

	if (err)
		return err;
	if (!__atomic_compare_exchange_n(&vm->request, &none, (uint32_t)req, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return HV_ERR_BUSY;
	arch_cpu_wake_all();
	if (vm->vcpus[0].pcpu != this_cpu_index())
		arch_irqchip_kick_cpu(vm->vcpus[0].pcpu);
	return HV_OK;
}

void vm_request_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint32_t req;

	if (v->id != 0 || !__atomic_load_n(&vm->request, __ATOMIC_RELAXED))
		return;
	req = __atomic_exchange_n(&vm->request, VM_REQ_NONE, __ATOMIC_SEQ_CST);
	if (request_check(vm, req)) /* the guest changed its state meanwhile */
		return;
	if (req == VM_REQ_OFF) {
		LOG("vm %s: powered off from the console", vm->cfg->name);
		if (vm_power_off(vm)) {
			LOG("all VMs are off: powering off the machine");
			hv_machine_off();
		}
		return;
	}
	LOG("vm %s: %s from the console", vm->cfg->name,
	    req == VM_REQ_START ? "started" : "restarted");
	vm_reset(vm);
}

struct vcpu *vm_vcpu_of_pcpu(uint32_t pcpu)
{
	return pcpu < AXVM_CPU_NUM ? cpus[pcpu].vcpu : NULL;
}

struct vcpu *vm_vcpu_by_hwid(struct vm *vm, uint64_t hwid)
{
	for (uint32_t i = 0; i < vm->cfg->vcpu_num; i++) {
		if (vm->vcpus[i].hwid == hwid)
			return &vm->vcpus[i];
	}
	return NULL;
}

bool vm_ipa_executable(const struct vm *vm, uint64_t ipa)
{
	for (uint32_t i = 0; i < vm->cfg->region_num; i++) {
		const struct vmcfg_mem_region *r = &vm->cfg->regions[i];

		if ((r->flags & AXV_MEM_FLAG_EXEC) && ipa >= r->ipa && ipa - r->ipa < r->size)
			return true;
	}
	return false;
}

struct emul_dev *vm_find_emul(struct vm *vm, uint64_t ipa)
{
	for (uint32_t i = 0; i < vm->emu_num; i++) {
		struct emul_dev *d = &vm->emus[i];

		if (ipa >= d->base && ipa - d->base < d->size)
			return d;
	}
	return NULL;
}

void vm_flush_dcache(struct vm *vm)
{
	for (uint32_t i = 0; i < vm->cfg->region_num; i++) {
		const struct vmcfg_mem_region *r = &vm->cfg->regions[i];

		arch_dcache_flush(arch_pa_to_hva(PA(r->pa)), r->size);
	}
}

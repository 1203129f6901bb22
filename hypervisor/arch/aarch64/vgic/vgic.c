/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual GICv3: the irq.h hooks, VM setup, physical interrupt dispatch at
 * EL2 and the injection API. Register emulation is in vgic_dist.c,
 * vgic_redist.c and vgic_mmio.c, list registers in vgic_lr.c, SGIs in
 * vgic_sgi.c, the timer in vtimer.c. See arch/vgic.h for the model.
 */
#include "vgic_internal.h"

#include <hv/arch/irqchip.h>
#include <arch/gic.h>
#include <arch/vgic_hw.h>

/* Which VM a physical (passthrough) SPI belongs to: set once at VM init. */
static struct vm *spi_owner[VGIC_MAX_SPIS];

/* Physical interrupts the hypervisor itself handles. */
static struct {
	irq_handler_fn fn;
	void *arg;
} hv_irqs[VGIC_NR_IRQS];

/* --- lookup ------------------------------------------------------------- */

struct vgic_irq *vgic_irq_get(struct vm *vm, struct vcpu *vcpu,
			      uint32_t intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE)
		return vcpu ? &vcpu->arch.vgic.priv[intid] : NULL;
	if (intid >= VGIC_NR_IRQS)
		return NULL;
	irq = &vm->arch.vgic.spi[intid - VGIC_NR_PRIVATE];
	return (irq->flags & VGIC_IRQ_OWNED) ? irq : NULL;
}

struct vcpu *vgic_irq_target(struct vm *vm, struct vcpu *vcpu,
			     uint32_t intid, struct vgic_irq *irq)
{
	if (intid < VGIC_NR_PRIVATE)
		return vcpu;
	if (irq->target >= vm->cfg->vcpu_num)
		return NULL;
	return &vm->vcpus[irq->target];
}

/* --- making interrupts pending (VM lock held) --------------------------- */

void vgic_kick(struct vcpu *target)
{
	if (target->state != VCPU_RUNNING ||
	    target->pcpu == arch_gic_cpu_index())
		return; /* refilled by arch_irqchip_vcpu_enter() on this pCPU */
	arch_gic_send_sgi(vmcfg_board.cpu_hwids[target->pcpu], VGIC_SGI_KICK);
}

void vgic_irq_make_pending(struct vm *vm, struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq_get(vm, vcpu, intid);
	struct vcpu *t;

	if (!irq)
		return;
	irq->flags |= VGIC_IRQ_PENDING;
	t = vgic_irq_target(vm, vcpu, intid, irq);
	if (!t)
		return; /* routed nowhere: stays pending until IROUTER changes */
	vgic_pend_set(&t->arch.vgic, intid);
	if (irq->flags & VGIC_IRQ_ENABLED)
		vgic_kick(t);
}

static bool vgic_vm_on(const struct vm *vm)
{
	return vm->cfg->irq_mode != VMCFG_IRQ_NONE;
}

enum hv_err vgic_inject_private(struct vcpu *target, uint32_t intid)
{
	struct vm *vm = target->vm;

	if (intid >= VGIC_NR_PRIVATE)
		return HV_ERR_RANGE;
	if (!vgic_vm_on(vm))
		return HV_ERR_UNSUPP;
	vgic_lock(&vm->arch.vgic);
	vgic_irq_make_pending(vm, target, intid);
	vgic_unlock(&vm->arch.vgic);
	return HV_OK;
}

/* A virtual SPI of `vm`; passthrough ones come only from the hardware. */
static struct vgic_irq *vgic_virt_spi(struct vm *vm, uint32_t intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE || !vgic_vm_on(vm))
		return NULL;
	irq = vgic_irq_get(vm, NULL, intid);
	return (irq && !(irq->flags & VGIC_IRQ_HW)) ? irq : NULL;
}

enum hv_err vgic_inject_spi(struct vm *vm, uint32_t intid)
{
	if (!vgic_virt_spi(vm, intid))
		return HV_ERR_DENIED;
	vgic_lock(&vm->arch.vgic);
	vgic_irq_make_pending(vm, NULL, intid);
	vgic_unlock(&vm->arch.vgic);
	return HV_OK;
}

enum hv_err vgic_set_spi_level(struct vm *vm, uint32_t intid, bool high)
{
	struct vgic_irq *irq = vgic_virt_spi(vm, intid);
	struct vcpu *t;

	if (!irq)
		return HV_ERR_DENIED;
	vgic_lock(&vm->arch.vgic);
	if (high) {
		irq->flags |= VGIC_IRQ_LINE;
		vgic_irq_make_pending(vm, NULL, intid);
	} else {
		/* A level interrupt stops being pending when its line drops. */
		irq->flags &= (uint8_t)~(VGIC_IRQ_LINE | VGIC_IRQ_PENDING);
		t = vgic_irq_target(vm, NULL, intid, irq);
		if (t)
			vgic_pend_clear(&t->arch.vgic, intid);
	}
	vgic_unlock(&vm->arch.vgic);
	return HV_OK;
}

bool vgic_vcpu_has_pending(struct vcpu *vcpu)
{
	struct vgic_irq *irq;
	uint32_t i;

	for (i = 0; i < VGIC_NR_IRQS; i++) {
		if (!vgic_pend_test(&vcpu->arch.vgic, i))
			continue;
		irq = vgic_irq_get(vcpu->vm, vcpu, i);
		if (irq && (irq->flags & VGIC_IRQ_ENABLED))
			return true;
	}
	for (i = 0; i < VGIC_MAX_LRS; i++)
		if ((vcpu->arch.vgic.lr_used & BIT(i)) &&
		    (arch_vgic_lr_read(i) & ICH_LR_PENDING))
			return true;
	return false;
}

/* --- VM setup ----------------------------------------------------------- */

static enum hv_err vgic_own_spi(struct vm *vm, uint32_t intid, bool hw)
{
	struct vgic_irq *irq;
	uint32_t limit = VGIC_NR_PRIVATE + vmcfg_board.arch.gic_spi_num;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS || intid >= limit)
		return HV_ERR_RANGE;
	irq = &vm->arch.vgic.spi[intid - VGIC_NR_PRIVATE];
	irq->flags = VGIC_IRQ_OWNED | (hw ? VGIC_IRQ_HW : 0);
	irq->target = 0;
	vm->arch.vgic.route[intid - VGIC_NR_PRIVATE] = vm->cfg->vcpus[0].hwid &
						  (GENMASK(39, 32) |
						   GENMASK(23, 0));
	if ((intid / 32) * 32 > vm->arch.vgic.nr_spis)
		vm->arch.vgic.nr_spis = (intid / 32) * 32;
	if (!hw)
		return HV_OK;
	/* Physically off until the guest enables it; to vCPU 0's pCPU. */
	spi_owner[intid - VGIC_NR_PRIVATE] = vm;
	arch_gic_spi_enable(intid, false);
	arch_gic_spi_route(intid,
			   vmcfg_board.cpu_hwids[vm->cfg->vcpus[0].pcpu]);
	return HV_OK;
}

static enum hv_err vgic_own_spis(struct vm *vm)
{
	const struct vmcfg_vm *cfg = vm->cfg;
	enum hv_err err;
	uint32_t i;

	for (i = 0; i < cfg->irq_num; i++) {
		err = vgic_own_spi(vm, cfg->irqs[i], true);
		if (err)
			return err;
	}
	for (i = 0; i < cfg->emu_num; i++) {
		if (cfg->emus[i].irq < VGIC_NR_PRIVATE)
			continue;
		err = vgic_own_spi(vm, cfg->emus[i].irq, false);
		if (err)
			return err;
	}
	return HV_OK;
}

static enum hv_err vgic_add_dev(struct vm *vm, uint64_t base, uint64_t size,
				emul_fn fn)
{
	uint32_t i;

	for (i = 0; i < vm->emu_num; i++)
		if (vm->emus[i].base == base)
			return HV_OK; /* VM restart: already registered */
	if (vm->emu_num >= AXVM_MAX_EMU_DEVS)
		return HV_ERR_NOMEM;
	vm->emus[vm->emu_num++] = (struct emul_dev){
		.base = base, .size = size, .access = fn};
	return HV_OK;
}

static void vgic_dist_reset(struct vm *vm)
{
	struct vgic_dist *d = &vm->arch.vgic;
	uint32_t i;

	d->ctlr = 0;
	d->nr_spis = 0;
	for (i = 0; i < VGIC_MAX_SPIS; i++) {
		d->spi[i] = (struct vgic_irq){.target = VGIC_TARGET_NONE};
		d->route[i] = 0;
		if (spi_owner[i] == vm)
			spi_owner[i] = NULL;
	}
}

enum hv_err arch_irqchip_vm_init(struct vm *vm)
{
	const struct vmcfg_vm *cfg = vm->cfg;
	uint64_t rsize = cfg->vcpu_num * vmcfg_board.arch.gicr_stride;
	enum hv_err err;

	if (!vgic_vm_on(vm))
		return HV_OK;
	vgic_dist_reset(vm);
	err = vgic_own_spis(vm);
	if (!err)
		err = vgic_add_dev(vm, cfg->arch.vgicd_ipa, 0x10000, vgic_dist_access);
	if (!err)
		err = vgic_add_dev(vm, cfg->arch.vgicr_ipa, rsize,
				   vgic_redist_access);
	if (!err) {
		vgic_dist_typer_init(vm);
		vtimer_vm_init(vm);
	}
	return err;
}

static void vgic_cpu_state_reset(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->arch.vgic;
	uint32_t i;

	for (i = 0; i < VGIC_NR_PRIVATE; i++)
		c->priv[i] = (struct vgic_irq){
			.flags = VGIC_IRQ_OWNED | (i < 16 ? VGIC_IRQ_EDGE : 0),
			.target = (uint8_t)vcpu->id};
	for (i = 0; i < VGIC_PEND_WORDS; i++)
		c->pend[i] = 0;
	c->pend_words = 0;
	c->sleep = true; /* GICR_WAKER.ProcessorSleep resets to 1 */
}

void arch_irqchip_vcpu_reset(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;

	if (!vgic_vm_on(vm))
		return;
	vgic_lock(&vm->arch.vgic);
	vgic_cpu_state_reset(vcpu);
	vgic_lr_reset(vcpu);
	vtimer_vcpu_reset(vcpu);
	vgic_unlock(&vm->arch.vgic);
}

/* --- physical CPU side -------------------------------------------------- */

void arch_irqchip_init_global(void)
{
	arch_gic_init_global();
}

/* --- the irqchip contract's injection side (hv/arch/irqchip.h) ---------- */

enum hv_err arch_irqchip_inject(struct vcpu *vcpu, uint32_t irq)
{
	return vgic_inject_private(vcpu, irq);
}

/* Emulated devices' lines are level-sensitive SPIs (e.g. PL011 UARTMIS). */
enum hv_err arch_irqchip_set_line(struct vm *vm, uint32_t irq, bool high)
{
	return vgic_set_spi_level(vm, irq, high);
}

bool arch_irqchip_vcpu_pending(struct vcpu *vcpu)
{
	return vgic_vcpu_has_pending(vcpu);
}

void arch_irqchip_kick_cpu(uint32_t pcpu)
{
	if (pcpu < vmcfg_board.cpu_num && pcpu != arch_gic_cpu_index())
		arch_gic_send_sgi(vmcfg_board.cpu_hwids[pcpu], VGIC_SGI_KICK);
}

void arch_irqchip_init_cpu(void)
{
	arch_gic_init_cpu();
	arch_gic_ppi_enable(VGIC_SGI_KICK, true);
	arch_gic_ppi_enable(vmcfg_board.arch.maint_irq, true);
	for (uint32_t i = 0; i < VGIC_NR_PRIVATE; i++)
		if (vtimer_is_fwd(i))
			arch_gic_ppi_enable(i, true);
	arch_vgic_hcr_write(ICH_HCR_EN);
}

enum hv_err arch_irqchip_own(uint32_t intid, irq_handler_fn fn, void *arg)
{
	if (intid >= VGIC_NR_IRQS || intid == VGIC_SGI_KICK ||
	    vtimer_is_fwd(intid) || intid == vmcfg_board.arch.maint_irq)
		return HV_ERR_RANGE;
	if (intid >= VGIC_NR_PRIVATE && spi_owner[intid - VGIC_NR_PRIVATE])
		return HV_ERR_DENIED;
	hv_irqs[intid].fn = fn;
	hv_irqs[intid].arg = arg;
	if (intid < VGIC_NR_PRIVATE) {
		arch_gic_ppi_enable(intid, true);
		return HV_OK;
	}
	arch_gic_spi_route(intid,
			   vmcfg_board.cpu_hwids[arch_gic_cpu_index()]);
	arch_gic_spi_enable(intid, true);
	return HV_OK;
}

/* Forward a physical interrupt to a vCPU, hardware-linked: the physical
 * one stays active until the guest deactivates the virtual one. */
static void irq_forward(struct vm *vm, struct vcpu *vcpu, uint32_t intid)
{
	arch_gic_eoi(intid);
	vgic_lock(&vm->arch.vgic);
	vgic_irq_make_pending(vm, vcpu, intid);
	vgic_unlock(&vm->arch.vgic);
}

/* The vtimer PPI of the vCPU running here: into an LR at once when
 * vgic_lr_inject_hw() allows, else through the pending set. */
static void irq_forward_local(struct vcpu *vcpu, uint32_t intid)
{
	struct vm *vm = vcpu->vm;

	arch_gic_eoi(intid);
	vgic_lock(&vm->arch.vgic);
	if (!vgic_lr_inject_hw(vcpu, intid, &vcpu->arch.vgic.priv[intid]))
		vgic_irq_make_pending(vm, vcpu, intid);
	vgic_unlock(&vm->arch.vgic);
}

/* A forwarded PPI (timers, PMU) with no vGIC guest to take it: nobody
 * can lower its level, so it is switched off here until a vCPU starts on
 * this CPU again (vtimer_vcpu_reset()) instead of storming. */
static void irq_forward_ppi(struct vcpu *vcpu, uint32_t intid)
{
	if (vcpu && vgic_vm_on(vcpu->vm)) {
		irq_forward_local(vcpu, intid);
		return;
	}
	arch_gic_eoi(intid);
	arch_gic_ppi_enable(intid, false);
	arch_gic_deactivate(intid);
}

static void irq_maintenance(struct vcpu *vcpu)
{
	arch_gic_eoi(vmcfg_board.arch.maint_irq);
	if (vcpu && vgic_vm_on(vcpu->vm)) {
		/* Refill now so the level-sensitive line drops before the
		 * physical interrupt is deactivated (IHI 0069 4.8). */
		vgic_lock(&vcpu->vm->arch.vgic);
		vgic_lr_flush(vcpu);
		vgic_unlock(&vcpu->vm->arch.vgic);
	}
	arch_gic_deactivate(vmcfg_board.arch.maint_irq);
}

static void irq_hv(uint32_t intid)
{
	arch_gic_eoi(intid);
	if (hv_irqs[intid].fn)
		hv_irqs[intid].fn(intid, hv_irqs[intid].arg);
	arch_gic_deactivate(intid);
}

static void irq_dispatch(struct vcpu *vcpu, uint32_t intid)
{
	struct vm *owner = NULL;

	if (vtimer_is_fwd(intid)) {
		irq_forward_ppi(vcpu, intid);
		return;
	}
	if (intid == vmcfg_board.arch.maint_irq) {
		irq_maintenance(vcpu);
		return;
	}
	if (intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS)
		owner = spi_owner[intid - VGIC_NR_PRIVATE];
	if (owner) {
		irq_forward(owner, NULL, intid);
		return;
	}
	irq_hv(intid); /* ours, the kick SGI, or stray: drop and deactivate */
}

void arch_irqchip_handle(struct vcpu *vcpu)
{
	uint32_t intid;
	int budget = 8; /* bounded: a storm cannot keep the guest out */

	while (budget-- > 0) {
		intid = arch_gic_ack();
		if (intid >= 1020)
			return; /* 1020-1023: special / spurious */
		irq_dispatch(vcpu, intid);
	}
}

/* --- trapped system registers ------------------------------------------- */

#define ICC_SGI1R_EL1  SYSREG_KEY(3, 0, 12, 11, 5)
#define ICC_ASGI1R_EL1 SYSREG_KEY(3, 0, 12, 11, 6)
#define ICC_SGI0R_EL1  SYSREG_KEY(3, 0, 12, 11, 7)

enum hv_err vgic_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val,
		       bool write)
{
	uint32_t key = iss & SYSREG_ISS_MASK;

	if (!vgic_vm_on(vcpu->vm))
		return HV_ERR_UNSUPP;
	switch (key) {
	case ICC_SGI1R_EL1:
		return write ? vgic_sgi1r_write(vcpu, *val) : HV_ERR_UNSUPP;
	case ICC_ASGI1R_EL1:
	case ICC_SGI0R_EL1:
		/* Group 0 / other-security SGIs: no such group for guests. */
		return write ? HV_OK : HV_ERR_UNSUPP;
	default:
		return vtimer_sysreg(vcpu, key, val, write);
	}
}

/* --- entry / exit ------------------------------------------------------- */

static bool vgic_cpu_busy(const struct vgic_cpu *c)
{
	return c->overflow || vgic_cpu_has_pend(c);
}

void arch_irqchip_vcpu_enter(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;

	/* Unlocked peek, first thing on every entry: a racing setter kicks
	 * us with VGIC_SGI_KICK. LRs the guest finished with stay as they
	 * are until something new is pending (lazy sync). */
	if (!vgic_cpu_busy(&vcpu->arch.vgic) || !vgic_vm_on(vm))
		return;
	vgic_lock(&vm->arch.vgic);
	vgic_lr_flush(vcpu);
	vgic_unlock(&vm->arch.vgic);
}

void arch_irqchip_vcpu_exit(struct vcpu *vcpu)
{
	/* One vCPU per pCPU: list registers stay loaded across exits and
	 * are folded back lazily by the next flush. */
	(void)vcpu;
}

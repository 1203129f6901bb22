/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual GICv3 (IHI 0069): per-VM distributor state, per-vCPU
 * redistributor and list-register bookkeeping, and the injection API that
 * other modules (emulated devices, PSCI) use.
 *
 * Model. Every interrupt a guest can see has a `struct vgic_irq`: SGIs and
 * PPIs (INTID 0-31) per vCPU, SPIs per VM. Only SPIs the VM owns exist:
 * passthrough SPIs (vmcfg irqs[], hardware-linked, same INTID as the
 * physical one) and the interrupts of its emulated devices (emus[].irq,
 * purely virtual). Any other SPI reads as zero and ignores writes.
 *
 * A pending interrupt that is not yet in a list register has its bit set in
 * the pending set of its target vCPU (`vgic_cpu.pend`). Before the vCPU
 * enters the guest, vgic_flush() moves the highest-priority enabled ones
 * into free list registers; if they do not all fit, the rest stay pending
 * and the underflow maintenance interrupt (ICH_HCR_EL2.UIE) asks for a
 * refill. Nothing is ever dropped.
 *
 * Locking: one lock per VM (vgic_dist.lock) covers the VM's whole vGIC
 * state; list registers are only touched by the pCPU that runs the vCPU.
 * Another pCPU that makes an interrupt pending sends a physical SGI
 * (VGIC_SGI_KICK) to that pCPU, which then refills its list registers.
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include <hv/types.h>
#include <arch/contract.h>
#include <config.h>

/* SPIs 32 .. 32 + AXV_ARCH_MAX_SPIS - 1: the limit axvmconfig enforces. */
#define VGIC_MAX_SPIS AXV_ARCH_MAX_SPIS
#define VGIC_NR_PRIVATE 32
#define VGIC_NR_IRQS    (VGIC_NR_PRIVATE + VGIC_MAX_SPIS)
#define VGIC_MAX_LRS    16
#define VGIC_PEND_WORDS ((VGIC_NR_IRQS + 63) / 64)

/* Physical SGI the hypervisor uses to ask another pCPU to refill its LRs. */
#define VGIC_SGI_KICK  0u
/* PPIs of per-CPU devices the guest owns, forwarded hardware-linked
 * (IHI 0069 2.2.1 / SBSA recommended PPI assignments): PMU overflow, EL1
 * virtual timer, EL1 physical timer. */
#define PMU_INTID      23u
#define VTIMER_INTID   27u
#define PTIMER_INTID   30u
#define VGIC_FWD_PPIS  (BIT(PMU_INTID) | BIT(VTIMER_INTID) | BIT(PTIMER_INTID))
#define VGIC_LR_NONE   0xffffu

/* Priority bits the virtual interface implements (ICH_VTR_EL2.PRIbits). */
#define VGIC_PRIO_MASK 0xf8u

enum vgic_irq_flag {
	VGIC_IRQ_ENABLED = 0x01,
	VGIC_IRQ_PENDING = 0x02, /* pending, not (yet) in a list register */
	VGIC_IRQ_ACTIVE = 0x04,  /* last known; authoritative when not in LR */
	VGIC_IRQ_EDGE = 0x08,    /* GICD_ICFGR: edge-triggered */
	VGIC_IRQ_HW = 0x10,      /* hardware-linked: pINTID == vINTID */
	VGIC_IRQ_LINE = 0x20,    /* level of a virtual level-sensitive line */
	VGIC_IRQ_INLR = 0x40,    /* currently held by a list register */
	VGIC_IRQ_OWNED = 0x80,   /* exists in this VM (always for 0-31) */
};

struct vgic_irq {
	uint8_t prio;
	uint8_t flags;  /* enum vgic_irq_flag */
	uint8_t lr;     /* list register index while VGIC_IRQ_INLR */
	uint8_t target; /* vCPU index it is delivered to; 0xff: nowhere */
	/* vCPU index whose LR holds it while VGIC_IRQ_INLR: not always the
	 * target, an SPI can be rerouted (GICD_IROUTER) while in an LR. */
	uint8_t holder;
};

/* Emulated EL1 physical timer (CNTP_*): registers kept, never fires. */
struct vtimer_cpu {
	uint64_t cntp_ctl;
	uint64_t cntp_cval;
};

struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint64_t pend[VGIC_PEND_WORDS]; /* pending set, by INTID */
	uint32_t pend_words;             /* bit w: pend[w] != 0 */
	uint32_t lr_all;                 /* bit n: LR n implemented */
	uint16_t lr_intid[VGIC_MAX_LRS]; /* INTID held by LR n, VGIC_LR_NONE */
	uint32_t lr_used;                /* bit n: LR n given out by us */
	bool overflow;                   /* pending left over: UIE set */
	bool sleep;                      /* GICR_WAKER.ProcessorSleep */
	struct vtimer_cpu timer;
};

/* Tiny test-and-set lock; single writer per VM in practice. */
typedef struct {
	volatile uint32_t v;
} vgic_lock_t;

struct vgic_dist {
	vgic_lock_t lock;
	uint32_t ctlr;     /* GICD_CTLR group enables */
	uint32_t nr_spis;  /* SPIs visible: multiple of 32, from owned INTIDs */
	uint32_t typer;    /* GICD_TYPER: fixed once the SPIs are owned */
	uint64_t cntvoff;  /* CNTVOFF_EL2 of all vCPUs of this VM */
	struct vgic_irq spi[VGIC_MAX_SPIS];
	uint64_t route[VGIC_MAX_SPIS]; /* GICD_IROUTER<n> as written */
};

struct vm;
struct vcpu;

/* --- injection API for other modules ------------------------------------ */

/** Make SGI/PPI `intid` pending on `target` (edge semantics). */
enum hv_err vgic_inject_private(struct vcpu *target, uint32_t intid);
/** Make virtual SPI `intid` (an emulated device's) pending (edge). */
enum hv_err vgic_inject_spi(struct vm *vm, uint32_t intid);
/** Drive the line of a level-sensitive virtual SPI high or low. */
enum hv_err vgic_set_spi_level(struct vm *vm, uint32_t intid, bool high);
/** True when `vcpu` has an enabled interrupt pending (for a WFI trap). */
bool vgic_vcpu_has_pending(struct vcpu *vcpu);

/**
 * A trapped ICC_* system register access (ESR_EL2.EC 0x18, `iss` as-is).
 * Read: fill *val. Return HV_ERR_UNSUPP if it is not an interrupt register
 * (the caller then injects UNDEFINED).
 */
enum hv_err vgic_sysreg(struct vcpu *vcpu, uint32_t iss, uint64_t *val, bool write);

#endif /* ARCH_VGIC_H */

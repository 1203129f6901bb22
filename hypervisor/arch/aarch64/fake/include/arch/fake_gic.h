/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host model of the physical GICv3, the virtual CPU interface (ICH_*_EL2)
 * and the generic timer, for unit tests. It behaves like the hardware in
 * the ways the vGIC depends on (acknowledge/EOI/deactivate with
 * EOImode = 1, list-register state, ELRSR, MISR underflow, HW-linked
 * deactivation) and records what the hypervisor asked for, so tests can
 * assert on it. `fake_gic.cpu` is the physical CPU "currently running".
 */
#ifndef ARCH_FAKE_GIC_H
#define ARCH_FAKE_GIC_H

#include <hv/types.h>

#define FAKE_GIC_CPUS 8
#define FAKE_GIC_IRQS 1024
#define FAKE_GIC_LOG  64
#define FAKE_VGIC_MAX_LRS 16

struct fake_sgi {
	uint64_t aff;
	uint32_t sgi;
};

struct fake_gic {
	uint32_t cpu; /* the physical CPU the code under test runs on */
	uint32_t spi_num;
	bool dist_on;
	bool cpu_on[FAKE_GIC_CPUS];
	bool spi_enabled[FAKE_GIC_IRQS];
	bool spi_edge[FAKE_GIC_IRQS];
	bool spi_pending[FAKE_GIC_IRQS];
	uint64_t spi_route[FAKE_GIC_IRQS];
	bool ppi_enabled[FAKE_GIC_CPUS][32];
	/* active state: [cpu][intid] for SGIs/PPIs, [0][intid] for SPIs */
	bool active[FAKE_GIC_CPUS][FAKE_GIC_IRQS];
	/* interrupts raised and not yet acknowledged, per CPU, FIFO */
	uint32_t queue[FAKE_GIC_CPUS][FAKE_GIC_LOG];
	uint32_t queued[FAKE_GIC_CPUS];
	uint32_t eoi_num, last_eoi;
	uint32_t deact[FAKE_GIC_LOG], deact_num;
	struct fake_sgi sgi[FAKE_GIC_LOG];
	uint32_t sgi_num;
};

struct fake_vgic_cpu {
	uint64_t lr[FAKE_VGIC_MAX_LRS];
	uint64_t hcr;
	uint64_t vmcr;
	uint32_t apr_clears;
};

struct fake_vgic {
	uint32_t lr_num;
	struct fake_vgic_cpu cpu[FAKE_GIC_CPUS];
};

struct fake_timer {
	uint64_t count;
	uint64_t freq;
	uint64_t cntvoff[FAKE_GIC_CPUS];
	bool guest_setup[FAKE_GIC_CPUS];
	bool vline[FAKE_GIC_CPUS]; /* guest timer outputs (CNTV/CNTP_CTL) */
	bool pline[FAKE_GIC_CPUS];
	bool pmu_line[FAKE_GIC_CPUS];
};

extern struct fake_gic fake_gic;
extern struct fake_vgic fake_vgic;
extern struct fake_timer fake_timer;

/** Power-on state: `spi_num` SPIs, `lr_num` list registers per CPU. */
void fake_gic_reset(uint32_t spi_num, uint32_t lr_num);
/** A physical interrupt is signalled to `cpu`. */
void fake_gic_raise(uint32_t cpu, uint32_t intid);
/** Is physical `intid` active (SPIs: globally; SGI/PPI: on `cpu`)? */
bool fake_gic_active(uint32_t cpu, uint32_t intid);
/** Was `intid` deactivated since the last reset? */
bool fake_gic_deactivated(uint32_t intid);

/* The guest's side of the virtual CPU interface on fake_gic.cpu. */
/** ICC_IAR1_EL1: highest-priority pending LR becomes active; 1023 if none. */
uint32_t fake_vgic_guest_ack(void);
/** ICC_EOIR1_EL1 with EOImode = 0: drop and deactivate `intid`. */
void fake_vgic_guest_eoi(uint32_t intid);
/** Number of valid (non-invalid state) list registers on fake_gic.cpu. */
uint32_t fake_vgic_valid_lrs(void);

#endif /* ARCH_FAKE_GIC_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vGIC injection (arch/aarch64/vgic/vgic_lr.c, vgic.c): list-register encoding,
 * hardware-linked forwarding of passthrough SPIs and the virtual timer,
 * priority order, overflow beyond the list registers with underflow
 * maintenance refill (nothing lost), eviction, enables, level lines.
 */
#include "test_vgic_fixture/vgic_fixture.h"

#define A0 (&vm_a.vcpus[0])
#define A1 (&vm_a.vcpus[1])
#define LR(n) (fake_vgic.cpu[fake_gic.cpu].lr[n])
#define HCR_UIE BIT(1)

static void sgi_prio(struct vcpu *v, uint32_t intid, uint8_t prio)
{
	wr(v, gicr(v->id) + SGI_BASE + 0x400 + intid, 1, prio);
}

/* The maintenance interrupt fires if ICH_MISR_EL2 says so: an exit. */
static void maintenance(struct vcpu *v)
{
	if (!arch_vgic_misr())
		return;
	fake_gic_raise(v->pcpu, 25);
	arch_irqchip_handle(v);
	enter(v);
}

/* The guest acknowledges and completes everything without exiting except
 * for maintenance interrupts; returns how many it took. */
static int guest_drain(struct vcpu *v, uint32_t *order, int max)
{
	uint32_t intid;
	int n = 0;

	enter(v);
	for (;;) {
		intid = fake_vgic_guest_ack();
		if (intid == GIC_INTID_SPURIOUS)
			return n;
		if (n < max)
			order[n] = intid;
		n++;
		fake_vgic_guest_eoi(intid);
		maintenance(v);
	}
}

/* Distributor and SGIs 0-15 on; SGIs 0..n-1 pending on vCPU 0 of VM a,
 * at prio[i], or at their reset priority when prio is NULL. */
static void pend_sgis(uint32_t n, const uint8_t *prio)
{
	wr(A0, GICD, 4, 0x13);
	wr(A0, gicr(0) + SGI_BASE + 0x100, 4, 0xffff);
	for (uint32_t i = 0; i < n; i++) {
		if (prio)
			sgi_prio(A0, i, prio[i]);
		vgic_inject_private(A0, i);
	}
}

static const uint8_t mid4[4] = {0x80, 0x80, 0x80, 0x80};

/* A virtual SGI: pending, group 1, its priority, HW = 0. */
static void test_lr_encoding_virtual(void **state)
{
	(void)state;
	guest_enable(A0, 3);
	sgi_prio(A0, 3, 0x48);
	assert_int_equal(vgic_inject_private(A0, 3), HV_OK);
	enter(A0);
	assert_int_equal(LR(0), (1ULL << 62) | BIT(60) | (0x48ULL << 48) | 3);
}

/* A passthrough SPI is forwarded hardware-linked: EOI (priority drop) at
 * EL2, HW = 1, pINTID = vINTID, physical active until the guest's EOI. */
static void test_lr_hw_spi(void **state)
{
	(void)state;
	guest_enable(A0, 33);
	fake_gic_raise(0, 33);
	arch_irqchip_handle(A0);
	assert_int_equal(fake_gic.last_eoi, 33);
	assert_true(fake_gic_active(0, 33));
	enter(A0);
	assert_int_equal(LR(0), (1ULL << 62) | BIT(61) | BIT(60) |
					(33ULL << 32) | 33);
	assert_int_equal(fake_vgic_guest_ack(), 33);
	assert_true(fake_gic_active(0, 33));
	fake_vgic_guest_eoi(33);
	assert_false(fake_gic_active(0, 33));
	assert_true(fake_gic_deactivated(33));
}

/* The virtual timer PPI 27 is forwarded hardware-linked to the running
 * vCPU of its pCPU. */
static void test_lr_hw_vtimer(void **state)
{
	(void)state;
	fake_gic.cpu = 1;
	guest_enable(A1, 27);
	fake_gic_raise(1, 27);
	arch_irqchip_handle(A1);
	enter(A1);
	assert_int_equal(LR(0) & (BIT(61) | GENMASK(41, 32) | 0xffffffff),
			 BIT(61) | (27ULL << 32) | 27);
	assert_true(fake_gic_active(1, 27));
	assert_false(fake_gic_deactivated(27));
	assert_int_equal(fake_vgic_guest_ack(), 27);
	fake_vgic_guest_eoi(27);
	assert_false(fake_gic_active(1, 27));
	fake_gic.cpu = 0;
	assert_int_equal(fake_vgic.cpu[0].lr[0], 0); /* not vCPU 0's */
}

/* Each vtimer interrupt after the guest has finished the last one goes
 * straight into the same LR again; none is lost, none is doubled. */
static void test_lr_hw_vtimer_reuses_lr(void **state)
{
	int i;

	(void)state;
	guest_enable(A0, 27);
	for (i = 0; i < 3; i++) {
		fake_gic_raise(0, 27);
		arch_irqchip_handle(A0);
		enter(A0);
		assert_int_equal(LR(0) & (BIT(62) | BIT(61) | 0xffffffff),
				 BIT(62) | BIT(61) | 27);
		assert_int_equal(LR(1), 0);
		assert_int_equal(fake_vgic_guest_ack(), 27);
		assert_int_equal(fake_vgic_guest_ack(), GIC_INTID_SPURIOUS);
		fake_vgic_guest_eoi(27);
		assert_false(fake_gic_active(0, 27));
	}
}

/* A vtimer interrupt while the guest has the PPI disabled is not put in
 * an LR; it waits pending and is delivered once enabled. */
static void test_lr_hw_vtimer_disabled_waits(void **state)
{
	(void)state;
	fake_timer.vline[0] = true; /* still firing when enabled */
	fake_gic_raise(0, 27);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_int_equal(LR(0), 0);
	guest_enable(A0, 27);
	enter(A0);
	assert_int_equal(fake_vgic_guest_ack(), 27);
}

/* Level semantics (issue 18): fired while disabled, then the guest
 * cleared CNTV_CTL; once enabled nothing stale arrives, ISPENDR0 says not
 * pending, and the physical PPI is no longer active (it can fire again). */
static void test_lr_hw_vtimer_line_dropped(void **state)
{
	(void)state;
	fake_timer.vline[0] = true;
	fake_gic_raise(0, 27);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_true(fake_gic_active(0, 27));
	assert_true(rd(A0, gicr(0) + SGI_BASE + 0x200, 4) & BIT(27));
	fake_timer.vline[0] = false;
	assert_false(rd(A0, gicr(0) + SGI_BASE + 0x200, 4) & BIT(27));
	assert_false(fake_gic_active(0, 27));
	guest_enable(A0, 27);
	enter(A0);
	assert_int_equal(fake_vgic_guest_ack(), GIC_INTID_SPURIOUS);
}

/* The same for the EL1 physical timer (PPI 30), forwarded too. */
static void test_lr_hw_ptimer_forwarded(void **state)
{
	(void)state;
	guest_enable(A0, 30);
	fake_timer.pline[0] = true;
	fake_gic_raise(0, 30);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_int_equal(LR(0) & (BIT(62) | BIT(61) | 0xffffffff),
			 BIT(62) | BIT(61) | 30);
	assert_int_equal(fake_vgic_guest_ack(), 30);
	fake_vgic_guest_eoi(30);
	assert_false(fake_gic_active(0, 30));
}

/* The fuzzer's three ops: the vtimer fires into an LR, the guest writes
 * ICPENDR0 = 0x58585858 (bit 27 set): the physical PPI is deactivated,
 * not left active for good; the vCPU's reset clears it too. */
static void test_lr_hw_vtimer_icpendr(void **state)
{
	(void)state;
	guest_enable(A0, 27);
	fake_timer.vline[0] = true;
	fake_gic_raise(0, 27);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_true(fake_gic_active(0, 27));
	wr(A0, gicr(0) + SGI_BASE + 0x280, 4, 0x58585858);
	assert_int_equal(LR(0) >> 62, 0);
	assert_false(fake_gic_active(0, 27));
	/* Still high: fires again and is delivered. */
	fake_gic_raise(0, 27);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_int_equal(fake_vgic_guest_ack(), 27);
	/* Left active by a guest that never deactivates: reset recovers. */
	arch_irqchip_vcpu_reset(A0);
	assert_false(fake_gic_active(0, 27));
}

/* More pending than list registers: the rest wait, UIE is set, and the
 * maintenance interrupt refills; every one is delivered exactly once. */
static void test_lr_overflow_none_lost(void **state)
{
	uint32_t order[8], seen = 0;
	uint32_t i;

	(void)state;
	pend_sgis(7, NULL);
	enter(A0);
	assert_int_equal(fake_vgic_valid_lrs(), 4);
	assert_true(fake_vgic.cpu[0].hcr & HCR_UIE);
	assert_int_equal(guest_drain(A0, order, 8), 7);
	for (i = 0; i < 7; i++)
		seen |= 1u << order[i]; /* equal priority: any order */
	assert_int_equal(seen, 0x7f);
	assert_false(fake_vgic.cpu[0].hcr & HCR_UIE);
	assert_int_equal(fake_gic.last_eoi, 25);
	assert_true(fake_gic_deactivated(25));
}

/* Priority order: the highest-priority (lowest value) go first. */
static void test_lr_priority_order(void **state)
{
	static const uint8_t prio[6] = {0xa0, 0x20, 0x80, 0x40, 0x60, 0x10};
	uint32_t order[8];
	uint32_t i;

	(void)state;
	pend_sgis(6, prio);
	enter(A0);
	/* INTID 0 (0xa0) and 2 (0x80) are the two lowest: 0 waits. */
	for (i = 0; i < 4; i++)
		assert_int_not_equal(lr_intid(i), 0);
	assert_int_equal(guest_drain(A0, order, 8), 6);
	assert_int_equal(order[0], 5);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 3);
	assert_int_equal(order[3], 4);
	assert_int_equal(order[4], 2);
	assert_int_equal(order[5], 0);
}

/* A higher-priority interrupt arriving when all LRs hold pending lower
 * ones evicts one back into the pending set; it is delivered later. */
static void test_lr_evict_lower(void **state)
{
	uint32_t order[8];

	(void)state;
	pend_sgis(4, mid4);
	enter(A0);
	sgi_prio(A0, 9, 0x10);
	vgic_inject_private(A0, 9);
	enter(A0);
	assert_true(lr_intid(0) == 9 || lr_intid(1) == 9 ||
		    lr_intid(2) == 9 || lr_intid(3) == 9);
	assert_int_equal(fake_vgic_guest_ack(), 9);
	fake_vgic_guest_eoi(9);
	assert_int_equal(guest_drain(A0, order, 8), 4);
}

/* Active LRs are never evicted: the newcomer waits for underflow. */
static void test_lr_active_not_evicted(void **state)
{
	uint32_t order[8];
	uint32_t i;

	(void)state;
	pend_sgis(4, mid4);
	enter(A0);
	for (i = 0; i < 4; i++)
		fake_vgic_guest_ack(); /* all four active (nested) */
	sgi_prio(A0, 9, 0x10);
	vgic_inject_private(A0, 9);
	enter(A0);
	for (i = 0; i < 4; i++)
		assert_int_equal(LR(i) >> 62, 2);
	assert_true(fake_vgic.cpu[0].hcr & HCR_UIE);
	for (i = 0; i < 4; i++)
		fake_vgic_guest_eoi(i);
	assert_int_equal(guest_drain(A0, order, 8), 1);
	assert_int_equal(order[0], 9);
}

/* A pending but disabled interrupt waits; enabling it delivers it. */
static void test_lr_disabled_waits(void **state)
{
	(void)state;
	wr(A0, GICD, 4, 0x13);
	vgic_inject_private(A0, 4);
	enter(A0);
	assert_int_equal(fake_vgic_valid_lrs(), 0);
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x200, 4), BIT(4));
	wr(A0, gicr(0) + SGI_BASE + 0x100, 4, BIT(4));
	enter(A0);
	assert_int_equal(lr_intid(0), 4);
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x200, 4), BIT(4));
}

/* GICD_CTLR.EnableGrp1 = 0 holds everything back. */
static void test_lr_group_disabled(void **state)
{
	(void)state;
	wr(A0, gicr(0) + SGI_BASE + 0x100, 4, BIT(4));
	vgic_inject_private(A0, 4);
	enter(A0);
	assert_int_equal(fake_vgic_valid_lrs(), 0);
	wr(A0, GICD, 4, 0x2);
	enter(A0);
	assert_int_equal(lr_intid(0), 4);
}

/* An edge interrupt re-sent while active becomes pending+active in its
 * LR: one LR, two deliveries. */
static void test_lr_repend_active(void **state)
{
	(void)state;
	guest_enable(A0, 6);
	vgic_inject_private(A0, 6);
	enter(A0);
	assert_int_equal(fake_vgic_guest_ack(), 6);
	vgic_inject_private(A0, 6);
	enter(A0);
	assert_int_equal(LR(0) >> 62, 3);
	assert_int_equal(fake_vgic_valid_lrs(), 1);
	fake_vgic_guest_eoi(6);
	assert_int_equal(fake_vgic_guest_ack(), 6);
}

/* A level-sensitive virtual SPI stays pending while its line is high. */
static void test_lr_level_virtual_spi(void **state)
{
	(void)state;
	guest_enable(A0, 35);
	assert_int_equal(vgic_set_spi_level(&vm_a, 35, true), HV_OK);
	enter(A0);
	assert_int_equal(fake_vgic_guest_ack(), 35);
	fake_vgic_guest_eoi(35);
	maintenance(A0); /* EOI maintenance: line still high, pending again */
	assert_int_equal(fake_vgic_guest_ack(), 35);
	assert_int_equal(vgic_set_spi_level(&vm_a, 35, false), HV_OK);
	fake_vgic_guest_eoi(35);
	maintenance(A0);
	assert_int_equal(arch_vgic_misr(), 0);
	assert_int_equal(fake_vgic_guest_ack(), GIC_INTID_SPURIOUS);
}

/* Virtual SPIs: only emulated devices' lines, only the owner VM. */
static void test_inject_spi_ownership(void **state)
{
	(void)state;
	assert_int_equal(vgic_inject_spi(&vm_a, 35), HV_OK);
	assert_int_equal(vgic_inject_spi(&vm_a, 33), HV_ERR_DENIED); /* HW */
	assert_int_equal(vgic_inject_spi(&vm_a, 36), HV_ERR_DENIED);
	assert_int_equal(vgic_inject_spi(&vm_b, 35), HV_ERR_DENIED);
	assert_int_equal(vgic_inject_private(A0, 32), HV_ERR_RANGE);
}

/* A vCPU reset empties its LRs and deactivates forwarded physical ones. */
static void test_lr_reset_deactivates(void **state)
{
	(void)state;
	guest_enable(A0, 33);
	fake_gic_raise(0, 33);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_true(fake_gic_active(0, 33));
	arch_irqchip_vcpu_reset(A0);
	assert_false(fake_gic_active(0, 33));
	assert_int_equal(fake_vgic_valid_lrs(), 0);
	assert_int_equal(fake_vgic.cpu[0].hcr, 1);
}

/* ICC_SGI1R/ISPENDR of a vCPU on another pCPU: that pCPU is kicked. */
static void test_lr_vcpu_has_pending(void **state)
{
	(void)state;
	guest_enable(A0, 2);
	assert_false(vgic_vcpu_has_pending(A0));
	vgic_inject_private(A0, 2);
	assert_true(vgic_vcpu_has_pending(A0));
	enter(A0);
	assert_true(vgic_vcpu_has_pending(A0)); /* pending in an LR */
	fake_vgic_guest_ack();
	assert_false(vgic_vcpu_has_pending(A0));
}

/* Take physical SPI 33 on vCPU `v`'s pCPU, run `v`, the guest acks it:
 * true if it was delivered there; the guest then EOIs (deactivates). */
static bool hw_spi_taken_on(struct vcpu *v)
{
	uint32_t intid;

	fake_gic.cpu = v->pcpu;
	fake_gic_raise(v->pcpu, 33);
	arch_irqchip_handle(v);
	enter(v);
	intid = fake_vgic_guest_ack();
	if (intid != GIC_INTID_SPURIOUS)
		fake_vgic_guest_eoi(intid);
	return intid == 33;
}

/* A passthrough SPI rerouted (GICD_IROUTER) from vCPU 1 to vCPU 0 after
 * the guest finished it on vCPU 1 is delivered on vCPU 0, although vCPU 1
 * has not folded its finished LR back yet (lazy sync); and still when that
 * stale LR is released later. */
static void test_lr_hw_spi_rerouted(void **state)
{
	(void)state;
	guest_enable(A0, 33);
	wr(A0, GICD + 0x6000 + 8 * 33, 8, 0x1);
	assert_int_equal(fake_gic.spi_route[33], 0x1);
	assert_true(hw_spi_taken_on(A1));
	assert_true(fake_gic_deactivated(33));
	fake_gic.cpu = 0;
	wr(A0, GICD + 0x6000 + 8 * 33, 8, 0x0);
	assert_int_equal(fake_gic.spi_route[33], 0x0);
	assert_true(hw_spi_taken_on(A0));
	assert_false(fake_gic_active(0, 33));
	/* vCPU 1 syncs its LRs now (an SGI to deliver): no effect on SPI 33. */
	guest_enable(A1, 2);
	vgic_inject_private(A1, 2);
	enter(A1);
	assert_int_equal(fake_vgic_guest_ack(), 2);
	assert_true(hw_spi_taken_on(A0));
	fake_gic.cpu = 1;
	assert_int_equal(fake_vgic_guest_ack(), GIC_INTID_SPURIOUS);
}

#define T(f) cmocka_unit_test_setup(f, fixture_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_lr_encoding_virtual), T(test_lr_hw_spi),
		T(test_lr_hw_vtimer), T(test_lr_hw_vtimer_reuses_lr),
		T(test_lr_hw_vtimer_disabled_waits), T(test_lr_overflow_none_lost),
		T(test_lr_priority_order), T(test_lr_evict_lower),
		T(test_lr_active_not_evicted), T(test_lr_disabled_waits),
		T(test_lr_group_disabled), T(test_lr_repend_active),
		T(test_lr_level_virtual_spi), T(test_inject_spi_ownership),
		T(test_lr_reset_deactivates), T(test_lr_vcpu_has_pending),
		T(test_lr_hw_spi_rerouted), T(test_lr_hw_vtimer_line_dropped),
		T(test_lr_hw_ptimer_forwarded), T(test_lr_hw_vtimer_icpendr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

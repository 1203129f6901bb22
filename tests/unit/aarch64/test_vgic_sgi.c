/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SGIs by affinity (arch/aarch64/vgic/vgic_sgi.c), never across VMs; passthrough SPI
 * delivery to the owner's routed vCPU; hypervisor-owned interrupts; the
 * EL1 physical timer left untrapped and CNTVOFF (vgic/vtimer.c).
 */
#include "test_vgic_fixture/vgic_fixture.h"

#define A0 (&vm_a.vcpus[0])
#define A1 (&vm_a.vcpus[1])
#define B0 (&vm_b.vcpus[0])

/* ESR_EL2.ISS of an MSR/MRS (EC 0x18), Rt = 1. */
static uint32_t iss(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm,
		    uint32_t op2, bool read)
{
	return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) |
	       (1u << 5) | (crm << 1) | (read ? 1u : 0u);
}

static enum hv_err sgi1r(struct vcpu *v, uint64_t val)
{
	return vgic_sysreg(v, iss(3, 0, 12, 11, 5, false), &val, true);
}

static bool pending(struct vcpu *v, uint32_t intid)
{
	return rd(v, gicr(v->id) + SGI_BASE + 0x200, 4) & BIT(intid);
}

static void enable_all_sgis(void)
{
	wr(A0, GICD, 4, 0x13);
	wr(B0, GICD, 4, 0x13);
	wr(A0, gicr(0) + SGI_BASE + 0x100, 4, 0xffff);
	wr(A0, gicr(1) + SGI_BASE + 0x100, 4, 0xffff);
	wr(B0, gicr(0) + SGI_BASE + 0x100, 4, 0xffff);
}

/* TargetList bit 1 with Aff1..3 = 0 reaches MPIDR 0x1 = vm_a vCPU 1, and
 * its pCPU 1 is kicked with the hypervisor's SGI. */
static void test_sgi_to_other_vcpu(void **state)
{
	(void)state;
	enable_all_sgis();
	assert_int_equal(sgi1r(A0, (5ULL << 24) | BIT(1)), HV_OK);
	assert_true(pending(A1, 5));
	assert_false(pending(A0, 5));
	assert_false(pending(B0, 5));
	assert_int_equal(fake_gic.sgi_num, 1);
	assert_int_equal(fake_gic.sgi[0].aff, 0x1);
	assert_int_equal(fake_gic.sgi[0].sgi, VGIC_SGI_KICK);
}

/* An SGI to self needs no kick: the LRs are filled before re-entry. */
static void test_sgi_to_self(void **state)
{
	(void)state;
	enable_all_sgis();
	sgi1r(A0, (7ULL << 24) | BIT(0));
	assert_true(pending(A0, 7));
	assert_int_equal(fake_gic.sgi_num, 0);
	enter(A0);
	assert_int_equal(lr_intid(0), 7);
}

/* IRM = 1: every other vCPU of the sender's VM, not the sender. */
static void test_sgi_irm_all_but_self(void **state)
{
	(void)state;
	enable_all_sgis();
	sgi1r(A1, (2ULL << 24) | BIT(40));
	assert_true(pending(A0, 2));
	assert_false(pending(A1, 2));
	assert_false(pending(B0, 2));
}

/* An affinity with no vCPU in the sender's VM goes nowhere, even though a
 * pCPU with that affinity exists and runs another VM. */
static void test_sgi_never_other_vm(void **state)
{
	(void)state;
	enable_all_sgis();
	sgi1r(A0, (1ULL << 24) | BIT(2) | BIT(3)); /* MPIDR 2, 3: not vm_a's */
	sgi1r(B0, (1ULL << 24) | BIT(1));          /* MPIDR 1: vm_a's vCPU 1 */
	assert_false(pending(A0, 1));
	assert_false(pending(A1, 1));
	assert_false(pending(B0, 1));
	assert_int_equal(fake_gic.sgi_num, 0);
	sgi1r(B0, (1ULL << 24) | BIT(0));          /* MPIDR 0 in vm_b: itself */
	assert_true(pending(B0, 1));
	assert_false(pending(A0, 1));
}

/* Aff1 and RS must match too (Aff0 = RS * 16 + bit). */
static void test_sgi_affinity_fields(void **state)
{
	(void)state;
	enable_all_sgis();
	sgi1r(A0, (3ULL << 24) | (1ULL << 16) | BIT(1)); /* Aff1 = 1 */
	sgi1r(A0, (3ULL << 24) | (1ULL << 44) | BIT(1)); /* RS = 1: Aff0 17 */
	assert_false(pending(A1, 3));
}

/* Group 0 and alternate-group SGI registers are accepted and ignored;
 * reading ICC_SGI1R_EL1 (write-only) is not ours. */
static void test_sgi_other_registers(void **state)
{
	uint64_t v = (4ULL << 24) | BIT(1);

	(void)state;
	enable_all_sgis();
	assert_int_equal(vgic_sysreg(A0, iss(3, 0, 12, 11, 7, false), &v, true),
			 HV_OK);
	assert_int_equal(vgic_sysreg(A0, iss(3, 0, 12, 11, 6, false), &v, true),
			 HV_OK);
	assert_false(pending(A1, 4));
	assert_int_equal(vgic_sysreg(A0, iss(3, 0, 12, 11, 5, true), &v, false),
			 HV_ERR_UNSUPP);
	assert_int_equal(vgic_sysreg(A0, iss(3, 0, 1, 0, 0, true), &v, false),
			 HV_ERR_UNSUPP); /* SCTLR_EL1: not an interrupt register */
}

/* A passthrough SPI routed to vCPU 1 is delivered there and only there. */
static void test_spi_routed_vcpu(void **state)
{
	(void)state;
	guest_enable(A1, 40);
	wr(A0, GICD + 0x6000 + 8 * 40, 8, 0x1);
	assert_int_equal(fake_gic.spi_route[40], 0x1);
	fake_gic.cpu = 1;
	fake_gic_raise(1, 40);
	arch_irqchip_handle(A1);
	enter(A1);
	assert_int_equal(lr_intid(0), 40);
	enter(A0);
	assert_int_equal(lr_intid(0), -1);
	enter(B0);
	assert_int_equal(lr_intid(0), -1);
}

/* An SPI of vm_b taken on a pCPU of vm_a still goes to vm_b (and kicks
 * vm_b's pCPU): ownership, not the interrupted vCPU, decides. */
static void test_spi_owner_decides(void **state)
{
	(void)state;
	guest_enable(B0, 48);
	fake_gic_raise(0, 48);
	arch_irqchip_handle(A0);
	enter(A0);
	assert_int_equal(lr_intid(0), -1);
	assert_int_equal(fake_gic.sgi_num, 1);
	assert_int_equal(fake_gic.sgi[0].aff, 0x2);
	enter(B0);
	assert_int_equal(lr_intid(0), 48);
}

static uint32_t hv_hits;

static void hv_handler(uint32_t intid, void *arg)
{
	(void)arg;
	hv_hits += intid;
}

/* Hypervisor-owned interrupts: not a VM's SPI; handled and deactivated. */
static void test_irq_register(void **state)
{
	(void)state;
	hv_hits = 0;
	assert_int_equal(arch_irqchip_own(33, hv_handler, NULL), HV_ERR_DENIED);
	assert_int_equal(arch_irqchip_own(27, hv_handler, NULL), HV_ERR_RANGE);
	fake_gic.cpu = 3;
	assert_int_equal(arch_irqchip_own(50, hv_handler, NULL), HV_OK);
	assert_true(fake_gic.spi_enabled[50]);
	assert_int_equal(fake_gic.spi_route[50], 0x3);
	fake_gic_raise(3, 50);
	arch_irqchip_handle(NULL);
	assert_int_equal(hv_hits, 50);
	assert_true(fake_gic_deactivated(50));
}

/* arch_irqchip_kick_cpu sends the kick SGI to that pCPU, never to itself. */
static void test_kick_cpu(void **state)
{
	(void)state;
	arch_irqchip_kick_cpu(2);
	arch_irqchip_kick_cpu(0);
	assert_int_equal(fake_gic.sgi_num, 1);
	assert_int_equal(fake_gic.sgi[0].aff, 0x2);
	fake_gic.cpu = 2;
	arch_irqchip_handle(B0);
	assert_true(fake_gic_deactivated(VGIC_SGI_KICK));
}

/* CNTVOFF is 0 for every vCPU (vtimer.c: a guest CVAL near 2^64 must not
 * freeze QEMU 7.2); the timers are set up for the guest on each CPU. */
static void test_vtimer_cntvoff(void **state)
{
	(void)state;
	fake_timer.count = 1000000;
	arch_irqchip_vcpu_reset(A0);
	fake_timer.count = 2000000;
	fake_gic.cpu = 1;
	arch_irqchip_vcpu_reset(A1);
	assert_int_equal(fake_timer.cntvoff[0], 0);
	assert_int_equal(fake_timer.cntvoff[1], 0);
	assert_true(fake_timer.guest_setup[1]);
}

/* The EL1 physical timer is the guest's: nothing of it is emulated. */
static void test_cntp_not_trapped(void **state)
{
	uint64_t v = 1000;

	(void)state;
	assert_int_equal(vgic_sysreg(A0, iss(3, 3, 14, 2, 2, false), &v, true),
			 HV_ERR_UNSUPP);
	assert_int_equal(vgic_sysreg(A0, iss(3, 3, 14, 2, 1, true), &v, false),
			 HV_ERR_UNSUPP);
}

#define T(f) cmocka_unit_test_setup(f, fixture_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sgi_to_other_vcpu), T(test_sgi_to_self),
		T(test_sgi_irm_all_but_self), T(test_sgi_never_other_vm),
		T(test_sgi_affinity_fields), T(test_sgi_other_registers),
		T(test_spi_routed_vcpu), T(test_spi_owner_decides),
		T(test_irq_register), T(test_kick_cpu),
		T(test_vtimer_cntvoff), T(test_cntp_not_trapped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

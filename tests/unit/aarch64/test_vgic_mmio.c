/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vGIC register emulation (arch/aarch64/vgic/vgic_dist.c, vgic_redist.c, vgic_mmio.c)
 * against IHI 0069: identification registers, access widths and
 * alignment, reserved / RAZ-WI ranges, per-interrupt registers, IROUTER,
 * and ownership (a VM cannot see or change an SPI it does not own).
 */
#include "test_vgic_fixture/vgic_fixture.h"

#define A0 (&vm_a.vcpus[0])
#define A1 (&vm_a.vcpus[1])
#define B0 (&vm_b.vcpus[0])

/* GICD_CTLR: ARE and DS read as one, only group enables are kept. */
static void test_gicd_ctlr(void **state)
{
	(void)state;
	assert_int_equal(rd(A0, GICD, 4), 0x50);
	wr(A0, GICD, 4, 0xffffffff);
	assert_int_equal(rd(A0, GICD, 4), 0x53);
	wr(A0, GICD, 4, 0);
	assert_int_equal(rd(A0, GICD, 4), 0x50);
}

/* GICD_TYPER: ITLinesNumber from the highest owned SPI, CPUNumber, IDbits. */
static void test_gicd_typer(void **state)
{
	uint64_t t;

	(void)state;
	t = rd(A0, GICD + 4, 4);
	assert_int_equal(t & 0x1f, 1);          /* SPI 40 -> INTIDs < 64 */
	assert_int_equal((t >> 5) & 7, 1);      /* 2 vCPUs */
	assert_int_equal((t >> 19) & 0x1f, 9);  /* 10 INTID bits */
	assert_int_equal(t & (BIT(16) | BIT(17)), 0); /* no MBIS, no LPIs */
	assert_true(t & BIT(25));               /* No1N */
	assert_int_equal((rd(B0, GICD + 4, 4) >> 5) & 7, 0);
}

/* PIDR2.ArchRev = 3 and IIDR implementer = ARM, for GICD and GICR. */
static void test_id_registers(void **state)
{
	(void)state;
	assert_int_equal((rd(A0, GICD + 0xffe8, 4) >> 4) & 0xf, 3);
	assert_int_equal((rd(A0, gicr(1) + 0xffe8, 4) >> 4) & 0xf, 3);
	assert_int_equal(rd(A0, GICD + 8, 4) & 0xfff, 0x43b);
	assert_int_equal(rd(A0, gicr(0) + 4, 4) & 0xfff, 0x43b);
}

/* Identification registers (the inline whole-read path): any vCPU of the
 * VM reads the same GICD values; sizes other than the register's own, and
 * an 8-byte read not at GICR_TYPER's start, are refused; a write is
 * ignored (IHI 0069 12.1.2). */
static void test_id_register_widths(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(rd(A1, GICD + 4, 4), rd(A0, GICD + 4, 4));
	assert_int_equal(rd(A1, GICD + 0xffe8, 4), rd(A0, GICD + 0xffe8, 4));
	assert_int_equal(mmio(A0, GICD + 4, 8, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 8, 2, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 0xffe8, 8, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, gicr(1) + 8, 2, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, gicr(1) + 12, 8, false, &v), HV_ERR_INVAL);
	v = 0xffffffffffffffffULL;
	assert_int_equal(mmio(A0, gicr(1) + 8, 8, true, &v), HV_OK);
	assert_int_equal(rd(A0, gicr(1) + 8, 8), (1ULL << 32) | (1u << 8) | BIT(4));
}

/* The GICD control page (0x00-0x7f) is looked up by word index: its three
 * registers at their offsets, everything else in it RAZ/WI, TYPER/IIDR
 * writes ignored; 0x80 (first IGROUPR word) and 0x84 come from the table. */
static void test_gicd_control_page_edges(void **state)
{
	uint64_t typer, v = 0;

	(void)state;
	typer = rd(A0, GICD + 4, 4);
	assert_int_equal(rd(A0, GICD, 4), 0x50);
	assert_int_equal(rd(A0, GICD + 8, 4), 0x0100043b);
	wr(A0, GICD + 4, 4, 0);
	wr(A0, GICD + 8, 4, 0);
	assert_int_equal(rd(A0, GICD + 4, 4), typer);
	assert_int_equal(rd(A0, GICD + 8, 4), 0x0100043b);
	assert_int_equal(rd(A0, GICD + 0xc, 4), 0);
	wr(A0, GICD + 0x7c, 4, 0xffffffff);
	assert_int_equal(rd(A0, GICD + 0x7c, 4), 0);
	assert_int_equal(rd(A0, GICD + 0x80, 4), 0);
	assert_int_not_equal(rd(A0, GICD + 0x84, 4), 0); /* SPI 40 is group 1 */
	assert_int_equal(mmio(A0, GICD + 4, 1, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 6, 4, false, &v), HV_ERR_INVAL);
}

/* A 32-bit register accessed with the wrong width is refused. */
static void test_width_refused(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(mmio(A0, GICD, 1, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD, 8, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 0x104, 2, true, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 0x104, 4, true, &v), HV_OK);
}

/* Misaligned accesses are refused, even in RAZ/WI space. */
static void test_misaligned(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(mmio(A0, GICD + 0x102, 4, false, &v), HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 0x6104, 8, false, &v),
			 HV_ERR_INVAL);
	assert_int_equal(mmio(A0, GICD + 0x0802, 4, false, &v),
			 HV_ERR_INVAL);
}

/* Reserved and unimplemented offsets read as zero, ignore writes. */
static void test_reserved_raz_wi(void **state)
{
	static const uint32_t offs[] = {0x000c, 0x0010, 0x0040, 0x0820,
					0x0d04, 0x0e08, 0x0f00, 0x5ffc,
					0xffe4, 0xfffc};
	uint32_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		wr(A0, GICD + offs[i], 4, 0xffffffff);
		assert_int_equal(rd(A0, GICD + offs[i], 4), 0);
	}
}

/* With ARE = 1, the distributor's word for INTIDs 0-31 is RAZ/WI. */
static void test_gicd_private_word_raz(void **state)
{
	(void)state;
	wr(A0, GICD + 0x100, 4, 0xffffffff);
	assert_int_equal(rd(A0, GICD + 0x100, 4), 0);
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x100, 4), 0);
	assert_int_equal(rd(A0, GICD + 0x400, 4), 0);
}

/* Enabling an owned passthrough SPI enables it physically; clear disables. */
static void test_enable_owned_spi(void **state)
{
	(void)state;
	wr(A0, GICD + 0x104, 4, BIT(1)); /* SPI 33 */
	assert_int_equal(rd(A0, GICD + 0x104, 4), BIT(1));
	assert_true(fake_gic.spi_enabled[33]);
	wr(A0, GICD + 0x184, 4, BIT(1));
	assert_int_equal(rd(A0, GICD + 0x104, 4), 0);
	assert_false(fake_gic.spi_enabled[33]);
}

/* A VM cannot enable an SPI it does not own, even one another VM owns. */
static void test_enable_foreign_spi(void **state)
{
	(void)state;
	wr(B0, GICD + 0x104, 4, 0xffffffff); /* SPIs 32-63, owns only 48 */
	assert_int_equal(rd(B0, GICD + 0x104, 4), BIT(48 - 32));
	assert_false(fake_gic.spi_enabled[33]);
	assert_false(fake_gic.spi_enabled[40]);
	assert_true(fake_gic.spi_enabled[48]);
	assert_int_equal(rd(A0, GICD + 0x104, 4), 0);
}

/* SPIs beyond ITLinesNumber are RAZ/WI. */
static void test_spi_beyond_lines(void **state)
{
	(void)state;
	wr(A0, GICD + 0x108, 4, 0xffffffff);
	assert_int_equal(rd(A0, GICD + 0x108, 4), 0);
	wr(A0, GICD + 0x6000 + 8 * 64, 8, 1);
	assert_int_equal(rd(A0, GICD + 0x6000 + 8 * 64, 8), 0);
}

/* IGROUPR: implemented interrupts are group 1 (RAO), others 0; WI. */
static void test_igroupr(void **state)
{
	(void)state;
	assert_int_equal(rd(A0, GICD + 0x84, 4), BIT(1) | BIT(3) | BIT(8));
	wr(A0, GICD + 0x84, 4, 0);
	assert_int_equal(rd(A0, GICD + 0x84, 4), BIT(1) | BIT(3) | BIT(8));
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x80, 4), 0xffffffff);
}

/* IPRIORITYR: byte access, only the implemented top 5 bits stick. */
static void test_ipriorityr_bytes(void **state)
{
	(void)state;
	wr(A0, GICD + 0x400 + 33, 1, 0xff);
	wr(A0, GICD + 0x400 + 35, 1, 0x47);
	assert_int_equal(rd(A0, GICD + 0x420, 4), 0x4000f800);
	assert_int_equal(rd(A0, GICD + 0x400 + 33, 1), 0xf8);
	wr(A0, GICD + 0x420, 4, 0x11223344); /* 32: not owned, 34 not owned */
	assert_int_equal(rd(A0, GICD + 0x420, 4), 0x10003000);
}

/* ICFGR: a passthrough SPI's trigger is set physically too. */
static void test_icfgr_spi(void **state)
{
	(void)state;
	wr(A0, GICD + 0xc08, 4, 2u << 2); /* SPI 33 edge */
	assert_int_equal(rd(A0, GICD + 0xc08, 4), 2u << 2);
	assert_true(fake_gic.spi_edge[33]);
	wr(A0, GICD + 0xc08, 4, 0);
	assert_false(fake_gic.spi_edge[33]);
}

/* GICR_ICFGR0: SGIs are edge and read-only. PPIs (ICFGR1) are kept. */
static void test_icfgr_sgi_ro(void **state)
{
	(void)state;
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0xc00, 4), 0xaaaaaaaa);
	wr(A0, gicr(0) + SGI_BASE + 0xc00, 4, 0);
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0xc00, 4), 0xaaaaaaaa);
	wr(A0, gicr(0) + SGI_BASE + 0xc04, 4, 0x2);
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0xc04, 4), 0x2);
}

/* IROUTER: 64-bit, RES0 bits dropped, routes the physical SPI to the
 * pCPU of the target vCPU. */
static void test_irouter(void **state)
{
	(void)state;
	assert_int_equal(rd(A0, GICD + 0x6000 + 8 * 40, 8), 0);
	assert_int_equal(fake_gic.spi_route[40], 0x0);
	wr(A0, GICD + 0x6000 + 8 * 40, 8, 0xffffffff7f000001ULL);
	assert_int_equal(rd(A0, GICD + 0x6000 + 8 * 40, 8), 0xff00000001ULL);
	/* Aff3 = 0xff matches no vCPU: physical route unchanged */
	assert_int_equal(fake_gic.spi_route[40], 0x0);
	wr(A0, GICD + 0x6000 + 8 * 40, 8, 0x1);
	assert_int_equal(fake_gic.spi_route[40], 0x1);
	assert_int_equal(vm_a.arch.vgic.spi[40 - 32].target, 1);
}

/* IROUTER can be written as two 32-bit halves. */
static void test_irouter_halves(void **state)
{
	(void)state;
	wr(A0, GICD + 0x6000 + 8 * 33, 4, 0x1);
	wr(A0, GICD + 0x6000 + 8 * 33 + 4, 4, 0x0);
	assert_int_equal(rd(A0, GICD + 0x6000 + 8 * 33, 4), 0x1);
	assert_int_equal(rd(A0, GICD + 0x6000 + 8 * 33 + 4, 4), 0);
	assert_int_equal(fake_gic.spi_route[33], 0x1);
}

/* A VM cannot route another VM's SPI. */
static void test_irouter_foreign(void **state)
{
	(void)state;
	wr(B0, GICD + 0x6000 + 8 * 33, 8, 0x3);
	assert_int_equal(rd(B0, GICD + 0x6000 + 8 * 33, 8), 0);
	assert_int_equal(fake_gic.spi_route[33], 0x0);
}

/* GICR_TYPER: affinity, processor number, Last on the last frame only. */
static void test_gicr_typer(void **state)
{
	uint64_t t0, t1;

	(void)state;
	t0 = rd(A0, gicr(0) + 8, 8);
	t1 = rd(A0, gicr(1) + 8, 8);
	assert_int_equal(t0, 0);
	assert_int_equal(t1, (1ULL << 32) | (1u << 8) | BIT(4));
	assert_int_equal(rd(A0, gicr(1) + 12, 4), 1);
	assert_int_equal(rd(A0, gicr(1) + 8, 4), (1u << 8) | BIT(4));
	assert_int_equal(rd(B0, gicr(0) + 8, 8), BIT(4));
}

/* Only vcpu_num frames exist. */
static void test_gicr_frames(void **state)
{
	(void)state;
	assert_non_null(dev_at(&vm_a, gicr(1) + 0x1fffc));
	assert_null(dev_at(&vm_a, gicr(2)));
	assert_null(dev_at(&vm_b, gicr(1)));
}

/* GICR_WAKER: ProcessorSleep resets to 1, ChildrenAsleep follows it. */
static void test_gicr_waker(void **state)
{
	(void)state;
	assert_int_equal(rd(A1, gicr(1) + 0x14, 4), 0x6);
	wr(A1, gicr(1) + 0x14, 4, 0);
	assert_int_equal(rd(A1, gicr(1) + 0x14, 4), 0);
	assert_int_equal(rd(A1, gicr(0) + 0x14, 4), 0x6);
}

/* GICR_CTLR: no LPIs, RAZ/WI; VLPI space beyond 128 KiB absent. */
static void test_gicr_ctlr(void **state)
{
	(void)state;
	wr(A0, gicr(0), 4, 1);
	assert_int_equal(rd(A0, gicr(0), 4), 0);
}

/* The SGI_base registers of one vCPU do not touch another's. */
static void test_gicr_private_per_vcpu(void **state)
{
	(void)state;
	wr(A0, gicr(1) + SGI_BASE + 0x400 + 27, 1, 0xa0);
	assert_int_equal(rd(A0, gicr(1) + SGI_BASE + 0x418, 4), 0xa0000000);
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x418, 4), 0);
	wr(A1, gicr(0) + SGI_BASE + 0x100, 4, BIT(27));
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x100, 4), BIT(27));
	assert_int_equal(rd(A0, gicr(1) + SGI_BASE + 0x100, 4), 0);
}

/* ISPENDR/ICPENDR on a virtual SPI. */
static void test_pending_virtual_spi(void **state)
{
	(void)state;
	wr(A0, GICD + 0x204, 4, BIT(3)); /* SPI 35 */
	assert_int_equal(rd(A0, GICD + 0x204, 4), BIT(3));
	assert_int_equal(rd(A0, GICD + 0x284, 4), BIT(3));
	wr(A0, GICD + 0x284, 4, BIT(3));
	assert_int_equal(rd(A0, GICD + 0x204, 4), 0);
}

/* ISPENDR on a passthrough SPI pends it at the physical distributor. */
static void test_pending_passthrough_spi(void **state)
{
	(void)state;
	wr(A0, GICD + 0x204, 4, BIT(1)); /* SPI 33 */
	assert_true(fake_gic.spi_pending[33]);
	wr(A0, GICD + 0x284, 4, BIT(1));
	assert_false(fake_gic.spi_pending[33]);
	wr(B0, GICD + 0x204, 4, BIT(1)); /* not vm_b's */
	assert_false(fake_gic.spi_pending[33]);
}

/* ISACTIVER/ICACTIVER on an SGI that is not in a list register. */
static void test_active_sgi(void **state)
{
	(void)state;
	wr(A0, gicr(0) + SGI_BASE + 0x300, 4, BIT(5));
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x300, 4), BIT(5));
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x380, 4), BIT(5));
	wr(A0, gicr(0) + SGI_BASE + 0x380, 4, BIT(5));
	assert_int_equal(rd(A0, gicr(0) + SGI_BASE + 0x300, 4), 0);
}

/* Passthrough SPIs start physically disabled, routed to vCPU 0's pCPU. */
static void test_passthrough_initial(void **state)
{
	(void)state;
	assert_false(fake_gic.spi_enabled[33]);
	assert_int_equal(fake_gic.spi_route[48], 0x2); /* vm_b vCPU 0: pCPU 2 */
	assert_true(fake_gic.ppi_enabled[0][27]);
	assert_true(fake_gic.ppi_enabled[0][25]);
}

/* A VM with irq_mode NONE gets no GIC frames. */
static void test_irq_mode_none(void **state)
{
	static const struct vmcfg_vcpu vc[] = {{0x0, 3}};
	static const struct vmcfg_vm cfg = {.name = "nogic", .vcpu_num = 1,
					    .vcpus = vc};
	static struct vm vm;

	(void)state;
	vm.cfg = &cfg;
	assert_int_equal(arch_irqchip_vm_init(&vm), HV_OK);
	assert_int_equal(vm.emu_num, 0);
}

/* An SPI outside the board's range in the config is refused. */
static void test_owned_spi_out_of_range(void **state)
{
	static const struct vmcfg_vcpu vc[] = {{0x0, 3}};
	static const uint32_t bad[] = {32 + 256};
	static const struct vmcfg_vm cfg = {
		.name = "bad", .irq_mode = VMCFG_IRQ_PASSTHROUGH,
		.arch = {.vgicd_ipa = GICD, .vgicr_ipa = GICR}, .vcpu_num = 1,
		.vcpus = vc, .irq_num = 1, .irqs = bad};
	static struct vm vm;

	(void)state;
	vm.cfg = &cfg;
	assert_int_equal(arch_irqchip_vm_init(&vm), HV_ERR_RANGE);
}

#define T(f) cmocka_unit_test_setup(f, fixture_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_gicd_ctlr), T(test_gicd_typer), T(test_id_registers),
		T(test_id_register_widths),
		T(test_width_refused), T(test_misaligned),
		T(test_reserved_raz_wi), T(test_gicd_private_word_raz),
		T(test_enable_owned_spi), T(test_enable_foreign_spi),
		T(test_spi_beyond_lines), T(test_igroupr),
		T(test_ipriorityr_bytes), T(test_icfgr_spi),
		T(test_icfgr_sgi_ro), T(test_irouter), T(test_irouter_halves),
		T(test_irouter_foreign), T(test_gicr_typer),
		T(test_gicr_frames), T(test_gicr_waker), T(test_gicr_ctlr),
		T(test_gicr_private_per_vcpu), T(test_pending_virtual_spi),
		T(test_pending_passthrough_spi), T(test_active_sgi),
		T(test_passthrough_initial), T(test_irq_mode_none),
		T(test_owned_spi_out_of_range), T(test_gicd_control_page_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

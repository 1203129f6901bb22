/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host model of the virtual CPU interface (hv/arch/vgic.h): list registers
 * per physical CPU with the architected state machine (IHI 0069 4.9), and
 * the guest's acknowledge / EOI so tests can play the guest.
 */
#include <arch/vgic_hw.h>
#include <arch/gic.h>
#include <arch/fake_gic.h>

#include <string.h>

struct fake_vgic fake_vgic;

#define LR_STATE   (3ULL << 62)
#define LR_PENDING (1ULL << 62)
#define LR_ACTIVE  (1ULL << 63)
#define LR_HW      (1ULL << 61)
#define LR_EOI     (1ULL << 41)
#define LR_PRIO(v) (((v) >> 48) & 0xff)
#define LR_ICH_HCR_UIE (1ULL << 1)

static struct fake_vgic_cpu *cur(void)
{
	return &fake_vgic.cpu[fake_gic.cpu];
}

void fake_gic_reset(uint32_t spi_num, uint32_t lr_num)
{
	memset(&fake_gic, 0, sizeof(fake_gic));
	memset(&fake_vgic, 0, sizeof(fake_vgic));
	memset(&fake_timer, 0, sizeof(fake_timer));
	fake_gic.spi_num = spi_num;
	fake_vgic.lr_num = lr_num;
	fake_timer.freq = 62500000;
}

uint32_t arch_vgic_lr_num(void)
{
	return fake_vgic.lr_num;
}

uint64_t arch_vgic_lr_read(uint32_t n)
{
	return cur()->lr[n];
}

void arch_vgic_lr_write(uint32_t n, uint64_t val)
{
	cur()->lr[n] = val;
}

/* An invalid LR with HW = 0 and EOI = 1 is in EISR, not ELRSR (12.4.4/8). */
static bool lr_eoi_maint(uint64_t lr)
{
	return !(lr & LR_STATE) && !(lr & LR_HW) && (lr & LR_EOI);
}

uint64_t arch_vgic_elrsr(void)
{
	uint64_t v = 0;
	uint32_t n;

	for (n = 0; n < fake_vgic.lr_num; n++)
		if (!(cur()->lr[n] & LR_STATE) && !lr_eoi_maint(cur()->lr[n]))
			v |= BIT(n);
	return v;
}

uint64_t arch_vgic_eisr(void)
{
	uint64_t v = 0;
	uint32_t n;

	for (n = 0; n < fake_vgic.lr_num; n++)
		if (lr_eoi_maint(cur()->lr[n]))
			v |= BIT(n);
	return v;
}

uint32_t fake_vgic_valid_lrs(void)
{
	uint32_t n, valid = 0;

	for (n = 0; n < fake_vgic.lr_num; n++)
		if (cur()->lr[n] & LR_STATE)
			valid++;
	return valid;
}

uint64_t arch_vgic_misr(void)
{
	uint64_t v = arch_vgic_eisr() ? BIT(0) : 0; /* EOI */

	/* U: underflow enabled and at most one valid LR (IHI 0069 12.4.9) */
	if ((cur()->hcr & LR_ICH_HCR_UIE) && fake_vgic_valid_lrs() <= 1)
		v |= BIT(1);
	return v;
}

uint64_t arch_vgic_hcr_read(void)
{
	return cur()->hcr;
}

void arch_vgic_hcr_write(uint64_t val)
{
	cur()->hcr = val;
}

void arch_vgic_vmcr_write(uint64_t val)
{
	cur()->vmcr = val;
}

void arch_vgic_apr_clear(void)
{
	cur()->apr_clears++;
}

uint32_t fake_vgic_guest_ack(void)
{
	uint32_t n, best = FAKE_VGIC_MAX_LRS;
	uint64_t lr;

	for (n = 0; n < fake_vgic.lr_num; n++) {
		lr = cur()->lr[n];
		if ((lr & LR_STATE) != LR_PENDING)
			continue;
		if (best == FAKE_VGIC_MAX_LRS ||
		    LR_PRIO(lr) < LR_PRIO(cur()->lr[best]))
			best = n;
	}
	if (best == FAKE_VGIC_MAX_LRS)
		return GIC_INTID_SPURIOUS;
	cur()->lr[best] = (cur()->lr[best] & ~LR_STATE) | LR_ACTIVE;
	return (uint32_t)cur()->lr[best];
}

void fake_vgic_guest_eoi(uint32_t intid)
{
	uint32_t n;
	uint64_t lr;

	for (n = 0; n < fake_vgic.lr_num; n++) {
		lr = cur()->lr[n];
		if ((uint32_t)lr != intid || !(lr & LR_ACTIVE))
			continue;
		cur()->lr[n] = lr & ~LR_ACTIVE;
		/* HW = 1: the physical interrupt is deactivated too. */
		if (lr & LR_HW)
			arch_gic_deactivate((uint32_t)((lr >> 32) & 0x3ff));
		return;
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/* SVM I/O and MSR permission maps (APM vol. 2, 15.10.1 and 15.11). */
#include <hv/string.h>
#include <arch/svm_bitmap.h>

/* MSR ranges covered by the MSRPM: 0000_0000-0000_1fff at byte 0x000,
 * c000_0000-c000_1fff at 0x800, c001_0000-c001_1fff at 0x1000 (table 15-11). */
static const struct {
	uint32_t first, off;
} msr_ranges[] = {
	{0x00000000u, 0x0000}, {0xc0000000u, 0x0800}, {0xc0010000u, 0x1000},
};
#define MSRS_PER_RANGE 0x2000u

void iopm_init(uint8_t *iopm)
{
	memset(iopm, 0xff, IOPM_SIZE);
}

void msrpm_init(uint8_t *msrpm)
{
	memset(msrpm, 0xff, MSRPM_SIZE);
}

enum hv_err iopm_set(uint8_t *iopm, uint32_t port, uint32_t n, bool icpt)
{
	if (n == 0 || port > 0xffff || n > 0x10000 - port)
		return HV_ERR_RANGE;
	for (uint32_t p = port; p < port + n; p++) {
		if (icpt)
			iopm[p / 8] |= (uint8_t)(1u << (p % 8));
		else
			iopm[p / 8] &= (uint8_t)~(1u << (p % 8));
	}
	return HV_OK;
}

bool iopm_intercepts(const uint8_t *iopm, uint32_t port, uint32_t size)
{
	for (uint32_t p = port; p < port + size; p++)
		if (p > 0xffff + 3 || (iopm[p / 8] & (1u << (p % 8))))
			return true;
	return false;
}

/* Bit index of the read intercept of `msr` in the map, or -1. */
static int64_t msr_bit(uint32_t msr)
{
	for (size_t i = 0; i < ARRAY_SIZE(msr_ranges); i++) {
		uint32_t d = msr - msr_ranges[i].first;

		if (msr >= msr_ranges[i].first && d < MSRS_PER_RANGE)
			return (int64_t)msr_ranges[i].off * 8 + 2 * (int64_t)d;
	}
	return -1;
}

static void bit_put(uint8_t *map, int64_t bit, bool v)
{
	if (v)
		map[bit / 8] |= (uint8_t)(1u << (bit % 8));
	else
		map[bit / 8] &= (uint8_t)~(1u << (bit % 8));
}

enum hv_err msrpm_set(uint8_t *msrpm, uint32_t msr, bool rd, bool wr)
{
	int64_t bit = msr_bit(msr);

	if (bit < 0)
		return HV_ERR_RANGE;
	bit_put(msrpm, bit, rd);
	bit_put(msrpm, bit + 1, wr);
	return HV_OK;
}

bool msrpm_intercepts(const uint8_t *msrpm, uint32_t msr, bool write)
{
	int64_t bit = msr_bit(msr);

	if (bit < 0)
		return true;
	bit += write;
	return msrpm[bit / 8] & (1u << (bit % 8));
}

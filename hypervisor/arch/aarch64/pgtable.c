/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMSAv8-64 descriptors, 4 KiB granule (Arm ARM D8.3): stage 1 of the EL2
 * regime and stage 2. Memory attributes:
 *   EL2 stage 1: MAIR_EL2 index 0 = Device-nGnRE, index 1 = Normal WB.
 *   Stage 2:     MemAttr[5:2] 0b1111 = Normal WB, 0b0001 = Device-nGnRE.
 */
#include <hv/arch/pgtable.h>

#define D_VALID     BIT(0)
#define D_TABLE     BIT(1) /* table at levels 0-2, page at level 3 */
#define D_AF        BIT(10)
#define D_SH_INNER  (3ULL << 8)
#define D_XN        BIT(54) /* stage 1 EL2 XN; stage 2 XN[1] (XN = 0b10) */
#define D_ADDR      GENMASK(47, 12)

/* Stage 1 (EL2) */
#define S1_ATTR_DEV  (0ULL << 2)
#define S1_ATTR_NORM (1ULL << 2)
#define S1_AP_RO     BIT(7) /* AP[2]; AP[1] is RES1 at EL2 (D8.4.1) */
#define S1_AP1       BIT(6)

/* Stage 2 */
#define S2_MEM_NORM  (0xfULL << 2)
#define S2_MEM_DEV   (0x1ULL << 2)
#define S2_AP_R      BIT(6)
#define S2_AP_W      BIT(7)

uint64_t arch_pte_table(paddr_t next)
{
	return (next.v & D_ADDR) | D_TABLE | D_VALID;
}

static uint64_t leaf_s1(unsigned attr)
{
	uint64_t d = D_AF | S1_AP1;

	d |= (attr & PT_DEVICE) ? S1_ATTR_DEV : (S1_ATTR_NORM | D_SH_INNER);
	if (!(attr & PT_W))
		d |= S1_AP_RO;
	if (!(attr & PT_X))
		d |= D_XN;
	return d;
}

static uint64_t leaf_s2(unsigned attr)
{
	uint64_t d = D_AF;

	d |= (attr & PT_DEVICE) ? S2_MEM_DEV : (S2_MEM_NORM | D_SH_INNER);
	if (attr & PT_R)
		d |= S2_AP_R;
	if (attr & PT_W)
		d |= S2_AP_W;
	if (!(attr & PT_X))
		d |= D_XN;
	return d;
}

uint64_t arch_pte_leaf(enum pt_format fmt, unsigned level, paddr_t pa, unsigned attr)
{
	uint64_t d = (pa.v & D_ADDR) | D_VALID;

	if (level == 3)
		d |= D_TABLE; /* page descriptor: bits[1:0] = 0b11 */
	return d | (fmt == PT_STAGE2 ? leaf_s2(attr) : leaf_s1(attr));
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & D_VALID;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < 3 && (pte & D_TABLE);
}

paddr_t arch_pte_addr(uint64_t pte)
{
	return PA(pte & D_ADDR);
}

unsigned arch_pte_attr(enum pt_format fmt, uint64_t pte)
{
	unsigned a = (pte & D_XN) ? 0 : PT_X;

	if (fmt == PT_STAGE2) {
		a |= (pte & S2_AP_R) ? PT_R : 0;
		a |= (pte & S2_AP_W) ? PT_W : 0;
		a |= ((pte & (0xfULL << 2)) == S2_MEM_DEV) ? PT_DEVICE : 0;
	} else {
		a |= PT_R | ((pte & S1_AP_RO) ? 0 : PT_W);
		a |= ((pte & (7ULL << 2)) == S1_ATTR_DEV) ? PT_DEVICE : 0;
	}
	return a;
}

void *arch_pa_to_hva(paddr_t pa)
{
	return (void *)(uintptr_t)pa.v; /* the EL2 map is an identity map */
}

paddr_t arch_hva_to_pa(const void *p)
{
	return PA((uintptr_t)p);
}

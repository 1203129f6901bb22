/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMSAv8-64 descriptors, 4 KiB granule (Arm ARM D8.3): stage 1 of the EL2
 * regime and stage 2. Memory attributes:
 *   EL2 stage 1: MAIR_EL2 index 0 = Device-nGnRE, index 1 = Normal WB.
 *   Stage 2:     MemAttr[5:2] 0b1111 = Normal WB, 0b0001 = Device-nGnRE.
 */
#include <hv/arch/pgtable.h>
#include <arch/contract.h>

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
#define S2_MEM_NC    (0x5ULL << 2) /* Normal, inner and outer non-cacheable (D8.5.5) */
#define S2_MEM_MASK  (0xfULL << 2)
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

	if (attr & PT_DEVICE)
		d |= S2_MEM_DEV;
	else
		d |= ((attr & PT_UNCACHED) ? S2_MEM_NC : S2_MEM_NORM) | D_SH_INNER;
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
		a |= ((pte & S2_MEM_MASK) == S2_MEM_DEV) ? PT_DEVICE : 0;
		a |= ((pte & S2_MEM_MASK) == S2_MEM_NC) ? PT_UNCACHED : 0;
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

/*
 * 4 KiB granule (Arm ARM D8.2.7): the EL2 regime starts at level 1 (TCR_EL2
 * T0SZ = 25 + ..., one table); stage 2 starts at level 1 (VTCR_EL2.SL0 = 1)
 * with 2^(IPA bits - 39) concatenated tables (D8.2.7.1, at most 16). Blocks
 * at levels 1 and 2 (1 GiB, 2 MiB), pages at level 3.
 */
#define S2_ROOT_ENTRIES (1u << (AXV_ARCH_IPA_BITS - 30))
_Static_assert(AXV_ARCH_IPA_BITS >= 39 && AXV_ARCH_IPA_BITS <= 43,
	       "stage 2 starts at level 1: 1 to 16 concatenated root tables");

static const struct pt_geometry geometry[] = {
	[PT_HYP] = {.root_level = 1, .leaf_levels = 0xe, .root_entries = 512},
	[PT_STAGE2] = {.root_level = 1, .leaf_levels = 0xe, .root_entries = S2_ROOT_ENTRIES},
};

const struct pt_geometry *arch_pt_geometry(enum pt_format fmt)
{
	return &geometry[fmt];
}

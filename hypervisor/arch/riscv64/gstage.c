/* SPDX-License-Identifier: Apache-2.0 */
/*
 * G-stage translation, Sv39x4 (privileged spec 1.12, 8.5.1): a 16 KiB root
 * of 2048 entries indexed by GPA bits 40:30, then Sv39 levels. The VM's RAM
 * is mapped with 2 MiB leaves. Every G-stage leaf has U set: guest accesses
 * are checked as U-mode accesses (8.5.1), and A/D preset (8.5.3 lets the
 * hardware fault instead of updating them).
 */
#include "standalone.h"
#include "pte.h"
#include <hv/string.h>

#define G_ROOT_ENTRIES 2048
#define G_L1_TABLES    4
#define MIB2 0x200000ULL

static uint64_t g_root[RV_MAX_VCPUS][G_ROOT_ENTRIES] __attribute__((aligned(16384)));
static uint64_t g_l1[RV_MAX_VCPUS][G_L1_TABLES][512] __attribute__((aligned(4096)));
static uint32_t g_used;

/* Map [gpa, gpa+size) to [hpa, ...) RWX with 2 MiB leaves. */
static enum hv_err map_2m(uint64_t *root, uint64_t (*l1)[512], uint64_t gpa,
			  uint64_t hpa, uint64_t size)
{
	const uint64_t leaf = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
	uint32_t used = 0;

	if (!IS_ALIGNED(gpa | hpa | size, MIB2) || (gpa + size) > (1ULL << AXV_ARCH_IPA_BITS))
		return HV_ERR_RANGE;
	for (uint64_t off = 0; off < size; off += MIB2) {
		uint64_t *e = &root[(gpa + off) >> 30];
		uint64_t *t;

		if (!*e) {
			if (used == G_L1_TABLES)
				return HV_ERR_NOMEM;
			*e = PTE_MAKE((uint64_t)(uintptr_t)l1[used++], PTE_V);
		}
		t = (uint64_t *)(uintptr_t)PTE_ADDR(*e);
		t[((gpa + off) >> 21) & 511] = PTE_MAKE(hpa + off, leaf);
	}
	return HV_OK;
}

enum hv_err gstage_build(struct rv_vm *vm)
{
	uint32_t i = g_used;
	enum hv_err err;

	if (i == RV_MAX_VCPUS)
		return HV_ERR_NOMEM;
	memset(g_root[i], 0, sizeof(g_root[i]));
	memset(g_l1[i], 0, sizeof(g_l1[i]));
	err = map_2m(g_root[i], g_l1[i], vm->gpa_base, vm->hpa_base, vm->size);
	if (err)
		return err;
	g_used++;
	vm->groot = g_root[i];
	__asm__ volatile("fence rw, rw" : : : "memory");
	return HV_OK;
}

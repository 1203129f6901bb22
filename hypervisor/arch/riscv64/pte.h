/* SPDX-License-Identifier: Apache-2.0 */
/* Sv39 / Sv39x4 page-table entries (privileged spec 1.12, 4.4.1 and 8.5.1). */
#ifndef RV_PTE_H
#define RV_PTE_H

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_G (1ULL << 5)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10

/* A leaf or table entry for physical address pa. */
#define PTE_MAKE(pa, flags) ((((pa) >> 12) << PTE_PPN_SHIFT) | (flags))
#define PTE_ADDR(pte) ((((pte) >> PTE_PPN_SHIFT) & ((1ULL << 44) - 1)) << 12)

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Neutral host model's half of the contract (include/hv/contract.h format). */
#ifndef ARCH_CONTRACT_H
#define ARCH_CONTRACT_H

/* Stage 2 of the fake spans 48 bits: four levels, root at level 0. */
#define AXV_ARCH_IPA_BITS 48

#endif

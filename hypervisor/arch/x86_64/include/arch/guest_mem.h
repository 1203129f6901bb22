/* SPDX-License-Identifier: Apache-2.0 */
/* Reading guest memory by guest-linear address (instruction fetch). */
#ifndef ARCH_GUEST_MEM_H
#define ARCH_GUEST_MEM_H

#include <hv/types.h>

struct vcpu;

/** Copy up to `len` bytes at guest-linear `lin` into buf; returns how many were readable. */
size_t gmem_fetch(struct vcpu *v, uint64_t lin, uint8_t *buf, size_t len);
/** Guest-physical address of guest-linear `lin` under the vCPU's paging mode; false if unmapped. */
bool gmem_translate(struct vcpu *v, uint64_t lin, uint64_t *gpa);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SVM permission maps (AMD APM vol. 2, 15.10.1 "I/O Permissions Map" and
 * 15.11 "MSR Intercepts"): a set bit intercepts, a clear bit lets the guest
 * reach the hardware. Pure bit logic, unit-tested on the host.
 */
#ifndef ARCH_SVM_BITMAP_H
#define ARCH_SVM_BITMAP_H

#include <hv/types.h>

/* 12 KiB: one bit per port 0..0xffff plus the bits a multi-byte access at
 * the top ports reads past 0xffff. */
#define IOPM_SIZE  (12 * 1024)
/* 8 KiB: three 2 KiB blocks of 2 bits (read, write) per MSR. */
#define MSRPM_SIZE (8 * 1024)

/** Intercept every port and every MSR (the safe default). */
void iopm_init(uint8_t *iopm);
void msrpm_init(uint8_t *msrpm);
/** Set (`icpt`) or clear the intercept of ports [port, port + n). HV_ERR_RANGE past 0xffff. */
enum hv_err iopm_set(uint8_t *iopm, uint32_t port, uint32_t n, bool icpt);
/** True if an access of `size` bytes at `port` is intercepted (the CPU checks every byte's bit). */
bool iopm_intercepts(const uint8_t *iopm, uint32_t port, uint32_t size);
/** Set the read and write intercepts of `msr`. HV_ERR_RANGE if the MSR has no bits in the map. */
enum hv_err msrpm_set(uint8_t *msrpm, uint32_t msr, bool rd, bool wr);
/** Whether a read (`write` false) or write of `msr` is intercepted; MSRs outside the map always are. */
bool msrpm_intercepts(const uint8_t *msrpm, uint32_t msr, bool write);

#endif

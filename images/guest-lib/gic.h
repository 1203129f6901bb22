/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv3 for the test guests (images/guest-lib): the VM's distributor and
 * vCPU 0's redistributor on QEMU virt, and the system-register CPU
 * interface (IHI 0069 12.2).
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdint.h>

#define GICD     0x08000000UL
#define GICR     0x080a0000UL /* vCPU 0's redistributor (RD frame) */
#define SGI_BASE 0x10000UL    /* the redistributor's SGI frame */
#define INTID_SPURIOUS 1023

#define sysreg_w(r, v) __asm__ volatile("msr " r ", %0; isb" ::"r"((uint64_t)(v)))
#define sysreg_r(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " r : "=r"(v_)); v_; })

/* ICC registers by encoding (IHI 0069 12.2). */
#define ICC_PMR     "S3_0_C4_C6_0"
#define ICC_IAR1    "S3_0_C12_C12_0"
#define ICC_EOIR1   "S3_0_C12_C12_1"
#define ICC_SGI1R   "S3_0_C12_C11_5"
#define ICC_SRE     "S3_0_C12_C12_5"
#define ICC_IGRPEN1 "S3_0_C12_C12_7"

static inline volatile uint32_t *reg32(uint64_t a)
{
	return (volatile uint32_t *)a;
}

/* CPU interface on: system registers, every priority unmasked, group 1. */
static inline void gic_cpu_if_enable(void)
{
	sysreg_w(ICC_SRE, 7);
	sysreg_w(ICC_PMR, 0xff);
	sysreg_w(ICC_IGRPEN1, 1);
}

/* Acknowledge the highest-priority pending group-1 interrupt (its INTID). */
static inline uint32_t gic_ack(void)
{
	return (uint32_t)sysreg_r(ICC_IAR1) & 0xffffff;
}

static inline void gic_eoi(uint32_t intid)
{
	sysreg_w(ICC_EOIR1, intid);
}

#endif

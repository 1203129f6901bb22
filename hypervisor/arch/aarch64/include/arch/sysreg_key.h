/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keys of trapped system registers, shared by the core modules that
 * emulate them (vGIC, virtual timer, debug/PMU registers). A key is the
 * register's encoding as ESR_EL2.ISS reports it for EC 0x18 (Arm ARM
 * D13.2.37): Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10],
 * CRm [4:1]; `iss & SYSREG_ISS_MASK` drops Rt and the direction bit.
 */
#ifndef ARCH_SYSREG_KEY_H
#define ARCH_SYSREG_KEY_H

#include <hv/types.h>

#define SYSREG_ISS_MASK 0x3ffc1eu
#define SYSREG_KEY(op0, op1, crn, crm, op2)                                   \
	(((uint32_t)(op0) << 20) | ((uint32_t)(op2) << 17) |                  \
	 ((uint32_t)(op1) << 14) | ((uint32_t)(crn) << 10) |                  \
	 ((uint32_t)(crm) << 1))
#define SYSREG_KEY_OP2(k) (((k) >> 17) & 7)
#define SYSREG_KEY_CRM(k) (((k) >> 1) & 0xf)

#endif /* ARCH_SYSREG_KEY_H */

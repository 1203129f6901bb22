/* SPDX-License-Identifier: Apache-2.0 */
/* SBI extension/function ids and error codes (SBI 2.0 spec). */
#ifndef SBI_DEFS_H
#define SBI_DEFS_H

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494d45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM    0x48534d
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434e

/* BASE (chapter 4) */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID      1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT        3
#define SBI_BASE_GET_MVENDORID    4
#define SBI_BASE_GET_MARCHID      5
#define SBI_BASE_GET_MIMPID       6

#define SBI_TIME_SET_TIMER 0
#define SBI_IPI_SEND       0

/* RFENCE (chapter 8) */
#define SBI_RFENCE_FENCE_I        0
#define SBI_RFENCE_SFENCE_VMA     1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define SBI_RFENCE_HFENCE_VVMA    5

/* HSM (chapter 9) */
#define SBI_HSM_HART_START   0
#define SBI_HSM_HART_STOP    1
#define SBI_HSM_HART_STATUS  2
#define SBI_HSM_HART_SUSPEND 3

/* SRST (chapter 10) */
#define SBI_SRST_RESET          0
#define SBI_SRST_TYPE_SHUTDOWN  0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2

/* DBCN (chapter 12) */
#define SBI_DBCN_WRITE      0
#define SBI_DBCN_READ       1
#define SBI_DBCN_WRITE_BYTE 2

/* Standard error codes (3.2) */
#define SBI_SUCCESS               0
#define SBI_ERR_FAILED           -1
#define SBI_ERR_NOT_SUPPORTED    -2
#define SBI_ERR_INVALID_PARAM    -3
#define SBI_ERR_DENIED           -4
#define SBI_ERR_INVALID_ADDRESS  -5
#define SBI_ERR_ALREADY_AVAILABLE -6

/* SBI spec version 2.0: major in bits 30:24 (4.1). */
#define SBI_SPEC_VERSION_2_0 (2UL << 24)
/* Implementation id reported to guests: not in the SBI registry (4.2). */
#define SBI_IMPL_ID_AXVISOR_C 0xa85c

#endif

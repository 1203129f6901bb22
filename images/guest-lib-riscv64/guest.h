/* SPDX-License-Identifier: Apache-2.0 */
/* riscv64 test guests: SBI calls (SBI 2.0 spec) and a small printf. */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_HSM  0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434e

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(long ext, long fid, long a0, long a1, long a2);
/* SRST system_reset: shutdown (type 0) or cold reboot (type 1); no return. */
void sbi_shutdown(void) __attribute__((noreturn));
void sbi_reboot(void) __attribute__((noreturn));
void gputc(char c);
void gprintf(const char *fmt, ...);
void secondary_start(void);

#endif

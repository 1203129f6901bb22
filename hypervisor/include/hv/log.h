/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypervisor log: printf-style lines prefixed "[hv] ".
 *
 * Output goes through log_sink_write(): core/log_direct.c writes straight to
 * the UART; the console multiplexer provides its own (linked instead) and
 * must keep log_panic_write() a direct, lock-free path.
 */
#ifndef HV_LOG_H
#define HV_LOG_H

#include <stdarg.h>
#include <hv/types.h>

/** Format into buf (always NUL-terminated); returns the length written. */
size_t hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t hv_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Short name of an error code, for log lines. */
const char *hv_strerror(enum hv_err err);

/** One log line: "[hv] " + formatted text + "\n". */
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Broken invariant of our own: log directly and stop this CPU. */
void hv_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/** Where complete log lines go (one call per line). */
void log_sink_write(const char *s, size_t len);
/** Wait until every line written so far has reached the UART (power-off). */
void log_sync(void);
/** Direct UART output, usable from early boot and panic. */
void log_panic_write(const char *s, size_t len);

#define LOG(...) hv_log(__VA_ARGS__)

#endif

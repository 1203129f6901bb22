/* SPDX-License-Identifier: Apache-2.0 */
/* Hypervisor log lines ("[hv] ..."), formatted here, written by the sink. */
#include <hv/log.h>
#include <hv/arch/cpu.h>

#define LOG_LINE_MAX 192

static size_t log_format(char *buf, const char *fmt, va_list ap)
{
	size_t n = hv_snprintf(buf, LOG_LINE_MAX, "[hv] ");

	n += hv_vsnprintf(buf + n, LOG_LINE_MAX - 1 - n, fmt, ap);
	buf[n++] = '\n';
	return n;
}

const char *hv_strerror(enum hv_err err)
{
	static const char *const names[] = {
		[HV_OK] = "ok", [HV_ERR_INVAL] = "invalid argument",
		[HV_ERR_NOMEM] = "out of table memory", [HV_ERR_RANGE] = "out of range",
		[HV_ERR_DENIED] = "denied", [HV_ERR_EXISTS] = "overlaps an existing mapping",
		[HV_ERR_NOTFOUND] = "not found", [HV_ERR_BUSY] = "busy",
		[HV_ERR_CORRUPT] = "image integrity check failed",
		[HV_ERR_UNSUPP] = "not supported",
	};

	return (unsigned)err < ARRAY_SIZE(names) && names[err] ? names[err] : "unknown error";
}

void hv_log(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = log_format(buf, fmt, ap);
	va_end(ap);
	log_sink_write(buf, n);
}

void hv_panic(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = log_format(buf, fmt, ap);
	va_end(ap);
	log_panic_write("[hv] PANIC\n", 11);
	log_panic_write(buf, n);
	for (;;)
		arch_cpu_wait();
}

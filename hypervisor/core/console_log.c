/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Log sink when the console multiplexer is linked (instead of
 * core/log_direct.c): hypervisor log lines go through the "hv" port so they
 * never cut into a VM's line. hv_log() already put "[hv] " in front; the
 * port adds its own tag, so that copy is skipped.
 */
#include <hv/console.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hv/uart.h>

#define LOG_TAG "[hv] "
#define LOG_TAG_LEN 5

void log_sink_write(const char *s, size_t len)
{
	if (len >= LOG_TAG_LEN && memcmp(s, LOG_TAG, LOG_TAG_LEN) == 0) {
		s += LOG_TAG_LEN;
		len -= LOG_TAG_LEN;
	}
	console_hv_write(s, len);
}

/* Panic path: no lock, no buffer; whatever the ring still holds is lost. */
void log_panic_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Log sink while no console multiplexer is linked: whole lines straight to
 * the UART under a lock, so lines from different CPUs do not interleave.
 */
#include <hv/log.h>
#include <hv/spinlock.h>
#include <hv/uart.h>

static spinlock_t log_lock;

void log_panic_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

void log_sink_write(const char *s, size_t len)
{
	spin_lock(&log_lock);
	log_panic_write(s, len);
	spin_unlock(&log_lock);
}

void log_sync(void)
{
	/* Lines are written synchronously: nothing is buffered here. */
}

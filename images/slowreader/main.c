/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest that reads its console slower than input is typed (issue 18, "no
 * data lost"): it polls the virtual PL011 one byte at a time with a delay,
 * and stops reading altogether for PAUSE_MS after the first lines (longer
 * than the console's 100 ms idle timeout, after which input used to be
 * dropped). Input is lines "line-NNN-<payload>" ending with "END"; it
 * checks every line arrived, in order and intact, and prints the count.
 * tests/integration/test_console_slow.py types them.
 */
#include "guest.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)
#define PAUSE_MS 600
#define PAUSE_AFTER 5 /* lines */

static volatile uint32_t *const uart = (volatile uint32_t *)UART_BASE;

static int getc_slow(void)
{
	while (uart[UARTFR / 4] & FR_RXFE)
		;
	delay_ms(1);
	return (int)(uart[UARTDR / 4] & 0xff);
}

/* Read one line (CR or LF ends it); returns its length. */
static int read_line(char *buf, int max)
{
	int n = 0, c;

	for (;;) {
		c = getc_slow();
		if (c == '\r' || c == '\n') {
			if (n)
				break;
			continue;
		}
		if (n < max - 1)
			buf[n++] = (char)c;
	}
	buf[n] = 0;
	return n;
}

/* "line-NNN-" followed by 'a' + (NNN + i) % 26 for i < 40. */
static bool line_ok(const char *l, unsigned expect)
{
	unsigned num = 0;
	int i;

	if (l[0] != 'l' || l[1] != 'i' || l[2] != 'n' || l[3] != 'e' || l[4] != '-')
		return false;
	for (i = 5; i < 8; i++)
		num = num * 10 + (unsigned)(l[i] - '0');
	if (num != expect || l[8] != '-')
		return false;
	for (i = 0; i < 40; i++)
		if (l[9 + i] != (char)('a' + (num + (unsigned)i) % 26))
			return false;
	return l[49] == 0;
}

int main(uint64_t dtb)
{
	char line[128];
	unsigned good = 0, bad = 0;

	(void)dtb;
	gprintf("slow: ready\n");
	for (;;) {
		read_line(line, sizeof(line));
		if (line[0] == 'E' && line[1] == 'N' && line[2] == 'D' && !line[3])
			break;
		if (line_ok(line, good))
			good++;
		else
			bad++;
		if (good + bad == PAUSE_AFTER)
			delay_ms(PAUSE_MS); /* not reading: input must wait, not drop */
	}
	gprintf("slow: %u lines in order, %u bad\n", good, bad);
	psci_system_off();
}

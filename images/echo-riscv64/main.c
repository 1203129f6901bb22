/* SPDX-License-Identifier: Apache-2.0 */
/*
 * riscv64 console input guest: reads one line through SBI DBCN read (SBI
 * 2.0, 12.2) into a buffer of its own memory, echoes it, and checks that a
 * read into memory it does not have is refused; then shuts down.
 */
#include "guest.h"

#define SBI_ERR_INVALID_PARAM (-3)

static char line[64];

int main(uint64_t hartid, uint64_t dtb);
int main(uint64_t hartid, uint64_t dtb)
{
	unsigned n = 0;
	struct sbiret r;

	(void)hartid;
	(void)dtb;
	gprintf("echo: ready\n");
	while (n < sizeof(line) - 1 && (n == 0 || line[n - 1] != '\n')) {
		r = sbi_ecall(SBI_EXT_DBCN, 1, (long)(sizeof(line) - 1 - n), (long)(uintptr_t)&line[n], 0);
		if (r.error) {
			gprintf("echo: DBCN read error %ld\n", r.error);
			break;
		}
		n += (unsigned)r.value;
	}
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	line[n] = 0;
	gprintf("echo: got '%s'\n", line);
	r = sbi_ecall(SBI_EXT_DBCN, 1, 8, 0x7ff00000L, 0);
	gprintf("echo: DBCN read outside guest RAM -> %ld (%s)\n", r.error,
		r.error == SBI_ERR_INVALID_PARAM ? "refused" : "WRONG");
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Differential check of arch/x86_64/insn.c: reads objdump's instruction
 * bytes, one instruction per line as hex ("0f a2"), decodes each with
 * insn_length() (argv[1] = 16, 32 or 64) and prints every disagreement,
 * then "checked N mismatches M".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arch/insn.h>

int main(int argc, char **argv)
{
	char line[512];
	unsigned long n = 0, bad = 0;
	int mode = argc > 1 ? atoi(argv[1]) : 64;

	while (fgets(line, sizeof(line), stdin)) {
		uint8_t b[32];
		int len = 0, used;
		unsigned v;
		char *p = line;

		while (len < 16 && sscanf(p, "%2x%n", &v, &used) == 1) {
			b[len++] = (uint8_t)v;
			p += used;
		}
		if (!len)
			continue;
		/* Bytes after the instruction: NOPs, so a decoder reading too
		 * far is caught by the length, not by the end of the buffer. */
		memset(b + len, 0x90, sizeof(b) - (size_t)len);
		n++;
		if ((int)insn_length(b, sizeof(b), (enum insn_mode)mode) != len) {
			bad++;
			printf("mismatch: %s", line);
		}
	}
	printf("checked %lu mismatches %lu\n", n, bad);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 neighbour guest: checks its own image (a checksum of its code and
 * data) before every beat, prints BEATS beats, then powers its VM off. Run
 * beside the attacker: its beats and intact memory show the attack stayed
 * in the attacker's VM.
 */
#include "lib.h"

#define BEATS 12
#define SPIN 3000000u

extern const uint8_t __image_start[], __image_end[];
static volatile uint32_t sink;

static uint32_t image_sum(void)
{
	uint32_t s = 0;

	for (const uint8_t *p = __image_start; p < __image_end; p++)
		s = s * 31 + *p;
	return s;
}

int main(void);
int main(void)
{
	uint32_t sum = image_sum();

	puts_com1("heartbeat-x86_64: start\n");
	for (unsigned beat = 1; beat <= BEATS; beat++) {
		for (uint32_t i = 0; i < SPIN; i++)
			sink = i;
		puts_com1("heartbeat-x86_64: beat ");
		put_dec(beat);
		puts_com1(image_sum() == sum ? ", memory intact\n" : ", MEMORY CHANGED\n");
	}
	puts_com1("heartbeat-x86_64: done\n");
	return 0;
}

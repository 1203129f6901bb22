/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (lib/sha256.c) against FIPS 180-4 / NIST CAVS known answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/sha256.h>

static void hex(const uint8_t d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void check(const void *msg, size_t len, const char *want)
{
	uint8_t d[32];
	char h[65];

	sha256(msg, len, d);
	hex(d, h);
	assert_string_equal(h, want);
}

/* Empty message. */
static void test_empty(void **state)
{
	(void)state;
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* "abc" (FIPS 180-4 example, one block). */
static void test_abc(void **state)
{
	(void)state;
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* 448-bit message: padding spills into a second block. */
static void test_two_blocks(void **state)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	check(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a' (long message, many whole blocks). */
static void test_million_a(void **state)
{
	char *m = malloc(1000000);

	(void)state;
	memset(m, 'a', 1000000);
	check(m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

/* Feeding in odd pieces gives the one-shot digest, at every split point. */
static void test_incremental(void **state)
{
	uint8_t msg[200], a[32], b[32];
	struct sha256_ctx c;

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(msg); len += 11) {
		sha256(msg, len, a);
		for (size_t cut = 0; cut <= len; cut += 5) {
			sha256_init(&c);
			sha256_update(&c, msg, cut);
			sha256_update(&c, msg + cut, len - cut);
			sha256_final(&c, b);
			assert_memory_equal(a, b, 32);
		}
	}
}

/* 55, 56 and 64 bytes: the padding boundaries. */
static void test_padding_edges(void **state)
{
	char m[64];

	(void)state;
	memset(m, 'a', sizeof(m));
	check(m, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	check(m, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	check(m, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),      cmocka_unit_test(test_abc),
		cmocka_unit_test(test_two_blocks), cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_incremental), cmocka_unit_test(test_padding_edges),
	};

	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}

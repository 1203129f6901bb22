/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest slowdown: three CPU/memory kernels (MiBench-like), each timed with
 * CNTVCT. With -icount a tick is an instruction, so native vs. hypervisor
 * differ only by instructions the hypervisor executes while the guest runs
 * (timer/maintenance interrupts, nothing else): stage-2 TLB misses and cache
 * effects are not modelled by QEMU.
 */
#include "../bench-lib/lib.h"

const char bench_name[] = "bench-work";

#define SORT_N (64 * 1024)
#define SHA_BYTES (1024 * 1024)
#define MAT_N 64

static uint32_t sort_buf[SORT_N];
static uint8_t sha_buf[SHA_BYTES];
static int32_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

/* ---- sort: heapsort of pseudo-random words ------------------------------- */
static void sift(uint32_t *a, uint32_t i, uint32_t n)
{
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && a[c + 1] > a[c])
			c++;
		if (a[i] >= a[c])
			return;
		uint32_t t = a[i];
		a[i] = a[c];
		a[c] = t;
		i = c;
	}
}

static uint64_t k_sort(void)
{
	uint32_t x = 1;
	for (uint32_t i = 0; i < SORT_N; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		sort_buf[i] = x;
	}
	for (uint32_t i = SORT_N / 2; i-- > 0;)
		sift(sort_buf, i, SORT_N);
	for (uint32_t n = SORT_N - 1; n > 0; n--) {
		uint32_t t = sort_buf[0];
		sort_buf[0] = sort_buf[n];
		sort_buf[n] = t;
		sift(sort_buf, 0, n);
	}
	uint64_t ok = 1;
	for (uint32_t i = 1; i < SORT_N; i++)
		ok &= sort_buf[i - 1] <= sort_buf[i];
	return ok;
}

/* ---- sha256 of 1 MiB ---------------------------------------------------- */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void sha_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a[8];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	for (int i = 0; i < 8; i++)
		a[i] = h[i];
	for (int i = 0; i < 64; i++) {
		uint32_t S1 = ror(a[4], 6) ^ ror(a[4], 11) ^ ror(a[4], 25);
		uint32_t ch = (a[4] & a[5]) ^ (~a[4] & a[6]);
		uint32_t t1 = a[7] + S1 + ch + K[i] + w[i];
		uint32_t S0 = ror(a[0], 2) ^ ror(a[0], 13) ^ ror(a[0], 22);
		uint32_t mj = (a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]);
		for (int j = 7; j > 0; j--)
			a[j] = a[j - 1];
		a[4] += t1;
		a[0] = t1 + S0 + mj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += a[i];
}

/* Whole-message SHA-256 of SHA_BYTES (a multiple of 64) bytes; returns h0. */
static uint64_t k_sha(void)
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	uint8_t pad[64] = {0x80};
	for (uint32_t i = 0; i < SHA_BYTES; i++)
		sha_buf[i] = (uint8_t)(i * 7 + 3);
	for (uint32_t i = 0; i < SHA_BYTES; i += 64)
		sha_block(h, sha_buf + i);
	uint64_t bits = (uint64_t)SHA_BYTES * 8;
	for (int i = 0; i < 8; i++)
		pad[63 - i] = (uint8_t)(bits >> (8 * i));
	sha_block(h, pad);
	return h[0];
}

/* ---- integer matrix multiply --------------------------------------------- */
static uint64_t k_mat(void)
{
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			ma[i][j] = i + j;
			mb[i][j] = i - j;
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			int32_t s = 0;
			for (int k = 0; k < MAT_N; k++)
				s += ma[i][k] * mb[k][j];
			mc[i][j] = s;
		}
	return (uint32_t)mc[MAT_N - 1][MAT_N - 1];
}

static void timed(const char *name, uint64_t (*fn)(void))
{
	uint64_t t0 = now();
	uint64_t check = fn();
	uint64_t t = now() - t0;
	line_begin(name);
	kv("ticks", t);
	kv("check", check);
	line_end();
}

void bench_main(uint64_t boot_stamp, const void *dtb)
{
	(void)dtb;
	print_preamble(boot_stamp);
	timed("work_sort", k_sort);
	timed("work_sha256", k_sha);
	timed("work_matmul", k_mat);
}

void bench_irq_handler(uint64_t stamp, uint32_t intid)
{
	(void)stamp;
	(void)intid;
}

void secondary_main(uint64_t cpu)
{
	(void)cpu;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256 block function on the Armv8 Cryptographic Extension (SHA256H,
 * SHA256H2, SHA256SU0/1; FIPS 180-4 6.2.2), when ID_AA64ISAR0_EL1.SHA2 says
 * the CPU has it. This is the only hypervisor code that touches SIMD
 * registers (built without -mgeneral-regs-only, outside LTO). That is safe
 * because images are hashed only (a) on the boot CPU before any guest runs
 * and (b) by vm_reset() on a CPU of the VM being reset, whose FP/SIMD state
 * is discarded by the reset anyway: no other partition's registers are live.
 */
#include <arm_neon.h>
#include <hv/arch/cpu.h>

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
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static bool has_sha2(void)
{
	uint64_t isar0;

	__asm__("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return ((isar0 >> 12) & 0xf) >= 1; /* ID_AA64ISAR0_EL1.SHA2 */
}

static uint32x4_t load_be(const uint8_t *p)
{
	return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
}

static void one_block(uint32x4_t *abcd, uint32x4_t *efgh, const uint8_t *p)
{
	uint32x4_t m[4] = {load_be(p), load_be(p + 16), load_be(p + 32), load_be(p + 48)};
	uint32x4_t a = *abcd, e = *efgh;

	/* Fully unrolled so m[] lives in registers (4 rounds per iteration). */
#pragma GCC unroll 16
	for (int i = 0; i < 16; i++) {
		uint32x4_t wk = vaddq_u32(m[i & 3], vld1q_u32(&K[4 * i]));
		uint32x4_t a_in = a;

		a = vsha256hq_u32(a, e, wk);
		e = vsha256h2q_u32(e, a_in, wk);
		if (i < 12) /* W[4i+16..4i+19] from W[4i..4i+15] */
			m[i & 3] = vsha256su1q_u32(vsha256su0q_u32(m[i & 3], m[(i + 1) & 3]),
						   m[(i + 2) & 3], m[(i + 3) & 3]);
	}
	*abcd = vaddq_u32(*abcd, a);
	*efgh = vaddq_u32(*efgh, e);
}

bool arch_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	uint32x4_t abcd, efgh;

	if (!has_sha2())
		return false;
	abcd = vld1q_u32(h);
	efgh = vld1q_u32(h + 4);
	for (; nblocks; nblocks--, p += 64)
		one_block(&abcd, &efgh, p);
	vst1q_u32(h, abcd);
	vst1q_u32(h + 4, efgh);
	return true;
}

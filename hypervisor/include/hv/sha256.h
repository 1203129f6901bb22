/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (FIPS 180-4), used to check pristine guest images. */
#ifndef HV_SHA256_H
#define HV_SHA256_H

#include <hv/types.h>

struct sha256_ctx {
	uint32_t h[8];
	uint64_t len;    /* bytes hashed so far */
	uint8_t buf[64];
	uint32_t fill;   /* bytes in buf */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[32]);
/** One-shot digest of [data, data+len). */
void sha256(const void *data, size_t len, uint8_t out[32]);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Instruction length decoding (AMD APM vol. 3, 1.1 "Instruction Byte
 * Order", 1.2 "Instruction Prefixes", 1.4 "ModRM and SIB Bytes", appendix
 * A.1/A.2 opcode maps). Only the length is computed: prefixes, REX/VEX,
 * opcode, ModRM, SIB, displacement and immediate.
 */
#include <arch/insn.h>

/* Operand classes of an opcode. */
enum {
	M = 0x01,  /* has a ModRM byte */
	I8 = 0x02, /* 8-bit immediate */
	I16 = 0x04,
	IZ = 0x08, /* 16 or 32-bit immediate (operand size) */
	IV = 0x10, /* 16, 32 or 64-bit immediate (MOV r, imm: B8-BF) */
	MO = 0x20, /* memory offset of address size (A0-A3) */
	G3B = 0x40, /* F6: imm8 only for /0 and /1 (TEST) */
	G3Z = 0x80, /* F7: imm16/32 only for /0 and /1 (TEST) */
	BAD = 0x100,
};

/* One-byte opcode map, APM vol. 3 table. Prefix bytes are never
 * looked up here (they are consumed first). */
static unsigned one_byte(uint8_t op, enum insn_mode mode)
{
	uint8_t lo = op & 7;

	if (op < 0x40) {
		if (op == 0x0f) /* escape, handled by the caller */
			return BAD;
		if (lo < 4)
			return M;
		return lo == 4 ? I8 : lo == 5 ? IZ : 0;
	}
	if (op < 0x60)
		return 0; /* INC/DEC (REX handled by caller), PUSH/POP */
	if (op >= 0x70 && op <= 0x7f)
		return I8; /* Jcc rel8 */
	if (op >= 0x84 && op <= 0x8f)
		return M;
	if (op >= 0x91 && op <= 0x99)
		return 0;
	if (op >= 0xb0 && op <= 0xb7)
		return I8;
	if (op >= 0xb8 && op <= 0xbf)
		return IV;
	if (op >= 0xd8 && op <= 0xdf)
		return M; /* x87 */
	if (op >= 0xe0 && op <= 0xe7)
		return I8; /* LOOPcc, JrCXZ, IN/OUT imm8 */
	switch (op) {
	case 0x62: case 0x63: case 0x69: case 0x6b: case 0x80: case 0x81: case 0x82: case 0x83:
	case 0xc0: case 0xc1: case 0xc4: case 0xc5: case 0xc6: case 0xc7:
	case 0xd0: case 0xd1: case 0xd2: case 0xd3: case 0xf6: case 0xf7: case 0xfe: case 0xff: {
		static const uint8_t imm[256] = {
			[0x69] = IZ, [0x6b] = I8, [0x80] = I8, [0x81] = IZ, [0x82] = I8, [0x83] = I8,
			[0xc0] = I8, [0xc1] = I8, [0xc6] = I8, [0xc7] = IZ, [0xf6] = G3B,
			[0xf7] = G3Z,
		};
		if (mode == INSN_MODE64 && (op == 0x62 || op == 0x82))
			return BAD;
		return M | imm[op];
	}
	case 0x68: case 0xa9: case 0xe8: case 0xe9:
		return IZ;
	case 0x6a: case 0xa8: case 0xcd: case 0xd4: case 0xd5: case 0xeb:
		return I8;
	case 0x9a: case 0xea: /* far CALL/JMP ptr16:16/32, not in 64-bit mode */
		return mode == INSN_MODE64 ? BAD : (IZ | I16);
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		return MO;
	case 0xc2: case 0xca:
		return I16;
	case 0xc8:
		return I16 | I8;
	default:
		return 0;
	}
}

/* Two-byte map 0F xx, APM vol. 3 table A-4..A-6. */
static unsigned two_byte(uint8_t op)
{
	if (op <= 0x03 || op == 0x0d || (op >= 0x10 && op <= 0x2f && !(op >= 0x24 && op <= 0x27)))
		return M;
	if (op == 0x0f)
		return M | I8; /* 3DNow!: suffix byte as an immediate */
	if (op >= 0x40 && op <= 0x7f)
		return (op >= 0x70 && op <= 0x73) ? (M | I8) : (op == 0x77 ? 0 : M);
	if (op >= 0x80 && op <= 0x8f)
		return IZ; /* Jcc rel16/32 */
	if (op >= 0x90 && op <= 0x9f)
		return M; /* SETcc */
	if (op >= 0xc8 && op <= 0xcf)
		return 0; /* BSWAP */
	if (op >= 0xb0)
		return (op == 0xba || (op >= 0xc2 && op <= 0xc6)) ? (M | I8) : M;
	switch (op) {
	case 0xa3: case 0xa5: case 0xab: case 0xad: case 0xae: case 0xaf:
		return M;
	case 0xa4: case 0xac:
		return M | I8;
	case 0x24: case 0x25: case 0x26: case 0x27: case 0xa6: case 0xa7:
		return BAD;
	default:
		return 0; /* SYSCALL, CLTS, WRMSR, RDTSC, RDMSR, CPUID, ... */
	}
}

struct dec {
	const uint8_t *b;
	size_t avail;
	size_t n;
	enum insn_mode mode;
	unsigned opsize; /* bytes */
	unsigned adsize; /* bytes */
	bool rex_w;
};

static bool dec_byte(struct dec *d, uint8_t *v)
{
	if (d->n >= d->avail || d->n >= INSN_MAX_LEN)
		return false;
	*v = d->b[d->n++];
	return true;
}

static bool is_legacy_prefix(uint8_t v)
{
	switch (v) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return true;
	default:
		return false;
	}
}

/* Legacy prefixes then REX (64-bit mode only, must come last). Returns the
 * opcode byte. */
static bool dec_prefixes(struct dec *d, uint8_t *op)
{
	bool p66 = false, p67 = false;

	d->rex_w = false;
	for (;;) {
		if (!dec_byte(d, op))
			return false;
		if (is_legacy_prefix(*op)) {
			p66 |= *op == 0x66;
			p67 |= *op == 0x67;
			continue;
		}
		if (d->mode == INSN_MODE64 && (*op & 0xf0) == 0x40) {
			d->rex_w = *op & 8;
			if (!dec_byte(d, op))
				return false;
			if (is_legacy_prefix(*op) || (*op & 0xf0) == 0x40)
				return false; /* REX must directly precede the opcode */
		}
		break;
	}
	if (d->mode == INSN_MODE16) {
		d->opsize = p66 ? 4 : 2;
		d->adsize = p67 ? 4 : 2;
	} else {
		d->opsize = p66 ? 2 : 4;
		d->adsize = d->mode == INSN_MODE64 ? (p67 ? 4 : 8) : (p67 ? 2 : 4);
	}
	if (d->rex_w)
		d->opsize = 8;
	return true;
}

static bool dec_skip(struct dec *d, unsigned n)
{
	if (d->n + n > d->avail || d->n + n > INSN_MAX_LEN)
		return false;
	d->n += n;
	return true;
}

/* ModRM, SIB and displacement (APM vol. 3, 1.4 and tables A-33..A-35). */
static bool dec_modrm(struct dec *d, bool reg_only, uint8_t *reg)
{
	uint8_t modrm, sib, mod, rm;

	if (!dec_byte(d, &modrm))
		return false;
	*reg = (modrm >> 3) & 7;
	mod = modrm >> 6;
	rm = modrm & 7;
	if (mod == 3 || reg_only)
		return true;
	if (d->adsize == 2) {
		if (mod == 0 && rm == 6)
			return dec_skip(d, 2);
		return dec_skip(d, mod == 1 ? 1 : mod == 2 ? 2 : 0);
	}
	if (rm == 4) {
		if (!dec_byte(d, &sib))
			return false;
		if (mod == 0 && (sib & 7) == 5)
			return dec_skip(d, 4);
	} else if (mod == 0 && rm == 5) {
		return dec_skip(d, 4); /* disp32 or RIP-relative */
	}
	return dec_skip(d, mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

static bool dec_operands(struct dec *d, unsigned cls, bool reg_only)
{
	uint8_t reg = 0;
	unsigned z = d->opsize == 2 ? 2 : 4;

	if (cls & BAD)
		return false;
	if ((cls & M) && !dec_modrm(d, reg_only, &reg))
		return false;
	if (reg < 2 && (cls & (G3B | G3Z)) && !dec_skip(d, (cls & G3B) ? 1 : z))
		return false;
	if ((cls & I16) && !dec_skip(d, 2))
		return false;
	if ((cls & IZ) && !dec_skip(d, z))
		return false;
	if ((cls & IV) && !dec_skip(d, d->opsize))
		return false;
	if ((cls & MO) && !dec_skip(d, d->adsize))
		return false;
	return !(cls & I8) || dec_skip(d, 1);
}

/* VEX (C4: 3 bytes, C5: 2 bytes; APM vol. 3, 1.8): every VEX instruction
 * has a ModRM; map 3 (0F 3A) adds an 8-bit immediate. */
static bool dec_vex(struct dec *d, uint8_t first)
{
	uint8_t p0, p1 = 0, op, map = 1;

	if (!dec_byte(d, &p0))
		return false;
	if (first == 0xc4) {
		map = p0 & 0x1f;
		if (!dec_byte(d, &p1))
			return false;
		if (p1 & 0x80)
			d->opsize = 8;
	}
	if (map < 1 || map > 3 || !dec_byte(d, &op))
		return false;
	return dec_operands(d, M | (map == 3 ? I8 : 0), false);
}

static bool dec_two_byte(struct dec *d)
{
	uint8_t op;

	if (!dec_byte(d, &op))
		return false;
	if (op == 0x38 || op == 0x3a) {
		uint8_t op3;

		if (!dec_byte(d, &op3))
			return false;
		return dec_operands(d, M | (op == 0x3a ? I8 : 0), false);
	}
	/* MOV to/from CR/DR ignore ModRM.mod: always a register operand. */
	return dec_operands(d, two_byte(op), op >= 0x20 && op <= 0x23);
}

unsigned insn_length(const uint8_t *b, size_t avail, enum insn_mode mode)
{
	struct dec d = {.b = b, .avail = avail, .mode = mode};
	uint8_t op;
	bool ok;

	if (!dec_prefixes(&d, &op))
		return 0;
	if (op == 0x0f) {
		ok = dec_two_byte(&d);
	} else if ((op == 0xc4 || op == 0xc5) &&
		   (mode == INSN_MODE64 || (d.n < avail && (b[d.n] & 0xc0) == 0xc0))) {
		ok = dec_vex(&d, op);
	} else {
		ok = dec_operands(&d, one_byte(op, mode), false);
	}
	return ok ? (unsigned)d.n : 0;
}

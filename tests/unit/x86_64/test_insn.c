/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86 instruction lengths (arch/x86_64/insn.c): the instructions the SVM
 * exits step over (no NRIPS in QEMU) and the encodings that decide a
 * length -- prefixes, REX, ModRM/SIB/displacement forms in each address
 * size, immediates by operand size, VEX, the 15-byte limit. Expected
 * lengths are from the AMD APM vol. 3 encodings (as GNU as emits them).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/insn.h>

#define LEN(mode, ...) ({ \
	static const uint8_t b_[] = {__VA_ARGS__}; \
	insn_length(b_, sizeof(b_), mode); })

#define M64 INSN_MODE64
#define M32 INSN_MODE32
#define M16 INSN_MODE16

/* The instructions the hypervisor intercepts and steps over. */
static void test_intercepted(void **state)
{
	(void)state;
	assert_int_equal(LEN(M64, 0x0f, 0xa2), 2);             /* cpuid */
	assert_int_equal(LEN(M64, 0x0f, 0x32), 2);             /* rdmsr */
	assert_int_equal(LEN(M64, 0x0f, 0x30), 2);             /* wrmsr */
	assert_int_equal(LEN(M64, 0x0f, 0x01, 0xd9), 3);       /* vmmcall */
	assert_int_equal(LEN(M64, 0x0f, 0x01, 0xd8), 3);       /* vmrun */
	assert_int_equal(LEN(M64, 0xf4), 1);                   /* hlt */
	assert_int_equal(LEN(M64, 0x0f, 0x08), 2);             /* invd */
	assert_int_equal(LEN(M32, 0x0f, 0xa2), 2);
	assert_int_equal(LEN(M16, 0x0f, 0xa2), 2);
	/* Prefixes count: rep; cs cpuid, and a REX.W on rdmsr. */
	assert_int_equal(LEN(M64, 0xf3, 0x2e, 0x0f, 0xa2), 4);
	assert_int_equal(LEN(M64, 0x48, 0x0f, 0x32), 3);
}

/* Port I/O: imm8 forms, DX forms, operand-size prefix. */
static void test_port_io(void **state)
{
	(void)state;
	assert_int_equal(LEN(M64, 0xe6, 0x80), 2);       /* out $0x80, %al */
	assert_int_equal(LEN(M64, 0xee), 1);             /* out %al, (%dx) */
	assert_int_equal(LEN(M64, 0x66, 0xef), 2);       /* out %ax, (%dx) */
	assert_int_equal(LEN(M64, 0xe5, 0x60), 2);       /* in $0x60, %eax */
	assert_int_equal(LEN(M64, 0xf3, 0x6e), 2);       /* rep outsb */
}

/* ModRM / SIB / displacement forms in 64-bit mode. */
static void test_modrm_64(void **state)
{
	(void)state;
	assert_int_equal(LEN(M64, 0x89, 0xc8), 2);                         /* mov %ecx,%eax */
	assert_int_equal(LEN(M64, 0x8b, 0x07), 2);                         /* mov (%rdi),%eax */
	assert_int_equal(LEN(M64, 0x8b, 0x47, 0x10), 3);                   /* mov 0x10(%rdi),%eax */
	assert_int_equal(LEN(M64, 0x8b, 0x87, 0, 1, 0, 0), 6);             /* mov 0x100(%rdi),%eax */
	assert_int_equal(LEN(M64, 0x8b, 0x04, 0x24), 3);                   /* mov (%rsp),%eax */
	assert_int_equal(LEN(M64, 0x8b, 0x44, 0x24, 0x08), 4);             /* mov 8(%rsp),%eax */
	assert_int_equal(LEN(M64, 0x8b, 0x04, 0x25, 0, 0, 0xe0, 0xfe), 7); /* mov 0xfee00000,%eax (SIB no base) */
	assert_int_equal(LEN(M64, 0x8b, 0x05, 1, 2, 3, 4), 6);             /* mov rip+disp32,%eax */
	assert_int_equal(LEN(M64, 0x48, 0x8b, 0x44, 0x8e, 0x10), 5);       /* mov 0x10(%rsi,%rcx,4),%rax */
	assert_int_equal(LEN(M64, 0x44, 0x89, 0x00), 3);                   /* mov %r8d,(%rax) */
}

/* Immediates sized by operand size, and MOV r64, imm64. */
static void test_immediates(void **state)
{
	(void)state;
	assert_int_equal(LEN(M64, 0xc7, 0x07, 1, 0, 0, 0), 6);          /* movl $1,(%rdi) */
	assert_int_equal(LEN(M64, 0x66, 0xc7, 0x07, 1, 0), 5);          /* movw $1,(%rdi) */
	assert_int_equal(LEN(M64, 0xc6, 0x07, 1), 3);                   /* movb $1,(%rdi) */
	assert_int_equal(LEN(M64, 0x48, 0xc7, 0xc0, 1, 0, 0, 0), 7);    /* mov $1,%rax (imm32) */
	assert_int_equal(LEN(M64, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8), 10); /* movabs $imm64,%rax */
	assert_int_equal(LEN(M64, 0xb8, 1, 2, 3, 4), 5);                /* mov $imm32,%eax */
	assert_int_equal(LEN(M64, 0x83, 0xc0, 0x01), 3);                /* add $1,%eax */
	assert_int_equal(LEN(M64, 0x81, 0xc1, 0, 1, 0, 0), 6);          /* add $0x100,%ecx */
	assert_int_equal(LEN(M64, 0xf6, 0x07, 0x01), 3);                /* testb $1,(%rdi) */
	assert_int_equal(LEN(M64, 0xf7, 0x07, 1, 0, 0, 0), 6);          /* testl $1,(%rdi) */
	assert_int_equal(LEN(M64, 0xf7, 0xd8), 2);                      /* neg %eax: no immediate */
	assert_int_equal(LEN(M64, 0xc8, 0x10, 0x00, 0x00), 4);          /* enter $16,$0 */
	assert_int_equal(LEN(M64, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8), 9);    /* movabs moffs64,%eax */
	assert_int_equal(LEN(M32, 0xa1, 1, 2, 3, 4), 5);                /* mov moffs32,%eax */
	assert_int_equal(LEN(M64, 0xe8, 0, 0, 0, 0), 5);                /* call rel32 */
	assert_int_equal(LEN(M64, 0x0f, 0x84, 0, 0, 0, 0), 6);          /* je rel32 */
	assert_int_equal(LEN(M64, 0x0f, 0xba, 0xe0, 0x05), 4);          /* bt $5,%eax */
}

/* 16- and 32-bit addressing (real mode, protected mode, 0x67). */
static void test_address_sizes(void **state)
{
	(void)state;
	assert_int_equal(LEN(M16, 0x8b, 0x07), 2);                /* mov (%bx),%ax */
	assert_int_equal(LEN(M16, 0x8b, 0x06, 0x34, 0x12), 4);    /* mov 0x1234,%ax (disp16) */
	assert_int_equal(LEN(M16, 0x8b, 0x47, 0x10), 3);          /* mov 0x10(%bx),%ax */
	assert_int_equal(LEN(M16, 0x8b, 0x87, 0x00, 0x01), 4);    /* mov 0x100(%bx),%ax */
	assert_int_equal(LEN(M16, 0xb8, 0x34, 0x12), 3);          /* mov $imm16,%ax */
	assert_int_equal(LEN(M16, 0x66, 0xb8, 1, 2, 3, 4), 6);    /* mov $imm32,%eax */
	assert_int_equal(LEN(M16, 0x67, 0x8b, 0x04, 0x24), 4);    /* addr32 mov (%esp),%ax */
	assert_int_equal(LEN(M32, 0x8b, 0x05, 1, 2, 3, 4), 6);    /* mov disp32,%eax */
	assert_int_equal(LEN(M32, 0x67, 0x8b, 0x06, 0x34, 0x12), 5); /* addr16 mov disp16 */
	assert_int_equal(LEN(M32, 0xea, 1, 2, 3, 4, 0x08, 0x00), 7); /* ljmp $8,$imm32 */
	assert_int_equal(LEN(M16, 0xea, 1, 2, 0x08, 0x00), 5);    /* ljmp $8,$imm16 */
	/* 0x40-0x4f are INC/DEC outside 64-bit mode, not REX. */
	assert_int_equal(LEN(M32, 0x48, 0x0f, 0xa2), 1);
}

/* MOV to/from CR ignores ModRM.mod; two- and three-byte maps; VEX. */
static void test_maps(void **state)
{
	(void)state;
	assert_int_equal(LEN(M64, 0x0f, 0x22, 0xd8), 3);          /* mov %rax,%cr3 */
	assert_int_equal(LEN(M64, 0x0f, 0x20, 0x00), 3);          /* mod 00 still no disp */
	assert_int_equal(LEN(M64, 0x66, 0x0f, 0x38, 0x00, 0xc1), 5); /* pshufb %xmm1,%xmm0 */
	assert_int_equal(LEN(M64, 0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x04), 6); /* palignr $4 */
	assert_int_equal(LEN(M64, 0xc5, 0xf8, 0x77), 0);          /* vzeroupper: truncated (no ModRM) */
	assert_int_equal(LEN(M64, 0xc5, 0xf9, 0x6f, 0x07), 4);    /* vmovdqa (%rdi),%xmm0 */
	assert_int_equal(LEN(M64, 0xc4, 0xe3, 0x79, 0x0f, 0xc1, 4), 6); /* vpalignr $4 */
	assert_int_equal(LEN(M64, 0x0f, 0xae, 0x38), 3);          /* clflush (%rax) */
	assert_int_equal(LEN(M64, 0x0f, 0x1f, 0x44, 0x00, 0x00), 5); /* nopl 0(%rax,%rax) */
}

/* Truncated input, more than 15 bytes, REX not last, invalid opcodes. */
static void test_rejects(void **state)
{
	static const uint8_t many[16] = {0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x0f, 0xa2};

	(void)state;
	assert_int_equal(insn_length(many, sizeof(many), M64), 0);
	assert_int_equal(insn_length(many + 1, 15, M64), 15);     /* exactly 15 is fine */
	assert_int_equal(LEN(M64, 0x0f), 0);
	assert_int_equal(LEN(M64, 0x8b, 0x87, 0, 1), 0);          /* disp32 cut short */
	assert_int_equal(LEN(M64, 0x48, 0x66, 0x0f, 0xa2), 0);    /* REX then a prefix */
	assert_int_equal(LEN(M64, 0x0f, 0xa6), 0);
	assert_int_equal(LEN(M64, 0x62, 0x00), 0);                /* no BOUND in 64-bit mode */
	assert_int_equal(insn_length(NULL, 0, M64), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intercepted),  cmocka_unit_test(test_port_io),
		cmocka_unit_test(test_modrm_64),     cmocka_unit_test(test_immediates),
		cmocka_unit_test(test_address_sizes), cmocka_unit_test(test_maps),
		cmocka_unit_test(test_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86 instruction length decoder. QEMU's SVM has no NRIPS (next RIP in
 * the VMCB), so the hypervisor advances the guest RIP past an intercepted
 * instruction by decoding its length (AMD APM vol. 3, chapter 1
 * "Instruction Encoding" and appendix A "Opcode and Operand Encodings").
 * Pure code, unit-tested on the host.
 */
#ifndef ARCH_INSN_H
#define ARCH_INSN_H

#include <hv/types.h>

enum insn_mode {
	INSN_MODE16 = 16, /* real mode or 16-bit protected CS */
	INSN_MODE32 = 32, /* 32-bit CS (CS.D = 1), incl. compatibility mode */
	INSN_MODE64 = 64, /* 64-bit mode (EFER.LMA and CS.L) */
};

#define INSN_MAX_LEN 15

/**
 * Length of the instruction starting at b[0] (at most `avail` bytes
 * readable), or 0 if it is longer than 15 bytes, truncated or not decoded.
 */
unsigned insn_length(const uint8_t *b, size_t avail, enum insn_mode mode);

#endif

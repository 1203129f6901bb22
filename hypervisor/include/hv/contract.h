/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The architecture-neutral half of the contract between axvmconfig and the
 * hypervisor: every limit and encoding the validator must know. The other
 * half is hypervisor/arch/<arch>/include/arch/contract.h (the board's
 * `arch` picks it).
 *
 * Machine-readable: tools/axvmconfig/axvmconfig_pkg/contract.py reads the
 * lines of the form `#define AXV_<NAME> <integer literal>` (decimal or hex,
 * optional `u`/`ul` suffix) and nothing else, so the validator and the C
 * build can never disagree. Keep every value a plain integer literal.
 */
#ifndef HV_CONTRACT_H
#define HV_CONTRACT_H

/* Memory-region flags (AxVisor's values, axvmconfig README). */
#define AXV_MEM_FLAG_READ 0x1
#define AXV_MEM_FLAG_WRITE 0x2
#define AXV_MEM_FLAG_EXEC 0x4
#define AXV_MEM_FLAG_USER 0x8
#define AXV_MEM_FLAG_DEVICE 0x10
#define AXV_MEM_FLAG_UNCACHED 0x20
/* The flags the hypervisor honours; any other bit is rejected by `check`. */
#define AXV_MEM_FLAGS_SUPPORTED 0x3f

/* emu_type values the hypervisor implements: bit N set = emu_type N. */
#define AXV_EMU_TYPES_SUPPORTED 0x5

#endif /* HV_CONTRACT_H */

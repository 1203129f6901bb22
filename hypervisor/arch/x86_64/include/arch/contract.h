/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86_64 (AMD SVM) half of the axvmconfig <-> hypervisor contract (see
 * include/hv/contract.h for the format: `#define AXV_<NAME> <integer>`).
 */
#ifndef ARCH_CONTRACT_H
#define ARCH_CONTRACT_H

/* Guest-physical addresses the nested page tables cover: 4-level tables
 * rooted at a PML4 (AMD APM vol. 2, 15.25.5 "Nested Table Walk", 5.3);
 * guest-physical addresses lie below 2^48. */
#define AXV_ARCH_IPA_BITS 48

/* Physical CPUs the hypervisor brings up (APIC ids of the board's CPUs). */
#define AXV_ARCH_MAX_CPUS 8

/* Highest APIC id accepted in a board description (xAPIC: 8-bit ids). */
#define AXV_ARCH_MAX_APIC_ID 254

/* I/O ports: 64 Ki ports, one IOPM bit each (APM vol. 2, 15.10.1). */
#define AXV_ARCH_IO_PORTS 65536

/* Per VM: memory regions and passed-through I/O-port ranges the x86 VM
 * table (struct x86_vm_desc) holds. */
#define AXV_ARCH_MAX_VM_REGIONS 8
#define AXV_ARCH_MAX_VM_PORT_RANGES 8

/* VMs the firmware holds (one per CPU, one vCPU each for now). */
#define AXV_ARCH_MAX_VMS 8

#endif /* ARCH_CONTRACT_H */

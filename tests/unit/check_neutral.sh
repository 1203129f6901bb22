#!/bin/sh
# Core is architecture-neutral (issue 9): no Arm, RISC-V or x86 concept in
# hypervisor/core/ or hypervisor/include/hv/ outside include/hv/arch/ (the
# arch contract, which may name what each arch's hardware id is).
# Case-aware: the upper-case names of registers/ABIs/chips, and the
# lower-case spellings code would use for them (function/field names).
# Run from the repository root; exit 1 with every hit listed.
set -u
UPPER='GIC|PSCI|MPIDR|ESR|SPSR|ELR_|HCR_|VTTBR|VTCR|TPIDR|SMCCC|\bEL[0-3]\b|EL[0-3]h?\b|_EL[0-3]|AArch64|aarch64|PL031|\bSGI|\bPPI|\bSPI\b|INTID|SBI|HSM|SRST|PLIC|APLIC|\bAIA\b|IMSIC|Sv39|Sv48|hart|VMCB|VMCS|VMEXIT|APIC|IOAPIC|\bMSR\b|\bCR[034]\b|\bRIP\b|\bx86|riscv'
LOWER='gic_|vgic|psci|mpidr|esr_|spsr|tpidr|smccc|sbi_|hart_|vmcb|apic|x86_|riscv'
paths=$(find hypervisor/core hypervisor/include/hv -path hypervisor/include/hv/arch -prune -o -type f -print | sort)
hits=$(grep -nE "$UPPER" $paths; grep -nE "$LOWER" $paths)
if [ -n "$hits" ]; then
	echo "check_neutral: architecture-specific terms in core (move them under hypervisor/arch/<arch>/ or behind hv/arch/*.h):"
	echo "$hits" | sort -u
	exit 1
fi
echo "check_neutral: hypervisor/core and hypervisor/include/hv (outside arch/) name no architecture ($(echo $paths | wc -w) files)"

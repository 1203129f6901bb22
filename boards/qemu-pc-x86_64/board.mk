# How `make run` starts this board. Must match board.toml.
# QEMU's TCG emulates AMD SVM with nested paging (not VMX): EPYC + svm,
# npt, vgif. The EPYC features TCG does not emulate are turned off by name
# (QEMU 7.2 warns about each otherwise), nrip-save among them: no NRIPS.
# -kernel loads axvisor.bin through its Multiboot header.
# What the hypervisor is built for (hypervisor/hypervisor.mk).
ARCH := x86_64
IRQCHIP := none
UART := ns16550_pio
# X86_STANDALONE=1: the first-layer firmware without the neutral core.
X86_STANDALONE ?= 1
ifeq ($(X86_STANDALONE),1)
HV_MK := hypervisor/arch/x86_64/standalone.mk
endif
CROSS :=
QEMU := qemu-system-x86_64
X86_CPU := EPYC,+svm,+npt,+vgif,-nrip-save,-xsavec,-rdseed,-sha-ni,-fxsr-opt,-misalignsse,-3dnowprefetch,-osvw,-topoext
QEMU_MACHINE := -accel tcg -M q35 -cpu $(X86_CPU) -smp 4 -m 4G -nic none
# Default VM set of `make run BOARD=qemu-pc-x86_64` (VMS= on the command
# line or in the environment wins).
ifeq ($(origin VMS),file)
VMS := configs/vms/hello-x86_64.toml
endif

# What the hypervisor is built for (hypervisor/hypervisor.mk): the arch
# folder, the interrupt controller (none yet: guests poll) and the console
# UART driver (16550 on I/O ports); the host gcc builds it.
ARCH := x86_64
IRQCHIP := none
UART := ns16550_pio
CROSS :=

# How `make run` starts this board. Must match board.toml.
# QEMU's TCG emulates AMD SVM with nested paging (not VMX): EPYC + svm,
# npt, vgif. The EPYC features TCG does not emulate are turned off by name
# (QEMU 7.2 warns about each otherwise), nrip-save among them: no NRIPS.
# -kernel loads axvisor.bin through its Multiboot header (a.out kludge).
QEMU := qemu-system-x86_64
X86_CPU := EPYC,+svm,+npt,+vgif,-nrip-save,-xsavec,-rdseed,-sha-ni,-fxsr-opt,-misalignsse,-3dnowprefetch,-osvw,-topoext
QEMU_MACHINE := -accel tcg -M q35 -cpu $(X86_CPU) -smp 4 -m 4G -nic none
# Default VM set of `make run BOARD=qemu-pc-x86_64` (VMS= on the command
# line or in the environment wins).
ifeq ($(origin VMS),file)
VMS := configs/vms/hello-x86_64.toml
endif

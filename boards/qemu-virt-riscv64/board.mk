# How `make run BOARD=qemu-virt-riscv64` starts this board (board.toml,
# board.dts). OpenSBI fw_jump from Debian's `opensbi` package enters the
# hypervisor in HS-mode at 0x8020_0000 (the H extension is on by default in
# QEMU 7.2's rv64 CPU).
CROSS := riscv64-linux-gnu-
QEMU := qemu-system-riscv64
QEMU_MACHINE := -M virt -cpu rv64 -smp 4 -m 4G \
	-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin -nic none
# What the hypervisor is built for (hypervisor/hypervisor.mk).
ARCH := riscv64
ARCH_CPU_CFLAGS :=
IRQCHIP := hvip
UART := ns16550
# The default VM set of `make run` on this board (unless VMS is given).
ifeq ($(origin VMS),file)
VMS := configs/vms/hello-riscv64.toml
endif

# How `make run` starts this board. Must match board.toml / board.dts.
QEMU_MACHINE := -M virt,virtualization=on,gic-version=2 -cpu cortex-a72 -smp 4 -m 4G
# What the hypervisor is built for (hypervisor/hypervisor.mk): the arch
# folder, its CPU flags, the interrupt controller and the console UART driver.
ARCH := aarch64
ARCH_CPU_CFLAGS := -mcpu=cortex-a72
IRQCHIP := gicv2
UART := pl011
# The default VM set: the Debian Linux guest alone (the bare-metal ticker
# speaks GICv3's system-register interface).
ifeq ($(origin VMS),file)
VMS := configs/vms/linux-aarch64.toml
endif

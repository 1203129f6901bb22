# How `make run` starts this board. Must match board.toml / board.dts.
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu cortex-a72 -smp 4 -m 4G -nic none
# What the hypervisor is built for (hypervisor/hypervisor.mk): the arch
# folder, its CPU flags, the interrupt controller and the console UART driver.
ARCH := aarch64
ARCH_CPU_CFLAGS := -mcpu=cortex-a72
IRQCHIP := gicv3
UART := pl011
# BOOT=uboot (images/disk.mk): Debian's u-boot-qemu, run at EL2 as -bios.
UBOOT_BIN := /usr/lib/u-boot/qemu_arm64/u-boot.bin
UBOOT_ARCH := arm64

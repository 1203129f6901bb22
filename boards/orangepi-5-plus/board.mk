# orangepi-5-plus is real hardware: `make firmware BOARD=orangepi-5-plus` builds
# build/orangepi-5-plus/axvisor.bin (arm64 Image, U-Boot `booti`); boards/orangepi-5-plus/README.md
# tells how to boot it. There is no QEMU model of this board.
QEMU_MACHINE = $(error board orangepi-5-plus is real hardware, not a QEMU machine: make firmware BOARD=orangepi-5-plus and boot build/orangepi-5-plus/axvisor.bin as boards/orangepi-5-plus/README.md says)
# What the hypervisor is built for (hypervisor/hypervisor.mk).
ARCH := aarch64
# Cortex-A55 + Cortex-A76, both Armv8.2-A: tuned for the A55 the boot CPU is
ARCH_CPU_CFLAGS := -mcpu=cortex-a55
IRQCHIP := gicv3
UART := ns16550
# The default VM set (unless VMS is given): Linux owning the board's storage
# and Ethernet by passthrough, beside the bare-metal ticker with a console.
ifeq ($(origin VMS),file)
VMS := configs/vms/rk3588-linux.toml configs/vms/rk3588-ticker.toml
endif

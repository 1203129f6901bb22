# roc-rk3568-pc is real hardware: `make firmware BOARD=roc-rk3568-pc` builds
# build/roc-rk3568-pc/axvisor.bin (arm64 Image, U-Boot `booti`); boards/roc-rk3568-pc/README.md
# tells how to boot it. There is no QEMU model of this board.
QEMU_MACHINE = $(error board roc-rk3568-pc is real hardware, not a QEMU machine: make firmware BOARD=roc-rk3568-pc and boot build/roc-rk3568-pc/axvisor.bin as boards/roc-rk3568-pc/README.md says)
# What the hypervisor is built for (hypervisor/hypervisor.mk).
ARCH := aarch64
# 4x Cortex-A55 (Armv8.2-A)
ARCH_CPU_CFLAGS := -mcpu=cortex-a55
IRQCHIP := gicv3
UART := ns16550
# The default VM set (unless VMS is given): Linux owning the board's storage
# and Ethernet by passthrough, beside the bare-metal ticker with a console.
ifeq ($(origin VMS),file)
VMS := configs/vms/rk3568-linux.toml configs/vms/rk3568-ticker.toml
endif

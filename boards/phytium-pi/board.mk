# phytium-pi is real hardware: `make firmware BOARD=phytium-pi` builds
# build/phytium-pi/axvisor.bin (arm64 Image, U-Boot `booti`); boards/phytium-pi/README.md
# tells how to boot it. There is no QEMU model of this board.
QEMU_MACHINE = $(error board phytium-pi is real hardware, not a QEMU machine: make firmware BOARD=phytium-pi and boot build/phytium-pi/axvisor.bin as boards/phytium-pi/README.md says)
# What the hypervisor is built for (hypervisor/hypervisor.mk).
ARCH := aarch64
# FTC664/FTC310, plain Armv8.0-A code (no LSE atomics assumed)
ARCH_CPU_CFLAGS := -march=armv8-a
IRQCHIP := gicv3
UART := pl011
# The default VM set (unless VMS is given): Linux owning the board's storage
# and Ethernet by passthrough, beside the bare-metal ticker with a console.
ifeq ($(origin VMS),file)
VMS := configs/vms/e2000-linux.toml configs/vms/e2000-ticker.toml
endif

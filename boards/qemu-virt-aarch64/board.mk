# How `make run` starts this board. Must match board.toml / board.dts.
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu cortex-a72 -smp 4 -m 4G -nic none

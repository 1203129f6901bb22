# AxVisor (C): the two commands a user needs are `make run` and `make test`.
# Both check the Debian packages first (tools/deps.sh installs them as root).
#
#   make run  [VMS="configs/vms/a.toml ..."] [BOARD=qemu-virt-aarch64] [BOOT=uboot]
#   make disk                 FAT32 boot disk for BOOT=uboot (images/disk.mk)
#   make test                 unit (CMocka), tool (pytest), integration (QEMU)
#   make bench                benchmarks (build/bench/results.json)
#   make gen | firmware | images | deps | clean
#
# Python: Debian's /usr/bin/python3 on purpose. A python3 earlier on PATH
# (pyenv, conda) does not see Debian's python3-libfdt / python3-jinja2.
PYTHON ?= /usr/bin/python3
export PYTHON

BOARD ?= qemu-virt-aarch64
# Default: the Debian Linux guest (2 vCPUs, pCPUs 2-3) beside the bare-metal
# ticker VM (pCPU 0); Ctrl-A x3 switches console input between them.
VMS ?= configs/vms/linux-aarch64.toml configs/vms/ticker-aarch64.toml
CROSS ?= aarch64-linux-gnu-
QEMU ?= qemu-system-aarch64
HOSTCC ?= gcc
# Seconds a single QEMU run may take before it is killed (0: no limit).
RUN_TIMEOUT ?= 0
# With no terminal on stdin (CI, `make run </dev/null`) nobody can type or
# quit, and the default VM set never powers itself off (the ticker runs for
# ever): such a run is stopped after this many seconds, as a normal end.
RUN_TIMEOUT_NOTTY ?= 45

# VARIANT names a second VM set built side by side (tests use it), e.g.
# VARIANT=multi → generated/qemu-virt-aarch64-multi/, build/qemu-virt-aarch64-multi/
VARIANT ?=
BUILD := build
GEN_DIR := generated/$(BOARD)$(VARIANT:%=-%)
FW_DIR := $(BUILD)/$(BOARD)$(VARIANT:%=-%)
AXVMCONFIG := $(PYTHON) tools/axvmconfig/axvmconfig
# image_location = "fs" files: their boot-disk path under this directory.
FS_ROOT ?= $(BUILD)

include boards/$(BOARD)/board.mk

# $$(GUEST_IMAGES) below is expanded only when gen is needed.
.SECONDEXPANSION:

.PHONY: all deps gen firmware images run test test-unit test-tool \
	test-integration bench clean FORCE
.DEFAULT_GOAL := all

all: firmware

deps:
	@PYTHON=$(PYTHON) sh tools/deps.sh

include images/images.mk
include hypervisor/hypervisor.mk
include tests/tests.mk
-include bench/bench.mk

# --- configuration compiler --------------------------------------------------
# The VM list is part of the input: a stamp that changes only when it does.
VMS_STAMP := $(FW_DIR)/vms.list
$(VMS_STAMP): FORCE
	@mkdir -p $(@D)
	@echo "$(VMS)" | cmp -s - $@ || echo "$(VMS)" > $@

# Image files the configs reference, so make builds them before `gen`.
GUEST_IMAGES = $(shell $(AXVMCONFIG) paths --fs-root $(FS_ROOT) $(VMS) 2>/dev/null)

$(GEN_DIR)/config.c: $(VMS) $(VMS_STAMP) $$(GUEST_IMAGES) $(wildcard boards/$(BOARD)/*)
	$(AXVMCONFIG) gen --board $(BOARD) --fs-root $(FS_ROOT) -o $(GEN_DIR) $(VMS)
	@touch $@
-include $(GEN_DIR)/axvm.d

gen: deps $(GEN_DIR)/config.c

# --- running -----------------------------------------------------------------
# QEMU's own escape key moves from Ctrl-A to Ctrl-T (-echr 0x14) so that
# Ctrl-A reaches the hypervisor's console switch (Ctrl-A x3) as typed.
# Quit QEMU with Ctrl-T x.
QEMU_CMD = $(QEMU) $(QEMU_MACHINE) -nographic -echr 0x14 -kernel $(FW_DIR)/axvisor.bin
# BOOT=uboot: the board's U-Boot boots the firmware from `make disk`'s image.
include images/disk.mk

run: deps firmware $(RUN_NEEDS)
	@echo "[make] $(QEMU_CMD)"
	@t=$(RUN_TIMEOUT); notty=; \
	if [ "$$t" = 0 ] && ! [ -t 0 ]; then t=$(RUN_TIMEOUT_NOTTY); notty=1; fi; \
	if [ "$$t" != 0 ]; then timeout --foreground $$t $(QEMU_CMD); rc=$$?; \
	else $(QEMU_CMD); rc=$$?; fi; \
	if [ $$rc = 124 ] && [ -n "$$notty" ]; then \
		echo "[make] stdin is not a terminal: stopped QEMU after $$t s with the VMs still running (RUN_TIMEOUT_NOTTY=$$t)"; rc=0; \
	elif [ $$rc = 124 ]; then echo "[make] RUN_TIMEOUT=$$t s reached: QEMU stopped"; fi; \
	exit $$rc

clean:
	rm -rf $(BUILD) generated/*/


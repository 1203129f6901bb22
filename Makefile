# AxVisor (C): the two commands a user needs are `make run` and `make test`.
# Both check the Debian packages first (tools/deps.sh installs them as root):
# `make run` only what running the board needs, `make test` also the test
# tools and every architecture's toolchain.
#
#   make run  [VMS="configs/vms/a.toml ..."] [BOARD=qemu-virt-aarch64] [RUN_TIMEOUT=s] [BOOT=uboot]
#   make disk                 FAT32 boot disk for BOOT=uboot (images/disk.mk)
#   make test                 unit (CMocka), tool (pytest), build, integration (QEMU)
#   make bench                benchmarks (build/bench/results.json)
#   make install [PREFIX=/usr/local]   the `axvmconfig` launcher in $(PREFIX)/bin
#   make uninstall [PREFIX=...]
#   make gen | firmware | images | deps | deps-test | clean
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

# $$(GUEST_IMAGES) below is expanded once all makefiles are read (see `gen`).
.SECONDEXPANSION:

.PHONY: all deps deps-test deps-tool install uninstall gen firmware images run \
	test test-unit test-tool test-build test-integration bench clean FORCE
.DEFAULT_GOAL := all

all: firmware

# Package sets: see tools/deps.sh. ARCH (from boards/$(BOARD)/board.mk) names
# the board's set: aarch64, riscv64 or x86_64.
deps:
	@PYTHON=$(PYTHON) sh tools/deps.sh run $(or $(ARCH),aarch64)
deps-test:
	@PYTHON=$(PYTHON) sh tools/deps.sh test
deps-tool:
	@PYTHON=$(PYTHON) sh tools/deps.sh tool

# The launcher execs $(PYTHON) on this checkout's tools/axvmconfig/axvmconfig,
# so a `git pull` here updates the installed command too.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
install: deps-tool
	@sh tools/install.sh install "$(DESTDIR)$(BINDIR)" "$(PYTHON)"
uninstall:
	@sh tools/install.sh uninstall "$(DESTDIR)$(BINDIR)"

include images/images.mk
include hypervisor/hypervisor.mk
include tests/tests.mk
-include bench/bench.mk

# --- configuration compiler --------------------------------------------------
# `gen` runs on every build: its input is the VM list, the board, the configs
# and the images, and whatever anyone ran by hand in $(GEN_DIR) is overwritten
# with exactly $(VMS). It rewrites only files whose content changed (and
# removes the vm<N>.dts/.dtb of VMs no longer in the set), so an unchanged set
# rebuilds nothing after it.
# Image files the configs reference, so make builds them before `gen`.
GUEST_IMAGES = $(shell $(AXVMCONFIG) paths --fs-root $(FS_ROOT) $(VMS) 2>/dev/null)

$(GEN_DIR)/config.c: $$(GUEST_IMAGES) FORCE
	$(AXVMCONFIG) gen --board $(BOARD) --fs-root $(FS_ROOT) -o $(GEN_DIR) $(VMS)

# `run` and `gen` build in a sub-make started after `deps`: make expands the
# image list above ($(shell axvmconfig paths)) once it has read the makefiles,
# before any recipe runs, i.e. before deps has installed python3-libfdt on a
# fresh machine.
gen: deps
	@$(MAKE) --no-print-directory $(GEN_DIR)/config.c

# --- running -----------------------------------------------------------------
# QEMU's own escape key moves from Ctrl-A to Ctrl-T (-echr 0x14) so that
# Ctrl-A reaches the hypervisor's console switch (Ctrl-A x3) as typed.
# Quit QEMU with Ctrl-T x.
QEMU_CMD = $(QEMU) $(QEMU_MACHINE) -nographic -echr 0x14 -kernel $(FW_DIR)/axvisor.bin
# BOOT=uboot: the board's U-Boot boots the firmware from `make disk`'s image.
include images/disk.mk

# RUN_TIMEOUT is a normal end the user asked for: exit 0 with a line saying so.
# BOOT=uboot also builds the boot disk ($(RUN_NEEDS), images/disk.mk).
run: deps
	@$(MAKE) --no-print-directory firmware $(RUN_NEEDS)
	@echo "[make] $(QEMU_CMD)"
	@t=$(RUN_TIMEOUT); why="RUN_TIMEOUT=$$t"; \
	if [ "$$t" = 0 ] && ! [ -t 0 ]; then t=$(RUN_TIMEOUT_NOTTY); \
		why="stdin is not a terminal, RUN_TIMEOUT_NOTTY=$$t"; fi; \
	if [ "$$t" != 0 ]; then timeout --foreground $$t $(QEMU_CMD); rc=$$?; \
	else $(QEMU_CMD); rc=$$?; fi; \
	if [ $$rc = 124 ]; then \
		echo "[make] timeout reached ($$why): stopped QEMU after $$t s with the VMs still running"; rc=0; fi; \
	exit $$rc

clean:
	rm -rf $(BUILD) generated/*/


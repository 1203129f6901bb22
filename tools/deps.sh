#!/bin/sh
# Checks that the Debian packages of the named sets are present.
# As root it runs `apt-get update` once and installs what is missing
# (--no-install-recommends); otherwise it prints the exact `apt-get install`
# line and fails.
#
#   sh tools/deps.sh SET...
#
# Sets (a package sits in the smallest set that needs it):
#   tool      axvmconfig alone (`make install`, check, gen): Debian's python3,
#             Jinja2, libfdt, dtc.
#   run       `make run` of any board: tool + make, coreutils (timeout).
#             The Linux guest's packages are fetched with apt-get and dpkg-deb,
#             which every Debian has.
#   aarch64   `make run` of an aarch64 board (the default qemu-virt-aarch64):
#             cross gcc/binutils, qemu-system-arm. QEMU gets `-nic none`, so
#             no NIC option ROM (ipxe-qemu) is needed.
#   riscv64   a riscv64 board: cross gcc/binutils, qemu-system-misc, OpenSBI.
#   x86_64    an x86_64 board: host gcc/binutils, qemu-system-x86.
#   uboot     booting firmware through U-Boot from a FAT32 image (later issue).
#   test      `make test`: every arch set and uboot (make test builds and
#             boots all boards), host C for the unit tests (gcc, libc6-dev:
#             gcc installed without recommends has no libc headers),
#             CMocka, pytest, Hypothesis, jsonschema (tests/tool validates
#             the configs against axvmconfig's JSON Schema).
# The Makefile calls `run <ARCH of the board>` for `make run` and `test` for
# `make test`; `make run` never needs a test-only package.
#
# Python: we use Debian's interpreter ($PYTHON, default /usr/bin/python3)
# because a python3 earlier on PATH (pyenv, conda) does not see Debian's
# python3-* packages such as python3-libfdt.
set -u
PYTHON=${PYTHON:-/usr/bin/python3}
missing=""

# Each check names the package that provides what it looks for.
need_cmd() { command -v "$1" >/dev/null 2>&1 || add "$2"; }
need_file() { [ -e "$1" ] || add "$2"; }
need_py() { [ -x "$PYTHON" ] && "$PYTHON" -c "$1" >/dev/null 2>&1 || add "$2"; }
add() { case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac; }

set_tool() {
	need_file "$PYTHON" python3
	need_py 'import jinja2' python3-jinja2
	need_py 'import libfdt' python3-libfdt
	# Python 3.11 (Debian 12) has tomllib; tomli only for an older python3.
	[ -x "$PYTHON" ] && need_py 'try:
    import tomllib
except ImportError:
    import tomli' python3-tomli
	need_cmd dtc device-tree-compiler
}

set_run() {
	set_tool
	need_cmd make make
	need_cmd timeout coreutils
}

set_aarch64() {
	need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	need_cmd aarch64-linux-gnu-objcopy binutils-aarch64-linux-gnu
	need_cmd qemu-system-aarch64 qemu-system-arm
}

set_riscv64() {
	need_cmd riscv64-linux-gnu-gcc gcc-riscv64-linux-gnu
	need_cmd riscv64-linux-gnu-objcopy binutils-riscv64-linux-gnu
	need_cmd qemu-system-riscv64 qemu-system-misc
	need_file /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin opensbi
}

set_x86_64() {
	need_cmd gcc gcc
	need_cmd objcopy binutils
	need_file /usr/include/stdint.h libc6-dev
	need_cmd qemu-system-x86_64 qemu-system-x86
}

set_uboot() {
	need_file /usr/lib/u-boot/qemu_arm64/u-boot.bin u-boot-qemu
	need_cmd mkimage u-boot-tools
	need_cmd mcopy mtools
	need_file /usr/sbin/mkfs.fat dosfstools
}

set_test() {
	set_run
	set_aarch64
	set_riscv64
	set_x86_64
	set_uboot
	need_cmd gcc gcc
	need_file /usr/include/stdint.h libc6-dev
	need_file /usr/include/libfdt.h libfdt-dev
	need_file /usr/include/cmocka.h libcmocka-dev
	need_py 'import pytest' python3-pytest
	need_py 'import hypothesis' python3-hypothesis
	need_py 'import jsonschema' python3-jsonschema
}

check() {
	missing=""
	for s in $sets; do "set_$s"; done
}

sets=""
for s in "$@"; do
	case "$s" in
	tool | run | aarch64 | riscv64 | x86_64 | uboot | test) sets="$sets $s" ;;
	*) echo "deps: unknown package set '$s' (tool run aarch64 riscv64 x86_64 uboot test)" >&2; exit 2 ;;
	esac
done
[ -n "$sets" ] || { echo "usage: sh tools/deps.sh SET... (tool run aarch64 riscv64 x86_64 uboot test)" >&2; exit 2; }

check
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >&2 || exit 1
	check
	[ -z "$missing" ] && exit 0
	echo "deps: still missing after install:$missing" >&2
	exit 1
fi
echo "deps: missing Debian packages. Run:" >&2
echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
exit 1

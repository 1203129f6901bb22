#!/bin/sh
# Checks that every Debian package the build and the tests need is present.
# As root it runs `apt-get update` once and installs what is missing;
# otherwise it prints the exact `apt-get install` line and fails.
#
# Python: we use Debian's interpreter ($PYTHON, default /usr/bin/python3)
# because a python3 earlier on PATH (pyenv, conda) does not see Debian's
# python3-* packages such as python3-libfdt.
set -u
PYTHON=${PYTHON:-/usr/bin/python3}
missing=""

need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_file() { [ -e "$1" ] || missing="$missing $2"; }
need_py() { [ -x "$PYTHON" ] && "$PYTHON" -c "$1" >/dev/null 2>&1 || missing="$missing $2"; }

check() {
	missing=""
	need_cmd make make
	need_cmd gcc gcc
	need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	need_cmd aarch64-linux-gnu-objcopy binutils-aarch64-linux-gnu
	need_cmd qemu-system-aarch64 qemu-system-arm
	need_cmd dtc device-tree-compiler
	need_cmd timeout coreutils
	need_file /usr/include/libfdt.h libfdt-dev
	need_file /usr/include/cmocka.h libcmocka-dev
	need_file "$PYTHON" python3
	need_py 'import jinja2' python3-jinja2
	need_py 'import libfdt' python3-libfdt
	need_py 'import pytest' python3-pytest
	need_py 'import hypothesis' python3-hypothesis
	need_py 'import sys
try:
    import tomllib
except ImportError:
    import tomli' python3-tomli
}

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
echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1

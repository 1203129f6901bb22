#!/bin/sh
# `make install` / `make uninstall`: the axvmconfig launcher in BINDIR.
#
#   sh tools/install.sh install BINDIR PYTHON
#   sh tools/install.sh uninstall BINDIR
#
# The launcher is a three-line shell script that execs Debian's python3 (the one
# that sees python3-libfdt) on this checkout's tools/axvmconfig/axvmconfig, so
# it follows the checkout; nothing is copied. Uninstall removes only a launcher
# that install wrote (it carries MARK).
set -eu
MARK="written by 'make install' of AxVisor"
action=${1:-} bindir=${2:-}
[ -n "$bindir" ] || { echo "usage: $0 install|uninstall BINDIR [PYTHON]" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd -P)
launcher=$bindir/axvmconfig

# A word for sh, single-quoted: the checkout path may hold spaces or quotes.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

ours() { [ -f "$launcher" ] && grep -qF "$MARK" "$launcher"; }

case $action in
install)
	python=${3:-/usr/bin/python3}
	if [ -e "$launcher" ] && ! ours; then
		echo "install: $launcher exists and was not written by make install; remove it first" >&2
		exit 1
	fi
	mkdir -p "$bindir"
	tmp=$launcher.tmp.$$
	{
		echo '#!/bin/sh'
		echo "# axvmconfig launcher, $MARK in $repo"
		echo "exec $(quote "$python") $(quote "$repo/tools/axvmconfig/axvmconfig") \"\$@\""
	} >"$tmp"
	chmod 755 "$tmp"
	mv -f "$tmp" "$launcher"
	echo "installed $launcher (runs $repo/tools/axvmconfig/axvmconfig)"
	case ":$PATH:" in
	*":$bindir:"*) ;;
	*) echo "note: $bindir is not on PATH; add it, e.g. PATH=\"$bindir:\$PATH\" in ~/.profile" ;;
	esac
	;;
uninstall)
	if ours; then
		rm -f "$launcher"
		echo "removed $launcher"
	elif [ -e "$launcher" ]; then
		echo "uninstall: $launcher was not written by make install; left alone" >&2
		exit 1
	else
		echo "uninstall: no $launcher"
	fi
	;;
*)
	echo "usage: $0 install|uninstall BINDIR [PYTHON]" >&2
	exit 2
	;;
esac

"""Shared helpers for the integration tests: build a firmware variant with
make, boot it in QEMU under a hard timeout, and hand back the console text.

Every QEMU run here ends by itself (the hypervisor powers the machine off
when its last VM is off) or is killed at its timeout; a kill is a failure.
"""
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BOARD = os.environ.get("BOARD", "qemu-virt-aarch64")
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")

sys.path.insert(0, str(Path(__file__).resolve().parent))


@dataclass
class Boot:
    """What one QEMU run printed and how it ended."""

    output: str
    returncode: int
    timed_out: bool
    seconds: float

    def lines(self, prefix=""):
        return [l for l in self.output.splitlines() if l.startswith(prefix)]


def make(*args, timeout=900):
    """Run make in the repository; fail the test with make's output."""
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
         f"BOARD={BOARD}", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc.stdout


def build_firmware(vms, variant):
    """Build the firmware for a list of VM configs; return the make args
    that select it (for qemu_cmd)."""
    sel = [f"VMS={' '.join(vms)}", f"VARIANT={variant}"]
    make("firmware", *sel)
    return sel


def qemu_cmd(sel):
    """The exact QEMU command `make run` would use for this variant."""
    return make("-s", "qemu-cmd", *sel).split()


def boot(vms, variant, timeout=60, stdin_data=None):
    """Build and boot; returns a Boot record once QEMU exits or is killed."""
    cmd = qemu_cmd(build_firmware(vms, variant))
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=REPO, input=stdin_data or b"",
                              capture_output=True, timeout=timeout)
        out, rc, killed = proc.stdout, proc.returncode, False
    except subprocess.TimeoutExpired as exc:
        out, rc, killed = exc.stdout or b"", -9, True
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    return Boot(text, rc, killed, time.monotonic() - start)


def assert_in_order(text, patterns):
    """Each regex must match, each after the previous one's match."""
    pos = 0
    for pat in patterns:
        m = re.compile(pat, re.M).search(text, pos)
        assert m, f"pattern {pat!r} not found after offset {pos} in:\n{text[-3000:]}"
        pos = m.end()

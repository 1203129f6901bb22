"""Helpers for the build suite: what a user types (make targets, the
installed launcher, a hand-run `axvmconfig gen`), run in the repository."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BOARD = os.environ.get("BOARD", "qemu-virt-aarch64")
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
TOOL = REPO / "tools" / "axvmconfig" / "axvmconfig"

sys.path.insert(0, str(Path(__file__).resolve().parent))


def make(*args, timeout=900, check=True, env=None):
    """make in the repository with stdin closed; fail the test with its
    output when check and make fails. Returns the CompletedProcess."""
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
         f"BOARD={BOARD}", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
        env=env)
    if check and proc.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed ({proc.returncode}):\n"
                    f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc

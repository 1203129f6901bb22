"""The bench guests build and run natively in QEMU and print their result
lines. No timing is asserted here: numbers belong to `make bench`."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import qemu_run  # noqa: E402

IMG = REPO / "build" / "images"
# guest binary -> (smp, result lines it must print)
GUESTS = {
    "bench-exit": (1, ["guest", "hvc_null", "mmio_uartfr", "mmio_gicd_typer", "done"]),
    "bench-timer-short": (1, ["guest", "timer_run", "timer_lat", "done"]),
    "bench-ipi": (2, ["guest", "sgi_self_lat", "sgi_cross_lat", "done"]),
    "bench-work": (1, ["guest", "work_sort", "work_sha256", "work_matmul", "done"]),
    "bench-boot": (1, ["guest", "done"]),
}


@pytest.fixture(scope="module")
def images():
    p = subprocess.run(["make", "--no-print-directory", "-C", str(REPO),
                        f"PYTHON={qemu_run.PYTHON}", "bench-images"],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        pytest.fail("make bench-images failed:\n" + p.stdout[-3000:] + p.stderr[-3000:])


@pytest.mark.parametrize("guest", sorted(GUESTS))
def test_bench_guest_runs_natively(images, guest):
    # Each guest prints its BENCH result lines and powers QEMU off.
    smp, want = GUESTS[guest]
    name = "bench-timer" if guest == "bench-timer-short" else guest
    run = qemu_run.native(IMG / guest / f"{guest}.bin", name, smp=smp, timeout=30)
    assert not run.timed_out, run.tail()
    for rec in want:
        assert run.get(rec) is not None, f"no 'BENCH {rec}' line:\n{run.tail()}"
    assert run.get("fault") is None, run.tail()


def test_hammer_guest_runs_natively(images):
    # The interference guest runs for ever: it must get through two passes.
    run = qemu_run.run_qemu(qemu_run.native_cmd(IMG / "bench-hammer" / "bench-hammer.bin"),
                            [], timeout=5)
    assert re.search(r"hammer pass 1 ", run.output), run.tail()

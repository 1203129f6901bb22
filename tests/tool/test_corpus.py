"""Every AxVisor config of the shared corpus: format level, and against our boards."""
import glob
import io
import os
import time
from contextlib import redirect_stderr, redirect_stdout

import pytest

from conftest import REPO, SHARED

from axvmconfig_pkg import contract

FILES = sorted(glob.glob(os.path.join(SHARED, "vms", "*.toml")) +
               glob.glob(os.path.join(SHARED, "history", "*.toml")))

# History configs our boards reject, with the reason (each was checked by hand).
NO_RAM = "kernel.memory_regions: the VM has no memory regions"
EXPECTED_REJECTS = {
    "arceos-aarch64-rk3568_smp1@": "base.phys_cpu_sets[0]: CPU set 0x1 does not contain CPU 1 "
                                   "(MPIDR 0x100 from phys_cpu_ids[0])",
    # Written for a QEMU with a second (secure) UART at 0x9040000 / 0x9100000.
    "arceos-aarch64@": "'pl011@9040000': no device of board 'qemu-virt-aarch64' at 0x9040000..0x9041000",
    "linux-qemu-aarch64-vm2@": "'pl011@9000000': no device of board 'qemu-virt-aarch64' at 0x9040000",
    "nimbos-aarch64@": "'pl011@9000000': no device of board 'qemu-virt-aarch64' at 0x9040000",
    # Maps 1 MiB of ordinary RAM (beyond ramoops) into the guest as a device.
    "linux-aarch64-rk3568_smp1@": "device window 0x100000+0x200000 (ramoops, scmi-shmem, etc.) is "
                                  "board RAM 0x0+0xf0000000",
    "linux-aarch64-rk3568_smp2@": "device window 0x100000+0x200000 (ramoops, scmi-shmem, etc.) is "
                                  "board RAM 0x0+0xf0000000",
    # memory_regions = [] (every entry commented out): the VM would have no RAM.
    "arceos-rk3588-aarch64-vm2@": NO_RAM, "linux-qemu-aarch64-gicv3-a@": NO_RAM,
    "linux-qemu-aarch64-gicv3-b@": NO_RAM, "linux-qemu-aarch64-mem@": NO_RAM,
    "linux-qemu-aarch64@": NO_RAM, "linux-rk3588-aarch64-smp-vm1@": NO_RAM,
    "linux-rk3588-aarch64-smp-vm2@": NO_RAM, "linux-rk3588-aarch64-smp@": NO_RAM,
}


# The rk3588 / Orange Pi 5 Plus GIC has 448 SPIs; while the vGIC models fewer
# (AXV_ARCH_MAX_SPIS in the contract), devices named explicitly with SPIs beyond
# it are rejected; in `["/"]` they are left out with a warning each.
if contract.load("aarch64").get("AXV_ARCH_MAX_SPIS") < 448:
    EXPECTED_REJECTS["linux-aarch64-rk3588-smp8"] = (
        "devices.passthrough_devices: SPI 288 of /pcie@fe160000 is beyond the last SPI 287 a VM can have")
# Flags 0x37: UNCACHED, which the hypervisor does not implement (AXV_MEM_FLAGS_SUPPORTED).
EXPECTED_REJECTS["linux-rk3588-aarch64@"] = ("kernel.memory_regions[0]: UNCACHED (0x20) in flags 0x37 "
                                             "is not supported by the hypervisor")


def board_for(name: str):
    """Our board for a corpus file, or None (riscv64, x86_64, boards we do not have)."""
    if any(x in name for x in ("riscv", "x86", "tac_e400", "a1000", "s100")):
        return None
    for key, board in (("rk3568", "roc-rk3568-pc"), ("rk3588", "orangepi-5-plus"),
                       ("e2000", "phytium-pi")):
        if key in name:
            return board
    return "qemu-virt-aarch64" if "aarch64" in name else None


def run(*argv):
    from axvmconfig_pkg.cli import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue() + err.getvalue()


BOARD_FILES = [f for f in FILES if board_for(os.path.basename(f))]
needs_corpus = pytest.mark.skipif(not FILES, reason=f"shared corpus not found at {SHARED}")


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(f) for f in FILES])
def test_corpus_syntax_only(path):
    rc, out = run("check", "--syntax-only", path)
    assert rc == 0, out


@needs_corpus
@pytest.mark.parametrize("path", BOARD_FILES, ids=[os.path.basename(f) for f in BOARD_FILES])
def test_corpus_against_board(path, monkeypatch):
    monkeypatch.chdir(REPO)
    name = os.path.basename(path)
    rc, out = run("check", "--allow-missing-images", "--board", board_for(name), path)
    assert "internal error" not in out
    expected = next((v for k, v in EXPECTED_REJECTS.items() if name.startswith(k)), None)
    if expected is None:
        assert rc == 0, out
    else:
        assert rc == 1 and expected in out, out


@needs_corpus
def test_corpus_expected_rejects_all_exist():
    names = [os.path.basename(f) for f in FILES]
    for k in EXPECTED_REJECTS:
        assert any(n.startswith(k) for n in names), k


@needs_corpus
def test_single_check_is_fast(monkeypatch):
    monkeypatch.chdir(REPO)
    run("check", "--allow-missing-images", os.path.join(REPO, "configs/vms/hello-aarch64.toml"))
    t = time.perf_counter()
    run("check", "--allow-missing-images", os.path.join(REPO, "configs/vms/hello-aarch64.toml"))
    assert time.perf_counter() - t < 1.0

"""Every AxVisor config of the shared corpus: format level, and against our boards."""
import glob
import io
import os
from contextlib import redirect_stderr, redirect_stdout

import pytest

from conftest import REPO, SHARED

from axvmconfig_pkg import contract

FILES = sorted(glob.glob(os.path.join(SHARED, "vms", "*.toml")) +
               glob.glob(os.path.join(SHARED, "history", "*.toml")) +
               glob.glob(os.path.join(SHARED, "upstream-2026-07", "*.toml")))

# Rejected already at format level (check --syntax-only): AxVisor's x86/LoongArch boot
# flows this hypervisor does not have (issue 11 item 12).
NO_FW = "is not supported: this hypervisor enters the kernel directly (Linux boot protocol)"
EXPECTED_SYNTAX_REJECTS = {
    "qemu-loongarch64--linux-rootfs-smp1": f'kernel.boot_protocol: boot_protocol "uefi" {NO_FW}',
    "qemu-x86_64--arceos-smp1": f"kernel.enable_bios: enable_bios = true {NO_FW}",
    "qemu-x86_64--arceos-uefi-smp1": f'kernel.boot_protocol: boot_protocol "uefi" {NO_FW}',
    "qemu-x86_64--linux-smp1": "devices.passthrough_ports: I/O-port passthrough (x86 port I/O) is "
                               "not supported",
    "qemu-x86_64--linux-uefi-smp1": f"kernel.uefi_firmware_path: UEFI firmware {NO_FW}",
    "qemu-x86_64--nimbos-smp1": f'kernel.boot_protocol: boot_protocol "multiboot" {NO_FW}',
    "qemu-x86_64--nimbos-uefi-smp1": f"kernel.enable_bios: enable_bios = true {NO_FW}",
}
# image_location = "fs" configs (issue 15): on our aarch64 boards they pass `check` and `gen`
# when their files exist under --fs-root (U-Boot loads them from the boot disk); no refusal
# of "fs" itself may appear for them.
FS_REFUSED = 'image_location "fs" cannot be'

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


# Upstream-2026-07 configs for boards we have, beyond "fs".
EXPECTED_REJECTS.update({
    "qemu-aarch64--nimbos-smp1": "device window 0x8000000+0x1000000 (passthrough_addresses) overlaps "
                                 "the virtual GIC distributor at 0x8000000",
    "roc-rk3568-pc--linux-smp1": "device window 0x0+0x10f000 (passthrough_addresses) is board RAM",
    "roc-rk3568-pc--linux-smp2": "device window 0x0+0x10f000 (passthrough_addresses) is board RAM",
    # Their second RAM range 0x2_4000_0000+2 GiB lies beyond the board's 4 GiB bank at 0x1_0000_0000.
    "orangepi-5-plus--linux-smp1": "0x240000000+0x80000000 is not in RAM of board 'orangepi-5-plus'",
    "orangepi-5-plus--starry-smp1": "0x240000000+0x80000000 is not in RAM of board 'orangepi-5-plus'",
    "rk3588--linux-smp8": "devices.passthrough_devices: SPI 288 of /pcie@fe160000 is beyond the last "
                          "SPI 287 a VM can have",
})
# dtb_load_addr equals kernel_load_addr: the DTB would overwrite the kernel, whatever its
# size (caught with the image missing, too).
EXPECTED_REJECTS.update({
    "phytiumpi--freertos-smp1": "kernel.dtb_load_addr: DTB 0x2020000000+0x10000 overlaps the kernel "
                                "at 0x2020000000 (size unknown)",
    "phytiumpi--zephyr-smp1": "kernel.dtb_load_addr: DTB 0x2020000000+0x10000 overlaps the kernel "
                              "at 0x2020000000 (size unknown)",
})
STAND_IN = 0x2_0000  # bytes of each stand-in image file for the check => gen run
# The rk3588 / Orange Pi 5 Plus GIC has 448 SPIs; while the vGIC models fewer
# (AXV_ARCH_MAX_SPIS in the contract), devices named explicitly with SPIs beyond
# it are rejected; in `["/"]` they are left out with a warning each.
if contract.load("aarch64").get("AXV_ARCH_MAX_SPIS") < 448:
    EXPECTED_REJECTS["linux-aarch64-rk3588-smp8"] = (
        "devices.passthrough_devices: SPI 288 of /pcie@fe160000 is beyond the last SPI 287 a VM can have")
# Flags 0x37: UNCACHED, which the hypervisor does not implement (AXV_MEM_FLAGS_SUPPORTED).
if not contract.load("aarch64").get("AXV_MEM_FLAGS_SUPPORTED") & 0x20:
    EXPECTED_REJECTS["linux-rk3588-aarch64@"] = ("kernel.memory_regions[0]: UNCACHED (0x20) in flags 0x37 "
                                                 "is not supported by the hypervisor")
elif contract.load("aarch64").get("AXV_ARCH_MAX_SPIS") < 448:
    # UNCACHED is honoured; its PCIe SPIs are what the vGIC cannot give.
    EXPECTED_REJECTS["linux-rk3588-aarch64@"] = (
        "devices.passthrough_devices: SPI 288 of /pcie@fe160000 is beyond the last SPI 287 a VM can have")


def board_for(name: str):
    """Our board for a corpus file, or None (riscv64, x86_64, boards we do not have)."""
    if any(x in name for x in ("riscv", "x86", "tac_e400", "a1000", "s100")):
        return None
    for key, board in (("rk3568", "roc-rk3568-pc"), ("rk3588", "orangepi-5-plus"),
                       ("orangepi-5-plus", "orangepi-5-plus"), ("e2000", "phytium-pi"),
                       ("phytiumpi", "phytium-pi")):
        if key in name:
            return board
    return "qemu-virt-aarch64" if "aarch64" in name and "loongarch" not in name else None


def is_fs(path: str) -> bool:
    import tomllib
    with open(path, "rb") as f:
        return tomllib.load(f).get("kernel", {}).get("image_location") == "fs"


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
    name = os.path.basename(path)
    expected = next((v for k, v in EXPECTED_SYNTAX_REJECTS.items() if name.startswith(k)), None)
    assert "internal error" not in out
    if expected is None:
        assert rc == 0, out
    else:
        assert rc == 1 and expected in out, out


@needs_corpus
@pytest.mark.parametrize("path", BOARD_FILES, ids=[os.path.basename(f) for f in BOARD_FILES])
def test_corpus_against_board(path, monkeypatch):
    monkeypatch.chdir(REPO)
    name = os.path.basename(path)
    rc, out = run("check", "--allow-missing-images", "--board", board_for(name), path)
    assert "internal error" not in out
    expected = next((v for k, v in EXPECTED_REJECTS.items() if name.startswith(k)), None)
    assert FS_REFUSED not in out, out
    if expected is not None:
        assert rc == 1 and expected in out, out
    else:
        assert rc == 0, out
        _gen_with_stand_ins(path, board_for(name))


def _gen_with_stand_ins(path, board):
    """A config `check` accepts also passes `gen` (stand-in files for its images). A "fs"
    config keeps its boot-disk paths; the stand-ins lie under them in an fs root."""
    import tempfile
    import tomllib
    with tempfile.TemporaryDirectory() as tmp:
        with open(path, "rb") as f:
            kern = tomllib.load(f)["kernel"]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        fs_root = os.path.join(tmp, "fsroot")
        for k in ("kernel_path", "dtb_path", "ramdisk_path", "bios_path"):
            if k not in kern:
                continue
            if is_fs(path):  # the file under the fs root (never outside tmp)
                p = os.path.join(fs_root, os.path.normpath(kern[k].lstrip("/")))
                assert p.startswith(fs_root + os.sep), kern[k]
                os.makedirs(os.path.dirname(p), exist_ok=True)
            else:  # every image becomes a stand-in inside tmp (never outside it)
                p = os.path.join(tmp, f"{k}.bin")
                text = text.replace(f'"{kern[k]}"', f'"{k}.bin"')
            with open(p, "wb") as f:
                f.write(b"\x5a" * STAND_IN)
        cfg = os.path.join(tmp, os.path.basename(path))
        with open(cfg, "w", encoding="utf-8") as dst:
            dst.write(text)
        rc1, out1 = run("check", "--fs-root", fs_root, "--board", board, cfg)
        out_dir = os.path.join(tmp, "out")
        rc, out = run("gen", "-q", "--fs-root", fs_root, "--board", board, "-o", out_dir, cfg)
        assert (rc1, rc) == (0, 0), out1 + out
        if is_fs(path):  # the U-Boot script loads the kernel from the boot disk
            with open(os.path.join(out_dir, "boot.cmd"), encoding="utf-8") as f:
                assert "fatload" in f.read()


@needs_corpus
def test_corpus_expected_rejects_all_exist():
    names = [os.path.basename(f) for f in FILES]
    for k in list(EXPECTED_REJECTS) + list(EXPECTED_SYNTAX_REJECTS):
        assert any(n.startswith(k) for n in names), k

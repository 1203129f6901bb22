"""Booting from a FAT32 disk through U-Boot (issue 15): QEMU runs Debian's
U-Boot as -bios; its distro boot finds /boot.scr on the virtio disk that
`make disk` built and runs it: fatload the boot-disk VM's kernel into that
VM's RAM, fatload the firmware, booti. The set (configs/sets/uboot.toml)
mixes beat-fs (image_location = "fs") with beat-b (bound into the firmware).
The other tests change the boot-disk file on a copy of the disk: only
beat-fs is refused, with a log line naming the file and the VM; beat-b runs.
"""
import os
import shutil
import subprocess
import time

import pytest

from conftest import REPO, Boot, make, qemu_cmd
from consolelog import per_vm

SEL = ["VMS=configs/sets/uboot.toml", "VARIANT=uboot"]
FS_FILE = "/images/heartbeat/heartbeat.bin"
HOST_FILE = REPO / "build/images/heartbeat/heartbeat.bin"
PART = "@@1M"  # tools/mkdisk.py: the FAT32 partition starts at sector 2048
TIMEOUT = 60


@pytest.fixture(scope="module")
def disk():
    make("disk", *SEL)
    cmd = qemu_cmd(SEL + ["BOOT=uboot"])
    img = next(a.split("file=")[1].split(",")[0] for a in cmd if "file=" in a)
    return cmd, REPO / img


def run_qemu(cmd, img=None):
    if img is not None:
        cmd = [a.replace(a.split("file=")[1].split(",")[0], str(img)) if "file=" in a else a
               for a in cmd]
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=TIMEOUT)
        out, rc, killed = p.stdout, p.returncode, False
    except subprocess.TimeoutExpired as e:
        out, rc, killed = e.stdout or b"", -9, True
    return Boot(out.decode("utf-8", "replace").replace("\r\n", "\n"), rc, killed,
                time.monotonic() - start)


def beats(lines):
    return [l for l in lines if l.startswith("heartbeat ") and l[10:].isdigit()]


def ends_cleanly(run):
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    assert "PANIC" not in run.output
    hv = per_vm(run.output)["hv"]
    assert hv[-1] == "all VMs are off: powering off the machine", hv[-5:]
    return hv


def mtools(*args):
    subprocess.run(list(args), check=True, capture_output=True)


def test_mixed_set_boots_through_uboot_from_fat32(disk):
    cmd, _ = disk
    assert "-bios" in cmd and "-kernel" not in cmd
    run = run_qemu(cmd)
    hv = ends_cleanly(run)
    # U-Boot's distro boot found the script on the FAT32 partition and ran it.
    assert "Found U-Boot script /boot.scr" in run.output
    assert f"axvisor: {FS_FILE} -> 0x50000000 (vm beat-fs)" in run.output
    assert "not loaded" not in run.output and "expected" not in run.output
    assert "vm 1 'beat-fs': 1 vCPU(s), entry 0x50000000, 1 region(s), 2 image(s) verified" in hv
    assert "vm 4 'beat-b': 1 vCPU(s), entry 0x70000000, 1 region(s), 2 image(s) verified" in hv
    out = per_vm(run.output)
    assert beats(out["beat-fs"]) == [f"heartbeat {i}" for i in range(1, 11)]
    assert beats(out["beat-b"]) == [f"heartbeat {i}" for i in range(1, 11)]
    assert "heartbeat: up on MPIDR 0x0, 10 beats every 100 ms" in out["beat-fs"]


def _altered(data):
    return data[:0x100] + bytes([data[0x100] ^ 0x01]) + data[0x101:]


CHANGES = {
    # Same size, one bit flipped in the code.
    "altered": lambda d: _altered(d),
    # Cut short: U-Boot reads what is there, the tail in RAM stays zero.
    "truncated": lambda d: d[: len(d) // 2],
    # Removed from the disk: fatload fails, the VM's RAM keeps no image.
    "missing": None,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_changed_boot_disk_file_stops_only_its_vm(disk, change, tmp_path):
    cmd, img = disk
    copy = tmp_path / "disk.img"
    shutil.copyfile(img, copy)
    target = f"{copy}{PART}"
    if CHANGES[change] is None:
        mtools("mdel", "-i", target, "::" + FS_FILE)
    else:
        new = tmp_path / "heartbeat.bin"
        new.write_bytes(CHANGES[change](HOST_FILE.read_bytes()))
        mtools("mcopy", "-o", "-i", target, str(new), "::" + FS_FILE)
    run = run_qemu(cmd, copy)
    hv = ends_cleanly(run)
    size = os.path.getsize(HOST_FILE)
    assert (f"vm beat-fs: boot-disk file {FS_FILE} ({size} bytes at IPA 0x50000000): "
            "SHA-256 mismatch: missing, truncated or altered (or changed by its guest)") in hv, hv
    assert "vm beat-fs: not started: image integrity check failed" in hv
    out = per_vm(run.output)
    assert not beats(out.get("beat-fs", []))
    assert beats(out["beat-b"]) == [f"heartbeat {i}" for i in range(1, 11)]
    if change == "missing":
        assert f"axvisor: {FS_FILE}: not loaded" in run.output
    if change == "truncated":
        assert f"bytes read, {size:#x} expected" in run.output


def test_longer_file_is_read_only_up_to_its_recorded_size(disk, tmp_path):
    """fatload's byte limit: extra bytes never reach memory past the image;
    the VM runs on exactly the bytes whose SHA-256 was checked."""
    cmd, img = disk
    copy = tmp_path / "disk.img"
    shutil.copyfile(img, copy)
    new = tmp_path / "heartbeat.bin"
    new.write_bytes(HOST_FILE.read_bytes() + b"\xff" * 8192)
    mtools("mcopy", "-o", "-i", f"{copy}{PART}", str(new), "::" + FS_FILE)
    run = run_qemu(cmd, copy)
    ends_cleanly(run)
    assert beats(per_vm(run.output)["beat-fs"]) == [f"heartbeat {i}" for i in range(1, 11)]

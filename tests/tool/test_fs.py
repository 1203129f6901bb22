"""image_location = "fs" (issue 15): boot-disk images recorded, not bound in;
the U-Boot script and disk list; load addresses inside the VM's own memory;
AxVisor's own "fs" configs generate against our boards when their files exist."""
import hashlib
import os
import tempfile

import pytest

from conftest import run_cli
from rulekit import vm
from test_corpus import BOARD_FILES, EXPECTED_REJECTS, board_for, needs_corpus, run

FS = (('image_location = "memory"', 'image_location = "fs"'),
      ('kernel_path = "k.bin"', 'kernel_path = "/guests/k.bin"'))
KERNEL = bytes(range(256)) * 16  # 4 KiB


def _setup(tmp_path, *subs, kernel=KERNEL):
    root = tmp_path / "root"
    (root / "guests").mkdir(parents=True)
    if kernel is not None:
        (root / "guests" / "k.bin").write_bytes(kernel)
    (tmp_path / "vm.toml").write_text(vm(*FS, *subs))
    return root


def _gen(tmp_path, root, *extra):
    return run_cli("gen", "--fs-root", str(root), "-o", str(tmp_path / "out"), *extra,
                   str(tmp_path / "vm.toml"))


def test_fs_image_is_recorded_not_bound(tmp_path):
    root = _setup(tmp_path)
    r = _gen(tmp_path, root)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    c = (out / "config.c").read_text()
    assert '.file = "/guests/k.bin"' in c
    assert "__axvm_vm1_kernel_start" not in c  # the generated DTB alone is bound
    assert "__axvm_vm1_dtb_start" in c
    assert ".size = 0x1000," in c
    sha = hashlib.sha256(KERNEL).digest()
    assert ", ".join(f"0x{b:02x}" for b in sha[:8]) in c
    assert "k.bin" not in (out / "guests.S").read_text()
    assert (out / "disk.list").read_text() == f"{root}/guests/k.bin\t/guests/k.bin\n"
    cmd = (out / "boot.cmd").read_text()
    assert ("fatload ${devtype} ${devnum}:${distro_bootpart} 0x50000000 /guests/k.bin 0x1000"
            in cmd)
    # the firmware at its link address, hypervisor base + text_offset (board.toml), run in place
    assert "fatload ${devtype} ${devnum}:${distro_bootpart} 0x40200000 /axvisor.bin\n" in cmd
    assert cmd.rstrip().endswith("booti 0x40200000 - ${fdtcontroladdr}")


def test_fs_load_goes_to_the_physical_address_of_the_vm_memory(tmp_path):
    """map_type 0 (ALLOC): U-Boot loads to the PA axvmconfig chose, not the IPA
    (the IPA 0x1000_0000 is not even RAM on this board)."""
    root = _setup(tmp_path, ("0x7, 1]]", "0x7, 0]]"), ("0x5000_0000", "0x1000_0000"),
                  ("0x5020_0000", "0x1020_0000"))
    r = _gen(tmp_path, root)
    assert r.returncode == 0, r.stderr
    c = (tmp_path / "out" / "config.c").read_text()
    pa = int(c.split(".ipa = 0x10000000, .pa = ")[1].split(",")[0], 16)
    assert pa >= 0x5000_0000
    assert f"{pa:#x} /guests/k.bin 0x1000" in (tmp_path / "out" / "boot.cmd").read_text()


def test_fs_load_address_outside_the_vm_is_refused(tmp_path):
    """0x4020_0000 is the hypervisor's own memory: U-Boot must never load a guest there."""
    root = _setup(tmp_path, ("kernel_load_addr = 0x5000_0000", "kernel_load_addr = 0x4020_0000"))
    r = _gen(tmp_path, root)
    assert r.returncode == 1
    assert "kernel.kernel_load_addr: kernel at 0x40200000+0x1000 is not inside one memory region" \
        in r.stderr
    assert not (tmp_path / "out").exists()


def test_fs_file_too_big_for_its_region_is_refused(tmp_path):
    root = _setup(tmp_path, kernel=b"\0" * 0x200_0000)
    r = _gen(tmp_path, root)
    assert r.returncode == 1 and "is not inside one memory region" in r.stderr


def test_fs_missing_host_copy_names_the_disk_file(tmp_path):
    root = _setup(tmp_path, kernel=None)
    r = _gen(tmp_path, root)
    assert r.returncode == 1
    assert (f"kernel.kernel_path: image file {root}/guests/k.bin does not exist "
            "(boot-disk file /guests/k.bin under --fs-root)") in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("name", ["/../k.bin", "/guests/a b.bin", "/boot.scr", "/g/$x"])
def test_fs_bad_disk_names_are_refused(tmp_path, name):
    root = _setup(tmp_path, ('"/guests/k.bin"', f'"{name}"'))
    r = _gen(tmp_path, root)
    assert r.returncode == 1
    assert f'kernel.kernel_path: "{name}" cannot be a boot-disk file' in r.stderr


def test_set_file_fs_root(tmp_path):
    root = _setup(tmp_path)
    (tmp_path / "set.toml").write_text(
        'board = "qemu-virt-aarch64"\nvms = ["vm.toml"]\nfs_root = "root"\n')
    r = run_cli("paths", str(tmp_path / "set.toml"))
    assert r.returncode == 0 and r.stdout.split() == [os.path.normpath(root / "guests" / "k.bin")]
    r = run_cli("gen", "-o", str(tmp_path / "out"), str(tmp_path / "set.toml"))
    assert r.returncode == 0, r.stderr


def _is_fs(path):
    from axvmconfig_pkg.loader import load_vm
    cfg = load_vm(path, [])
    return cfg is not None and cfg.image_location == "fs"


FS_CORPUS = [f for f in BOARD_FILES if _is_fs(f)
             and not any(os.path.basename(f).startswith(k) for k in EXPECTED_REJECTS)]


@needs_corpus
@pytest.mark.parametrize("path", FS_CORPUS, ids=[os.path.basename(f) for f in FS_CORPUS])
def test_axvisor_fs_configs_generate_when_their_files_exist(path, tmp_path):
    from axvmconfig_pkg.loader import load_vm
    cfg = load_vm(path, [])
    for im in cfg.images():
        p = tmp_path / "root" / im.path.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"\0" * 0x10000)
    name = os.path.basename(path)
    rc, out = run("gen", "--board", board_for(name), "--fs-root", str(tmp_path / "root"),
                  "-o", str(tmp_path / "out"), path)
    assert rc == 0, out
    assert (tmp_path / "out" / "disk.list").read_text().count("\n") == len(cfg.images())

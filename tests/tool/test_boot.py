"""Issue 11 items 1-3: defaults in free guest RAM, kernel footprints from image
headers, boot-protocol alignment; `check` and `gen` agree on every default."""
import io
import os
import struct
from contextlib import redirect_stderr, redirect_stdout

from rulekit import diagnose, vm

E = "error"


def arm64_image(text_offset=0, image_size=0x201_0000, file_size=0x1000):
    """A minimal arm64 Image: header fields + magic (booting.rst), zero padded."""
    hdr = struct.pack("<II QQQ QQQ I I", 0x91005a4d, 0x14000000, text_offset, image_size, 0xa,
                      0, 0, 0, 0x644d5241, 0x40)
    return hdr + b"\0" * (file_size - len(hdr))


def run(tmp_path, *argv):
    from axvmconfig_pkg.cli import main
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            rc = main(list(argv))
    finally:
        os.chdir(cwd)
    return rc, out.getvalue() + err.getvalue()


def check_and_gen(tmp_path, text, board="qemu-virt-aarch64"):
    (tmp_path / "vm.toml").write_text(text)
    from conftest import REPO
    b = os.path.join(REPO, "boards", board)
    rc1, out1 = run(tmp_path, "check", "-b", b, "vm.toml")
    rc2, out2 = run(tmp_path, "gen", "-b", b, "-o", "out", "vm.toml")
    return rc1, out1, rc2, out2


def test_image_headers_parsed():
    from axvmconfig_pkg import bootimage  # here: the other tests also run where it is absent
    ki = bootimage.parse(arm64_image(0, 0x201_0000), 0x1000)
    assert (ki.fmt, ki.text_offset, ki.footprint, ki.declared) == ("arm64 Image", 0, 0x201_0000, True)
    old = bootimage.parse(arm64_image(0, 0), 0x1000)
    assert (old.text_offset, old.footprint) == (0x80000, 0x1000)
    rv = bytearray(64)
    struct.pack_into("<QQ", rv, 8, 0x20_0000, 0x150_0000)
    rv[56:60] = b"RSC\x05"
    r = bootimage.parse(bytes(rv), 0x1000)
    assert (r.fmt, r.text_offset, r.footprint) == ("riscv64 Image", 0x20_0000, 0x150_0000)
    x86 = bytearray(0x270)
    x86[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", x86, 0x206, 0x20F)
    struct.pack_into("<I", x86, 0x260, 0x300_0000)
    assert bootimage.parse(bytes(x86), 0x1000).footprint == 0x300_0000
    assert bootimage.parse(b"\x5a" * 64, 0x40).fmt == "raw"


def test_default_dtb_not_on_kernel_at_region_start(tmp_path):
    """Item 1: kernel at the region start, no dtb_load_addr: check and gen both pass and agree."""
    (tmp_path / "k.bin").write_bytes(b"\x5a" * 0x1000)
    text = vm(("dtb_load_addr = 0x5020_0000\n", ""))
    rc1, out1, rc2, out2 = check_and_gen(tmp_path, text)
    assert rc1 == 0, out1
    assert rc2 == 0, out2
    c = (tmp_path / "out" / "config.c").read_text()
    assert "0x50200000" in c  # the default DTB: first free 2 MiB-aligned spot after the kernel


def test_default_dtb_no_room(tmp_path):
    text = vm(("dtb_load_addr = 0x5020_0000\n", ""), ("0x100_0000, 0x7, 1]", "0x1000, 0x7, 1]"))
    assert (E, "kernel: no free guest RAM for the dtb (0x10000 bytes) beside the kernel and the "
               "other images") in diagnose(tmp_path, text)


def test_default_ramdisk_after_kernel_footprint(tmp_path):
    """A ramdisk without an address goes after the kernel's footprint (not its file size)."""
    (tmp_path / "k.bin").write_bytes(arm64_image(0, 0x40_0000))
    (tmp_path / "r.img").write_bytes(b"r" * 0x2000)
    text = vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\nramdisk_path = "r.img"'),
              ("dtb_load_addr = 0x5020_0000\n", ""))
    rc1, out1, rc2, out2 = check_and_gen(tmp_path, text)
    assert rc1 == 0 and rc2 == 0, out1 + out2
    dts = (tmp_path / "out" / "vm1.dts").read_text()
    assert "linux,initrd-start = <0x0 0x50400000>;" in dts
    assert "0x50600000" in (tmp_path / "out" / "config.c").read_text()  # DTB after the ramdisk


def test_ramdisk_in_kernel_bss_rejected(tmp_path):
    """Item 2: the ramdisk inside the arm64 Image's image_size is an error in check."""
    (tmp_path / "r.img").write_bytes(b"r" * 0x1000)
    text = vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\nramdisk_path = "r.img"\n'
               "ramdisk_load_addr = 0x5100_0000"), ("0x5020_0000", "0x50e0_0000"))
    (tmp_path / "k.bin").write_bytes(arm64_image(0, 0x201_0000))
    got = diagnose(tmp_path, text, kernel_size=None)
    assert (E, "kernel.ramdisk_load_addr: ramdisk 0x51000000+0x1000 overlaps the kernel (footprint "
               "from its arm64 Image header) 0x50000000+0x2010000") in got


def test_misaligned_dtb_rejected(tmp_path):
    """Item 3: the arm64 boot protocol wants the DTB 8-byte aligned."""
    got = diagnose(tmp_path, vm(("dtb_load_addr = 0x5020_0000", "dtb_load_addr = 0x5020_0004")))
    assert (E, "kernel.dtb_load_addr: DTB at 0x50200004 is not 8-byte aligned (arm64 boot "
               "protocol)") in got


def test_arm64_image_alignment_and_entry(tmp_path):
    (tmp_path / "k.bin").write_bytes(arm64_image(0, 0x10_0000))
    text = vm(("kernel_load_addr = 0x5000_0000", "kernel_load_addr = 0x5001_0000"),
              ("entry_point = 0x5000_0000", "entry_point = 0x5001_1000"),
              ("dtb_load_addr = 0x5020_0000", "dtb_load_addr = 0x5040_0000"))
    got = diagnose(tmp_path, text, kernel_size=None)
    assert (E, "kernel.kernel_load_addr: arm64 Image at 0x50010000: must sit text_offset (0x0) above "
               "a 2 MiB-aligned address") in got
    assert (E, "kernel.entry_point: entry point 0x50011000 is not the start of the arm64 Image "
               "0x50010000") in got


def test_ramdisk_32g_window(tmp_path):
    (tmp_path / "k.bin").write_bytes(arm64_image(0, 0x10_0000))
    (tmp_path / "r.img").write_bytes(b"r" * 0x1000)
    text = vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\nramdisk_path = "r.img"\n'
               "ramdisk_load_addr = 0x9_0000_0000"),
              ("memory_regions = [[0x5000_0000, 0x100_0000, 0x7, 1]]",
               "memory_regions = [[0x5000_0000, 0x100_0000, 0x7, 1], [0x9_0000_0000, 0x1000, 0x7, 0]]"))
    got = diagnose(tmp_path, text, kernel_size=None)
    assert (E, "kernel.ramdisk_load_addr: ramdisk 0x900000000+0x1000 and the kernel do not fit one "
               "1 GiB-aligned window of up to 32 GiB (arm64 boot protocol)") in got

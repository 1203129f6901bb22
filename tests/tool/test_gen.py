"""`gen`: golden files, determinism, write-only-on-change, no output on error."""
import os
import shutil
import subprocess

import pytest

from conftest import DATA, REPO, run_cli

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "hello")
TEXT_OUTPUTS = ("config.c", "config.h", "guests.S", "guests.ld", "axvm.d", "vm1.dts")
HELLO = os.path.relpath(os.path.join(DATA, "hello", "hello.toml"), REPO)


def _gen(out, *vms, board="qemu-virt-aarch64"):
    return run_cli("gen", "--board", board, "-o", str(out), *vms)


def test_gen_hello_matches_golden(tmp_path):
    """Every text artifact equals its golden file (output dir written as @OUT@)."""
    r = _gen(tmp_path / "out", HELLO)
    assert r.returncode == 0, r.stderr
    for name in TEXT_OUTPUTS:
        got = (tmp_path / "out" / name).read_text().replace(str(tmp_path / "out"), "@OUT@")
        gold = os.path.join(GOLDEN, name)
        if os.environ.get("AXVM_UPDATE_GOLDEN"):
            with open(gold, "w") as f:
                f.write(got)
        with open(gold) as f:
            assert got == f.read(), f"{name} differs from {gold} (AXVM_UPDATE_GOLDEN=1 to update)"


MULTI = [os.path.relpath(os.path.join(DATA, "multi", n), REPO) for n in ("linux.toml", "rtos.toml")]
MULTI_OUTPUTS = ("config.c", "config.h", "guests.S", "guests.ld", "axvm.d", "vm2.dts")


def test_gen_multi_matches_golden(tmp_path):
    """Two VMs: inline tables, CPU sets, ALLOC, emulated console, ramdisk, "/" passthrough, dtb_path."""
    r = _gen(tmp_path / "out", *MULTI)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(tmp_path / "out")) == sorted(MULTI_OUTPUTS + ("vm2.dtb", "boot.cmd", "disk.list"))
    gdir = os.path.join(os.path.dirname(__file__), "golden", "multi")
    for name in MULTI_OUTPUTS:
        got = (tmp_path / "out" / name).read_text().replace(str(tmp_path / "out"), "@OUT@")
        gold = os.path.join(gdir, name)
        if os.environ.get("AXVM_UPDATE_GOLDEN"):
            os.makedirs(gdir, exist_ok=True)
            with open(gold, "w") as f:
                f.write(got)
        with open(gold) as f:
            assert got == f.read(), f"{name} differs from {gold} (AXVM_UPDATE_GOLDEN=1 to update)"


@pytest.mark.parametrize("golden", ["hello/vm1.dts", "multi/vm2.dts"])
def test_golden_dts_compiles_to_the_generated_dtb(tmp_path, golden):
    """dtc round-trip: every golden DTS compiles, and to exactly what gen bound."""
    src = MULTI if golden.startswith("multi") else [HELLO]
    assert _gen(tmp_path, *src).returncode == 0
    dts = open(os.path.join(os.path.dirname(__file__), "golden", golden), "rb").read()
    blob = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-"], input=dts,
                          capture_output=True, check=True).stdout
    assert blob == (tmp_path / os.path.basename(golden).replace(".dts", ".dtb")).read_bytes()


def test_gen_is_byte_identical_and_rewrites_nothing(tmp_path):
    """A second run gives identical bytes and leaves every file untouched."""
    assert _gen(tmp_path / "a", HELLO).returncode == 0
    stamps = {n: os.stat(tmp_path / "a" / n).st_mtime_ns for n in os.listdir(tmp_path / "a")}
    r = _gen(tmp_path / "a", HELLO)
    assert r.returncode == 0 and "0 of 9 files updated" in r.stderr
    assert {n: os.stat(tmp_path / "a" / n).st_mtime_ns for n in stamps} == stamps
    assert _gen(tmp_path / "b", HELLO).returncode == 0
    for n in stamps:
        a = (tmp_path / "a" / n).read_bytes().replace(str(tmp_path / "a").encode(), b"@")
        b = (tmp_path / "b" / n).read_bytes().replace(str(tmp_path / "b").encode(), b"@")
        assert a == b, n


def test_gen_dtb_round_trips_through_dtc(tmp_path):
    """The DTB decompiles and recompiles to the same blob; it has the expected nodes."""
    assert _gen(tmp_path, HELLO).returncode == 0
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(tmp_path / "vm1.dtb")],
                         capture_output=True, check=True).stdout
    again = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-"], input=dts,
                           capture_output=True, check=True).stdout
    assert again == (tmp_path / "vm1.dtb").read_bytes()
    for node in (b"psci {", b"cpu@0 {", b"memory@50000000 {", b"interrupt-controller@8000000 {",
                 b"timer {", b"pl011@9000000 {", b"stdout-path = \"/pl011@9000000\""):
        assert node in dts


def test_missing_kernel_names_file_and_key_and_writes_nothing(tmp_path):
    src = tmp_path / "vm.toml"
    src.write_text(open(os.path.join(DATA, "hello", "hello.toml")).read()
                   .replace('"hello.bin"', '"nope/missing.bin"'))
    r = _gen(tmp_path / "out", str(src))
    assert r.returncode == 1
    missing = os.path.relpath(tmp_path / "nope" / "missing.bin", REPO)
    assert f"{src}:12: error: kernel.kernel_path: image file {missing} does not exist" in r.stderr
    assert not (tmp_path / "out").exists()


def test_ill_typed_key_is_reported_with_line(tmp_path):
    src = tmp_path / "vm.toml"
    src.write_text(open(os.path.join(DATA, "hello", "hello.toml")).read()
                   .replace("cpu_num = 1", 'cpu_num = "one"'))
    r = _gen(tmp_path / "out", str(src))
    assert r.returncode == 1
    assert f'{src}:6: error: base.cpu_num: expected an integer, got a string ("one")' in r.stderr
    assert r.stderr.rstrip().endswith("1 error, 0 warnings")
    assert not (tmp_path / "out").exists()


def test_paths_prints_cwd_relative_image_paths():
    r = run_cli("paths", HELLO, "configs/vms/hello-aarch64.toml")
    assert r.returncode == 0
    assert r.stdout.split() == [os.path.join(os.path.dirname(HELLO), "hello.bin"),
                                "build/images/hello/hello.bin"]


def test_depfile_lists_every_input(tmp_path):
    assert _gen(tmp_path, HELLO).returncode == 0
    first = (tmp_path / "axvm.d").read_text().splitlines()[1]
    assert first == (f"{tmp_path}/config.c: {HELLO} boards/qemu-virt-aarch64/board.toml "
                     f"boards/qemu-virt-aarch64/board.dts tests/tool/data/hello/hello.bin")


def test_usage_error_exits_2():
    assert run_cli("gen").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    r = run_cli("gen", "--board", "nonexistent", HELLO)  # issue 11 item 11: usage, not input
    assert r.returncode == 2
    assert "nonexistent: error: unknown board 'nonexistent' (no boards/nonexistent/board.toml; " \
           "known: " in r.stderr

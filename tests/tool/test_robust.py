"""Issue 11 items 9-11: paths and names, bad input that used to crash or hang, diagnostics."""
import io
import os
import subprocess
from contextlib import redirect_stderr, redirect_stdout

import pytest

from conftest import REPO
from rulekit import custom_board, diagnose, vm

E, W = "error", "warning"
INC = ["-I" + os.path.join(REPO, "hypervisor", "include"),
       "-I" + os.path.join(REPO, "hypervisor", "arch", "aarch64", "include")]


def run(cwd, *argv):
    from axvmconfig_pkg.cli import main
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            rc = main(list(argv))
    finally:
        os.chdir(old)
    return rc, out.getvalue() + err.getvalue()


def compiles(outdir) -> str:
    """'' if config.c passes host gcc -fsyntax-only with the hypervisor's include paths."""
    r = subprocess.run(["gcc", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", *INC, f"-I{outdir}",
                        os.path.join(outdir, "config.c")], capture_output=True, text=True, timeout=60)
    return r.stderr if r.returncode else ""


BOARD = os.path.join(REPO, "boards", "qemu-virt-aarch64")


# ---- item 9: paths and names
def test_comment_closer_in_path_compiles(tmp_path):
    d = tmp_path / "x*"
    d.mkdir()
    (d / "k.bin").write_bytes(b"\x5a" * 0x1000)
    (d / "vm.toml").write_text(vm())
    rc, out = run(tmp_path, "gen", "-b", BOARD, "-o", "out", "x*/vm.toml")
    assert rc == 0, out
    assert compiles(tmp_path / "out") == ""
    assert "x*\\/vm.toml" in (tmp_path / "out" / "config.c").read_text().splitlines()[0]


def test_newline_in_file_name_rejected_by_check(tmp_path):
    (tmp_path / "k\nx.bin").write_bytes(b"\x5a" * 0x1000)
    got = diagnose(tmp_path, vm(('"k.bin"', '"k\\nx.bin"')))
    assert (E, "kernel.kernel_path: path 'k\\nx.bin' contains the control character '\\n': make "
               "(axvm.d) cannot name such a file") in got


def test_board_name_cannot_escape_generated(tmp_path):
    (tmp_path / "vm.toml").write_text(vm())
    board = custom_board(tmp_path, ('name = "qemu-virt-aarch64"', 'name = "../../x"'))
    rc, out = run(tmp_path, "check", "-b", board, "vm.toml")
    assert rc == 1
    assert 'board.toml:6: error: board.name: board name "../../x" must be letters, digits, ".", ' \
           '"_" or "-" (it names the output folder generated/<name>/)' in out


# ---- item 10: crashes and hangs
def _flip(blob: bytes, at: int) -> bytes:
    b = bytearray(blob)
    b[at] ^= 0x40
    return bytes(b)


@pytest.mark.parametrize("how", ["truncated", "flipped-header", "flipped-struct", "empty"])
def test_bad_board_dtb_is_an_error_not_a_crash(tmp_path, how):
    src = os.path.join(REPO, "boards", "orangepi-5-plus")
    board = custom_board(tmp_path, name="orangepi-5-plus")
    blob = open(os.path.join(src, "board.dtb"), "rb").read()
    struct_off = int.from_bytes(blob[8:12], "big")  # off_dt_struct: the first FDT_BEGIN_NODE token
    bad = {"truncated": blob[:len(blob) // 2], "flipped-header": _flip(blob, 9),
           "flipped-struct": _flip(blob, struct_off), "empty": b""}[how]
    with open(os.path.join(board, "board.dtb"), "wb") as f:
        f.write(bad)
    r = subprocess.run([os.sys.executable, os.path.join(REPO, "tools", "axvmconfig", "axvmconfig"),
                        "check", "-b", board, os.path.join(REPO, "tests", "tool", "data", "hello",
                                                           "hello.toml")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "board.dtb: error: invalid device tree blob" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("sub,want", [
    (("[board]", "board = 5\n[boardx]"), "error: board: [board] must be a table, got an integer (0x5)"),
    (('dts = "board.dts"', "dts = 5"), ":8: error: board.dts: [board] dts must be a string, got an "
                                       "integer (0x5)"),
    (("[timer]", "[timerx]"), None),
    (("maint_irq = 25", "maint_irq = inf"), ":35: error: gic.maint_irq: [gic] maint_irq must be an "
                                            "integer 0 .. 2^64-1, got a float (inf)"),
    (("spi_num = 256", "spi_num = \"x\""), ":34: error: gic.spi_num: [gic] spi_num must be an integer "
                                           "0 .. 2^64-1, got a string (\"x\")"),
])
def test_board_toml_wrong_types(tmp_path, sub, want):
    (tmp_path / "vm.toml").write_text(vm())
    board = custom_board(tmp_path, sub)
    if sub[0] == "[timer]":  # `timer = 5` at the top level
        t = open(os.path.join(board, "board.toml")).read()
        open(os.path.join(board, "board.toml"), "w").write("timer = 5\n" + t)
        want = ":1: error: timer: [timer] must be a table, got an integer (0x5)"
    rc, out = run(tmp_path, "check", "-b", board, "vm.toml")
    assert rc == 1 and want in out, out
    assert "internal error" not in out


def test_board_error_github_format_names_board_toml(tmp_path):
    (tmp_path / "vm.toml").write_text(vm())
    board = custom_board(tmp_path, ("maint_irq = 25", "maint_irq = -1"))
    rc, out = run(tmp_path, "check", "--format", "github", "-b", board, "vm.toml")
    assert f"::error file={board}/board.toml,line=35::gic.maint_irq: [gic] maint_irq must be an " \
           "integer 0 .. 2^64-1, got an integer (-0x1)" in out


def test_address_cells_zero_with_ranges(tmp_path):
    """A bus with #address-cells = #size-cells = 0 (and a parent with 0 address cells) and a
    non-empty `ranges`: translating through it used a zero step (ValueError, exit 3)."""
    from axvmconfig_pkg.devtree import dtc, parse_dtb
    dts = b"""/dts-v1/; / { #address-cells = <0>; #size-cells = <0>;
      bus@0 { #address-cells = <0>; #size-cells = <0>; ranges = <1>;
        bus2 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x1000>;
          dev@0 { reg = <0 0x10>; }; }; }; };"""
    root = parse_dtb(dtc(dts, "dts", "dtb"))
    assert root.children[0].children[0].children[0].regs == ()  # no CPU address: not MMIO


def test_huge_cpu_num_is_an_error_not_an_allocation(tmp_path):
    got = diagnose(tmp_path, vm(("cpu_num = 1", "cpu_num = 0x1_0000_0000"), ("phys_cpu_ids = [0x0]\n", "")))
    assert (E, "base.cpu_num: not enough free CPUs for 4294967296 vCPUs on board 'qemu-virt-aarch64' "
               "(4 CPUs)") in got


class _CountedList(list):
    """A list that counts how often it is iterated (a deterministic cost measure)."""
    def __init__(self, *a):
        super().__init__(*a)
        self.walks = 0

    def __iter__(self):
        self.walks += 1
        return super().__iter__()


def test_first_fit_is_one_sweep():
    """First fit walks the used ranges once, not once per candidate address (main: once per
    range skipped, ~n^3 over 1000 map_type 0 regions: 20 s)."""
    from axvmconfig_pkg import resolve
    from axvmconfig_pkg.board import load_board
    board = load_board(BOARD)
    base = min(board.ram_banks)[0]
    used = _CountedList((base + i * 0x1000, 0x1000) for i in range(1000))  # back to back
    pa = resolve._first_fit(board, used, 0x1000, 0x1000)
    assert pa == base + 1000 * 0x1000
    assert used.walks == 1


def test_thousand_alloc_regions_resolve(tmp_path):
    """1000 map_type 0 regions resolve without error (each gets its own page)."""
    regs = ", ".join(f"[{0x1_0000_0000 + i * 0x10_0000:#x}, 0x1000, 0x7, 0]" for i in range(1000))
    text = vm(("memory_regions = [[0x5000_0000, 0x100_0000, 0x7, 1]]",
               f"memory_regions = [[0x5000_0000, 0x100_0000, 0x7, 1], {regs}]"))
    assert [d for d in diagnose(tmp_path, text) if d[0] == E] == []


def _node_walks(tmp_path, monkeypatch, entries: int) -> int:
    """How many times the board's device tree is walked for `entries` ["/"] entries."""
    from axvmconfig_pkg import model
    walks, real = [0], model.Board.nodes

    def counted(self):
        walks[0] += 1
        return real(self)
    monkeypatch.setattr(model.Board, "nodes", counted)
    d = tmp_path / str(entries)
    d.mkdir()
    text = vm(('[["/pl011@9000000"]]', "[" + ", ".join(['["/"]'] * entries) + "]"))
    assert [x for x in diagnose(d, text) if x[0] == E] == []
    monkeypatch.undo()
    return walks[0]


def test_fifty_root_entries(tmp_path, monkeypatch):
    """50 `["/"]` entries walk the board tree as often as one (main: 50 times as often, and
    each walk walked it again per node: 9 s)."""
    assert _node_walks(tmp_path, monkeypatch, 50) == _node_walks(tmp_path, monkeypatch, 1)


def test_failed_write_leaves_output_untouched(tmp_path, monkeypatch):
    from axvmconfig_pkg import generate
    out = tmp_path / "out"
    out.mkdir()
    (out / "config.h").write_bytes(b"old")
    calls = []
    real_open = open

    def failing_open(path, mode="r", *a, **k):
        if "w" in mode:
            calls.append(path)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        return real_open(path, mode, *a, **k)
    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        generate.write_files(str(out), {"config.c": b"new c", "config.h": b"new h"})
    monkeypatch.undo()
    assert sorted(os.listdir(out)) == ["config.h"] and (out / "config.h").read_bytes() == b"old"
    assert [x for x in os.listdir(tmp_path) if x.startswith(".axvmconfig-")] == []


# ---- item 11: diagnostics
def test_empty_key_keeps_later_lines(tmp_path):
    text = vm(("[base]\n", '[base]\n"" = 1\n'), ('name = "a"', "name = 5"))
    (tmp_path / "v.toml").write_text(text)
    rc, out = run(tmp_path, "check", "--syntax-only", "v.toml")
    assert "v.toml:4: error: base.name: expected a string, got an integer (0x5)" in out


def test_syntax_error_at_eof_has_its_line(tmp_path):
    (tmp_path / "v.toml").write_text('[base]\nid = 1\nname = "x')
    rc, out = run(tmp_path, "check", "--syntax-only", "v.toml")
    assert rc == 1 and "v.toml:3: error: TOML syntax error: Unterminated string (at end of document)" in out


def test_unknown_board_is_usage_error(tmp_path):
    rc, out = run(tmp_path, "check", "-b", "no-such-board", "vm.toml")
    assert rc == 2 and "unknown board 'no-such-board'" in out


def test_adjacent_windows_of_two_entries_blame_each(tmp_path):
    """A raw window ending where board RAM starts, and a second entry's window at the start of
    RAM: they touch, and were merged into one window blamed on the first entry."""
    pt = ('[["/pl011@9000000"], ["raw", 0x3fff_f000, 0x3fff_f000, 0x1000], '
          '["raw2", 0x4000_0000, 0x4000_0000, 0x1000]]')
    got = diagnose(tmp_path, vm(('[["/pl011@9000000"]]', pt)))
    ram = [m for s, m in got if s == E and "is board RAM" in m]
    assert ram and all(m.startswith("devices.passthrough_devices[2]: device window 0x40000000+0x1000")
                       for m in ram), got


@pytest.mark.parametrize("syntax_only", [True, False])
def test_loader_error_keeps_rule_errors_of_the_vm(tmp_path, syntax_only):
    """A wrong-typed optional key no longer hides the VM's other (rule) errors; nothing is
    said about the failed key beyond the loader's error (ramdisk_path/ramdisk_load_addr)."""
    text = vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\ncmdline = 5\nramdisk_path = 7\n'
               'ramdisk_load_addr = 0x5040_0000'), ("0x100_0000, 0x7, 1]]", "0x100_0800, 0x7, 1]]"))
    (tmp_path / "k.bin").write_bytes(b"\x5a" * 0x1000)
    (tmp_path / "v.toml").write_text(text)
    rc, out = run(tmp_path, "check", *(["--syntax-only"] if syntax_only else []), "v.toml")
    assert rc == 1
    assert "v.toml:12: error: kernel.cmdline: expected a string, got an integer (0x5)" in out
    assert "v.toml:13: error: kernel.ramdisk_path: expected a string, got an integer (0x7)" in out
    assert "v.toml:17: error: kernel.memory_regions[0]: 0x50000000+0x1000800 is not 4 KiB aligned" in out
    assert "3 errors, 0 warnings" in out

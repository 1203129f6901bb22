"""Commands other than gen: check formats, show, schema, new, board import, --help."""
import json
import os
import subprocess

import pytest

from conftest import DATA, REPO, run_cli
from rulekit import BASE, diagnose, second, vm

HELLO = os.path.relpath(os.path.join(DATA, "hello", "hello.toml"), REPO)


@pytest.mark.parametrize("cmd", [[], ["check"], ["gen"], ["paths"], ["show"], ["schema"], ["new"],
                                 ["board"], ["board", "import"], ["board", "list"]])
def test_help_on_every_command(cmd):
    r = run_cli(*cmd, "--help")
    assert r.returncode == 0 and "usage: axvmconfig" in r.stdout


def test_check_ok_exit_0():
    r = run_cli("check", HELLO)
    assert r.returncode == 0 and r.stderr == "0 errors, 0 warnings\n"


def test_check_json_and_github(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(vm(("vm_type = 1", "vm_type = 9")))
    r = run_cli("check", "--syntax-only", "--format", "json", str(bad))
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["errors"] == 1 and doc["diagnostics"][0] == {
        "severity": "error", "file": str(bad), "line": 4, "key": "base.vm_type",
        "message": "unknown vm_type 9", "hint": "0 host VM, 1 RTOS, 2 Linux"}
    r = run_cli("check", "--syntax-only", "--format", "github", str(bad))
    assert r.stderr.splitlines()[0] == (f"::error file={bad},line=4::base.vm_type: unknown vm_type 9 "
                                        "(hint: 0 host VM, 1 RTOS, 2 Linux)")


def test_check_reports_all_errors_and_summary(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(vm(("vm_type = 1", "vm_type = 9"), ("0x7, 1]]", "0x7, 7]]")))
    r = run_cli("check", "--syntax-only", str(bad))
    assert "unknown vm_type 9" in r.stderr and "unknown map_type 7" in r.stderr
    assert r.stderr.rstrip().endswith("2 errors, 0 warnings")


def test_no_color_when_not_a_terminal(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(vm(("vm_type = 1", "vm_type = 9")))
    assert "\033[" not in run_cli("check", "--syntax-only", str(bad)).stderr


def test_binary_garbage_is_a_clean_error(tmp_path):
    f = tmp_path / "x.toml"
    f.write_bytes(b"\xff\xfe\x00garbage")
    r = run_cli("check", str(f))
    assert r.returncode == 1 and r.stderr.startswith(f"{f}: error: not UTF-8 text")
    r = run_cli("check", str(tmp_path / "missing.toml"))
    assert r.returncode == 1 and "cannot read file: No such file or directory" in r.stderr


def test_show_table_and_svg(tmp_path):
    svg = tmp_path / "map.svg"
    r = run_cli("show", "--svg", str(svg), HELLO)
    assert r.returncode == 0
    assert "vm 1 'hello'" in r.stdout and "vCPU0->CPU0 (vmpidr 0x0)" in r.stdout
    assert "/pl011@9000000" in r.stdout and "irqs     33" in r.stdout
    text = svg.read_text()
    assert text.startswith("<svg") and "vm 1 hello" in text and "hypervisor" in text


def test_schema_is_json_schema():
    r = run_cli("schema")
    doc = json.loads(r.stdout)
    assert doc["required"] == ["base", "kernel", "devices"]
    mr = doc["properties"]["kernel"]["properties"]["memory_regions"]
    assert mr["items"]["anyOf"][0]["items"][3]["title"] == "map_type"


def test_new_writes_a_config_that_checks(tmp_path):
    out = tmp_path / "g.toml"
    r = run_cli("new", "--name", "g", "--cpus", "2", "--cpu-ids", "0x1,0x2", "--kernel", "k.bin",
                "--mem-base", "0x6000_0000", "-o", str(out), cwd=str(tmp_path))
    assert r.returncode == 0
    (tmp_path / "k.bin").write_bytes(b"\0" * 4096)
    r = run_cli("check", str(out))
    assert r.returncode == 0, r.stderr
    assert run_cli("new", "-o", str(out)).returncode == 1  # exists, no --force


def test_new_with_bad_number_is_usage_error():
    assert run_cli("new", "--cpus", "two").returncode == 2


def test_board_import_roundtrip(tmp_path):
    """Import QEMU's DTB: the description matches our hand-written qemu board."""
    dtb = tmp_path / "q.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    os.path.join(REPO, "boards/qemu-virt-aarch64/board.dts")], check=True)
    r = run_cli("board", "import", str(dtb), "--name", "imported", "-o", str(tmp_path / "b"))
    assert r.returncode == 0, r.stderr
    t = (tmp_path / "b" / "board.toml").read_text()
    for line in ("mpidr = [0x0, 0x1, 0x2, 0x3]", "banks = [[0x40000000, 0x100000000]]",
                 "gicd = 0x8000000", "gicr = 0x80a0000", "its = 0x8080000", 'kind = "pl011"',
                 "base = 0x9000000", "irq = 33", "maint_irq = 25"):
        assert line in t
    assert "base = 0x40000000" in t  # proposed: the first free 256 MiB, as our qemu board
    r = run_cli("check", "--board", str(tmp_path / "b"), HELLO)
    assert r.returncode == 0, r.stderr


def test_board_import_rejects_garbage(tmp_path):
    f = tmp_path / "x.dtb"
    f.write_bytes(b"not a dtb")
    r = run_cli("board", "import", str(f), "-o", str(tmp_path / "b"))
    assert r.returncode == 1 and "invalid device tree blob" in r.stderr


# ---------------------------------------------------------------- resolution
def _plan(tmp_path, *texts, board="qemu-virt-aarch64"):
    from axvmconfig_pkg.board import load_board
    from axvmconfig_pkg.cli import load_all
    from axvmconfig_pkg.resolve import resolve
    paths = []
    for i, t in enumerate(texts):
        (tmp_path / f"v{i}.toml").write_text(t)
        paths.append(str(tmp_path / f"v{i}.toml"))
    vms = load_all(paths, [])
    return resolve(load_board(os.path.join(REPO, "boards", board)), vms)


def test_alloc_is_first_fit_in_vm_id_order(tmp_path):
    a = vm(("0x7, 1]]", "0x7, 1], [0x8000_0000, 0x20_0000, 0x7, 0]]"))
    b = second(("0x7, 1]]", "0x7, 1], [0x8000_0000, 0x1000, 0x7, 0]]"))
    plan = _plan(tmp_path, b, a)
    ra, rb = plan.vms
    # hypervisor ends at 0x5000_0000, vm a's identity RAM at 0x5000_0000+16 MiB:
    assert ra.regions[1][1] == 0x5100_0000  # 2 MiB aligned (gpa and size are)
    assert rb.regions[1][1] == 0x5120_0000  # next free page after vm a's allocation


def test_free_cpus_assigned_in_order(tmp_path):
    a = vm(("phys_cpu_ids = [0x0]", "phys_cpu_ids = [0x2]"))
    b = second(("phys_cpu_ids = [0x1]\n", ""), ("cpu_num = 1", "cpu_num = 2"))
    plan = _plan(tmp_path, a, b)
    assert plan.vms[1].vcpus == ((0x0, 0), (0x1, 1))


def test_slash_expands_to_devices_except_gic_console_and_excluded(tmp_path):
    text = vm(('[["/pl011@9000000"]]', '[["/"]]\nexcluded_devices = [["/pcie@10000000"]]'))
    rv = _plan(tmp_path, text).vms[0]
    srcs = {w.source for w in rv.mmios}
    assert "/pl031@9010000" in srcs and "/pl061@9030000" in srcs
    assert not [s for s in srcs if "intc" in s or "pl011" in s or "pcie" in s]
    assert 34 in [i for i, _ in rv.irqs] and 33 not in [i for i, _ in rv.irqs]


def test_irq_mode_none_has_no_gic(tmp_path):
    rv = _plan(tmp_path, vm(('"passthrough"', '"no_irq"'))).vms[0]
    assert (rv.vgicd, rv.vgicr, rv.irqs) == (0, 0, ())


def test_emulated_gic_address_from_emu_device(tmp_path):
    rv = _plan(tmp_path, vm(("emu_devices = []", 'emu_devices = [["gicd", 0x2000_0000, 0x1_0000, 0, 0x1, []]]'))).vms[0]
    assert rv.vgicd == 0x2000_0000 and rv.vgicr == 0x080a_0000

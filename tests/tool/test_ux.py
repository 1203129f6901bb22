"""issue 10 (user experience): VM sets and the README's CI line, show's map
(JSON and SVG), the schema for editors, `new` for real VMs, `board import`
on unusable or broken DTBs, the tool from any directory, image hints."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO, TOOL, run_cli

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

SETS = sorted(glob.glob(os.path.join(REPO, "configs", "sets", "*.toml")))
VMS = sorted(glob.glob(os.path.join(REPO, "configs", "vms", "*.toml")))
LAUNCHER = os.path.join(TOOL, "axvmconfig")


def _readme_ci_line() -> str:
    text = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    sec = text.split("## Checking configs in CI", 1)[1].split("\n## ", 1)[0]
    lines = [ln.strip() for ln in sec.splitlines() if ln.strip().startswith("tools/axvmconfig/axvmconfig check")]
    assert len(set(lines)) == 1 and len(lines) == 2, lines  # the line, and the same in the Actions step
    return lines[0]


@pytest.fixture(scope="module")
def built_images():
    """Build every image the sets bind with the make target hints.py names for it."""
    from axvmconfig_pkg.hints import make_target
    r = run_cli("paths", *SETS)
    assert r.returncode == 0, r.stderr
    missing = [p for p in r.stdout.split() if not os.path.isfile(os.path.join(REPO, p))]
    targets = sorted({make_target(os.path.join(REPO, p)) for p in missing})
    assert "" not in targets, missing
    if targets:
        py = os.environ.get("PYTHON", "/usr/bin/python3")
        subprocess.run(["make", "--no-print-directory", f"PYTHON={py}", *targets], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL, timeout=1200)


# ---------------------------------------------------------------- item 4: sets, CI line
def test_every_vm_config_is_in_a_set():
    named = set()
    for s in SETS:
        doc = tomllib.load(open(s, "rb"))
        assert doc["board"] and "base" not in doc
        named |= {os.path.normpath(os.path.join(os.path.dirname(s), v)) for v in doc["vms"]}
    assert [v for v in VMS if os.path.normpath(v) not in named] == []


def test_readme_ci_line_passes_on_the_projects_configs(built_images):
    line = _readme_ci_line()
    assert line == "tools/axvmconfig/axvmconfig check --strict configs/sets/*.toml"
    r = subprocess.run(["sh", "-c", line], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr.rstrip().endswith("0 errors, 0 warnings")
    assert "configs/sets/default.toml: board qemu-virt-aarch64, 2 VMs: 0 errors" in r.stderr


def test_all_vm_files_as_one_set_still_fail():
    """What the README used to say: every file as one VM set (duplicate ids, CPU clashes)."""
    r = run_cli("check", "--allow-missing-images", *VMS)
    assert r.returncode == 1 and "error" in r.stderr


def _typo_set(tmp_path):
    vm = open(os.path.join(REPO, "configs/vms/hello-aarch64.toml")).read()
    vm = vm.replace("../../build", os.path.join(REPO, "build")).replace("[kernel]", '[kernel]\ncmd_line = "x"')
    (tmp_path / "vm.toml").write_text(vm)
    (tmp_path / "s.toml").write_text('board = "qemu-virt-aarch64"\nvms = ["vm.toml"]\n')
    return str(tmp_path / "s.toml")


def test_strict_fails_on_cmd_line_typo(tmp_path):
    s = _typo_set(tmp_path)
    r = run_cli("check", "--allow-missing-images", s)
    assert r.returncode == 0 and "cmd_line" in r.stderr
    r = run_cli("check", "--strict", "--allow-missing-images", s)
    assert r.returncode == 1 and "error: kernel.cmd_line" in r.stderr


def test_bad_set_file_names_file_key_and_value(tmp_path):
    (tmp_path / "s.toml").write_text('board = "qemu-virt-aarch64"\nvms = ["nope.toml"]\n')
    r = run_cli("check", str(tmp_path / "s.toml"))
    assert r.returncode == 1
    assert re.search(r"s\.toml:2: error: vms\[0\]: 'nope.toml': no such file", r.stderr), r.stderr


def test_gen_takes_one_set_file(tmp_path, built_images):
    r = run_cli("gen", "-o", str(tmp_path / "g"), "configs/sets/hello.toml")
    assert r.returncode == 0, r.stderr
    assert "configs/sets/hello.toml" in (tmp_path / "g" / "axvm.d").read_text()
    r = run_cli("gen", "-o", str(tmp_path / "g"), "configs/sets/hello.toml", "configs/sets/smp.toml")
    assert r.returncode == 2 and "one VM set" in r.stderr


# ---------------------------------------------------------------- item 5: show
def _show_json(*args):
    r = run_cli("show", "--format", "json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_show_json_has_the_partition_facts():
    d = _show_json("configs/sets/irq-passthrough.toml")
    assert d["board"]["name"] == "qemu-virt-aarch64" and d["source"] == "configs/sets/irq-passthrough.toml"
    owners = {c["cpu"]: c["vm"] for c in d["board"]["cpus"]}
    assert owners == {0: 41, 1: 41, 2: 42, 3: None}
    hv = [p for p in d["physical"] if p["owner"] == "hypervisor"]
    assert hv == [dict(base=0x4000_0000, size=0x1000_0000, owner="hypervisor", vm=None,
                       what="hypervisor image, heap and page tables")]
    pt = {v["id"]: v for v in d["vms"]}[41]
    assert pt["memory"] == [dict(ipa=0x5000_0000, pa=0x5000_0000, size=0x100_0000, flags=7, map_type="identical")]
    dev = {x["name"]: x for x in pt["devices"]}
    assert dev["/pl031@9010000"]["kind"] == "passthrough" and dev["/pl031@9010000"]["irqs"] == [34]
    assert dev["console"]["kind"] == "emulated" and dev["console"]["irqs"] == [33]
    assert pt["irqs"] == [33, 34]
    kern = next(i for i in pt["images"] if i["kind"] == "kernel")
    assert kern["ipa"] == 0x5000_0000 and kern["pa"] == 0x5000_0000


def test_show_json_linux_images_placed():
    d = _show_json("configs/sets/default.toml")
    linux = next(v for v in d["vms"] if v["name"] == "linux")
    kinds = {i["kind"]: i["ipa"] for i in linux["images"]}
    assert kinds == {"dtb": 0x8000_0000, "kernel": 0x8020_0000, "ramdisk": 0x8400_0000}
    assert [vc["cpu"] for vc in linux["vcpus"]] == [2, 3]


def _svg_texts(path):
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    return root, [t.text for t in root.iter(ns + "text")]


def test_show_svg_is_a_labelled_picture(tmp_path):
    svg = tmp_path / "m.svg"
    r = run_cli("show", "--svg", str(svg), "configs/sets/irq-passthrough.toml")
    assert r.returncode == 0, r.stderr
    root, texts = _svg_texts(svg)
    body = "\n".join(texts)
    for label in ("Physical CPUs", "vm 41 vCPU0 irq-pt", "CPU3", "unused (stays off)",
                  "hypervisor (256 MiB)", "vm 41 irq-pt (16 MiB)", "vm 42 irq-bystander (16 MiB)",
                  "Physical memory", "kernel", "dtb", "/pl031@9010000  IRQ 34", "console  IRQ 33"):
        assert label in body, label
    assert re.search(r"passthrough +0x901_0000", body) and re.search(r"emulated +0x900_0000", body)
    bg = root.find("{http://www.w3.org/2000/svg}rect")
    assert bg.get("fill") == "#ffffff" and bg.get("width") == root.get("width")
    assert root.find(".//{http://www.w3.org/2000/svg}title") is None  # no hover-only labels


def test_show_svg_small_vm_is_readable(tmp_path):
    """A 16 MiB VM beside a 4 GiB bank gets a row of at least 40 px (log scale)."""
    from axvmconfig_pkg.show_svg import row_height
    assert row_height(16 << 20) >= 40 and row_height(4 << 30) <= 96 and row_height(4096) >= 40


# ---------------------------------------------------------------- item 6: schema
def test_schema_file_is_current_and_closed():
    r = run_cli("schema")
    assert json.loads(r.stdout) == json.load(open(os.path.join(TOOL, "vm.schema.json")))
    doc = json.loads(r.stdout)
    assert doc["additionalProperties"] is False
    assert all(t["additionalProperties"] is False for t in doc["properties"].values())


def test_schema_flags_cmd_line_and_accepts_our_configs():
    import jsonschema  # Debian python3-jsonschema (tools/deps.sh)
    schema = json.load(open(os.path.join(TOOL, "vm.schema.json")))
    v = jsonschema.Draft7Validator(schema)
    for f in VMS:
        assert list(v.iter_errors(tomllib.load(open(f, "rb")))) == [], f
    doc = tomllib.load(open(os.path.join(REPO, "configs/vms/hello-aarch64.toml"), "rb"))
    doc["kernel"]["cmd_line"] = "x"
    errs = [e.message for e in v.iter_errors(doc)]
    assert any("'cmd_line' was unexpected" in e for e in errs), errs


def test_configs_and_new_name_the_schema(tmp_path):
    for f in VMS:
        first = open(f).readline().strip()
        assert first.startswith("#:schema "), f
        assert os.path.isfile(os.path.join(os.path.dirname(f), first.split(None, 1)[1])), f
    out = tmp_path / "sub" / "n.toml"
    out.parent.mkdir()
    assert run_cli("new", "-o", str(out)).returncode == 0
    first = out.read_text().splitlines()[0]
    assert first.startswith("#:schema ")
    assert os.path.samefile(os.path.join(out.parent, first.split(None, 1)[1]), os.path.join(TOOL, "vm.schema.json"))
    taplo = tomllib.load(open(os.path.join(REPO, ".taplo.toml"), "rb"))
    assert os.path.isfile(os.path.join(REPO, taplo["rule"][0]["schema"]["path"]))


# ---------------------------------------------------------------- item 8: new
def test_new_quotes_strings():
    r = run_cli("new", "--name", 'x"y\\z', "--cmdline", 'a "b"\tc')
    assert r.returncode == 0
    doc = tomllib.loads(r.stdout)
    assert doc["base"]["name"] == 'x"y\\z' and doc["kernel"]["cmdline"] == 'a "b"\tc'


def test_new_bad_cpu_ids_is_usage_error():
    r = run_cli("new", "--cpu-ids", "0,zz")
    assert r.returncode == 2 and "--cpu-ids: not an integer: 'zz'" in r.stderr


def test_new_every_option_has_help():
    from axvmconfig_pkg.cli import parser
    sub = next(a for a in parser()._actions if a.dest == "cmd").choices["new"]
    bare = [a.option_strings for a in sub._actions if not a.help]
    assert bare == []


def test_new_passthrough_console_uses_the_boards_uart():
    r = run_cli("new", "--board", "roc-rk3568-pc", "--console", "passthrough")
    assert r.returncode == 0, r.stderr
    doc = tomllib.loads(r.stdout)
    assert doc["devices"]["passthrough_devices"] == [["/serial@fe660000"]]
    assert doc["devices"]["interrupt_mode"] == "passthrough"


def _fake_image(path, footprint):
    """An arm64 Image header (booting.rst): image_size at 16, magic at 56."""
    head = bytearray(64)
    head[16:24] = footprint.to_bytes(8, "little")
    head[56:60] = b"ARM\x64"
    path.write_bytes(bytes(head) + b"\0" * 4032)


def test_new_makes_a_linux_vm_that_checks_and_generates(tmp_path):
    _fake_image(tmp_path / "Image", 0x240_0000)
    (tmp_path / "initrd.gz").write_bytes(b"\x1f\x8b" + b"\0" * 8190)
    out = tmp_path / "vms" / "linux.toml"
    out.parent.mkdir()
    r = run_cli("new", "--name", "linux", "--cpus", "2", "--kernel", "Image",
                "--ramdisk", "initrd.gz", "--cmdline", "console=ttyAMA0 rdinit=/init",
                "-o", "vms/linux.toml", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    doc = tomllib.loads(out.read_text())
    k = doc["kernel"]
    assert doc["base"]["vm_type"] == 2 and k["kernel_path"] == "../Image"
    assert k["kernel_load_addr"] == k["dtb_load_addr"] + 0x20_0000
    assert k["ramdisk_load_addr"] == k["kernel_load_addr"] + 0x240_0000  # after the footprint, 2 MiB aligned
    r = run_cli("check", "--strict", str(out))
    assert r.returncode == 0, r.stderr
    r = run_cli("gen", "-o", str(tmp_path / "gen"), str(out))
    assert r.returncode == 0, r.stderr
    dts = (tmp_path / "gen" / "vm1.dts").read_text()
    assert 'bootargs = "console=ttyAMA0 rdinit=/init"' in dts and "linux,initrd-start" in dts


# ---------------------------------------------------------------- item 7: board import
def _dtb(tmp_path, board="roc-rk3568-pc"):
    out = tmp_path / f"{board}.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out),
                    os.path.join(REPO, "boards", board, "board.dts")], check=True)
    return out


def test_board_import_without_memory_asks_for_ram(tmp_path):
    dtb = _dtb(tmp_path)
    subprocess.run(["fdtput", "-r", str(dtb), "/memory"], check=True)
    r = run_cli("board", "import", str(dtb), "-o", str(tmp_path / "b"))
    assert r.returncode == 1 and "no /memory node" in r.stderr and "--ram BASE,SIZE" in r.stderr
    assert not (tmp_path / "b").exists()
    r = run_cli("board", "import", str(dtb), "--ram", "0x0,0x8000_0000", "-o", str(tmp_path / "b"))
    assert r.returncode == 0, r.stderr
    doc = tomllib.load(open(tmp_path / "b" / "board.toml", "rb"))
    assert doc["memory"]["banks"] == [[0, 0x8000_0000]]
    assert doc["hypervisor"]["base"] + doc["hypervisor"]["size"] <= 0x8000_0000
    # a check with the written board runs: a VM made for it by `new` passes
    (tmp_path / "k.bin").write_bytes(b"\0" * 4096)
    r = run_cli("new", "--board", str(tmp_path / "b"), "--kernel", str(tmp_path / "k.bin"),
                "-o", str(tmp_path / "vm.toml"))
    assert r.returncode == 0, r.stderr
    r = run_cli("check", "--board", str(tmp_path / "b"), str(tmp_path / "vm.toml"))
    assert r.returncode == 0, r.stderr


def test_board_import_model_with_quotes_writes_valid_toml(tmp_path):
    dtb = _dtb(tmp_path, "qemu-virt-aarch64")
    subprocess.run(["fdtput", "-t", "s", str(dtb), "/", "model", 'My "Board" \\ v2'], check=True)
    r = run_cli("board", "import", str(dtb), "--name", "q", "-o", str(tmp_path / "b"))
    assert r.returncode == 0, r.stderr
    doc = tomllib.load(open(tmp_path / "b" / "board.toml", "rb"))
    assert doc["board"]["source"].endswith('(My "Board" \\ v2)')


def test_board_import_help_says_what_it_writes():
    r = run_cli("board", "import", "--help")
    assert r.returncode == 0 and "board.toml" in r.stdout and "board.dtb" in r.stdout and "--ram" in r.stdout


MUTATE = r'''
import io, os, sys, tempfile
from contextlib import redirect_stderr
sys.path.insert(0, sys.argv[1])
from axvmconfig_pkg.cli import main
blob = open(sys.argv[2], "rb").read()
rng, codes = 12345, {}
def rand(n):
    global rng
    rng = (rng * 1103515245 + 12345) & 0x7fffffff
    return rng % n
cases = [blob[:n] for n in (0, 3, 39, 40, 41, len(blob) // 2, len(blob) - 1)]
for _ in range(int(sys.argv[3])):
    b = bytearray(blob)
    pos = rand(min(len(b), 4096)) if rand(2) else rand(len(b))
    b[pos] ^= 1 << rand(8)
    cases.append(bytes(b))
d = tempfile.mkdtemp()
for i, c in enumerate(cases):
    p = os.path.join(d, "m.dtb")
    open(p, "wb").write(c)
    with redirect_stderr(io.StringIO()) as err:
        rc = main(["board", "import", p, "--name", "m", "--force", "-o", os.path.join(d, "o")])
    assert rc in (0, 1) and "Traceback" not in err.getvalue() and "internal error" not in err.getvalue(), (i, rc, err.getvalue())
    codes[rc] = codes.get(rc, 0) + 1
print(codes)
'''


@pytest.mark.parametrize("board,count", [("qemu-virt-aarch64", 300), ("roc-rk3568-pc", 150),
                                         ("orangepi-5-plus", 80)])
def test_board_import_survives_mutated_dtbs(tmp_path, board, count):
    """Flipped bits (most in the header and the first 4 KiB) and truncations: exit 0 or 1, never a signal."""
    src = os.path.join(REPO, "boards", board, "board.dtb")
    dtb = src if os.path.isfile(src) else str(_dtb(tmp_path, board))
    r = subprocess.run([sys.executable, "-c", MUTATE, TOOL, dtb, str(count)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
    codes = eval(r.stdout)
    assert codes.get(1, 0) >= 7  # the truncations at least are refused


def test_fdtcheck_refuses_truncated_and_flipped_structure(tmp_path):
    from axvmconfig_pkg.fdtcheck import FdtBlobError, check_blob
    blob = open(_dtb(tmp_path, "qemu-virt-aarch64"), "rb").read()
    check_blob(blob)
    for bad in (blob[:-8], blob[:100]):
        with pytest.raises(FdtBlobError):
            check_blob(bad)
    off = int.from_bytes(blob[8:12], "big")   # off_dt_struct: the first token is FDT_BEGIN_NODE
    with pytest.raises(FdtBlobError, match="unknown token"):
        check_blob(blob[:off] + b"\0\0\0\x07" + blob[off + 4:])


# ---------------------------------------------------------------- item 2: any directory, hints
def test_runs_from_any_directory_through_a_symlink_and_a_wrapper(tmp_path):
    link = tmp_path / "bin" / "axvmconfig"
    link.parent.mkdir()
    os.symlink(LAUNCHER, link)
    wrapper = tmp_path / "bin" / "axvmconfig-wrapper"
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/python3 {LAUNCHER} "$@"\n')
    wrapper.chmod(0o755)
    cfg = os.path.join(REPO, "configs/sets/hello.toml")
    for exe in (link, wrapper):
        r = subprocess.run([str(exe), "check", "--allow-missing-images", cfg], cwd=str(tmp_path),
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        r = subprocess.run([str(exe), "board", "list"], cwd=str(tmp_path), capture_output=True, text=True)
        assert "qemu-virt-aarch64" in r.stdout.split()


def test_gen_from_another_directory_writes_under_the_cwd(tmp_path, built_images):
    r = subprocess.run(["/usr/bin/python3", LAUNCHER, "gen", os.path.join(REPO, "configs/vms/hello-aarch64.toml")],
                       cwd=str(tmp_path), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "generated" / "qemu-virt-aarch64" / "config.c").is_file()


def test_missing_image_hint_names_the_make_target(tmp_path, monkeypatch):
    from axvmconfig_pkg.hints import GENERIC, image_hint, make_target
    assert make_target(os.path.join(REPO, "build/images/linux/Image")) == "linux-image"
    assert make_target(os.path.join(REPO, "build/images/bench-ipi/bench-ipi.bin")) == "bench-images"
    assert make_target(os.path.join(REPO, "build/images/hello/hello.bin")) == "images"
    assert image_hint(str(tmp_path / "mine.bin")) == GENERIC
    monkeypatch.chdir(REPO)
    assert image_hint("build/images/linux/Image") == "build it with `make linux-image`"
    monkeypatch.chdir(tmp_path)
    assert image_hint(os.path.join(REPO, "build/images/hello/hello.bin")) == f"build it with `make images` in {REPO}"


def test_board_import_refuses_a_board_check_would_reject(tmp_path):
    """256 MiB of RAM: the proposed hypervisor takes all of it, no VM could run."""
    dtb = _dtb(tmp_path)
    r = run_cli("board", "import", str(dtb), "--ram", "0x0,0x1000_0000", "-o", str(tmp_path / "b"))
    assert r.returncode == 1 and "a check of a one-vCPU VM on it fails" in r.stderr
    assert "overlaps the hypervisor" in r.stderr and not (tmp_path / "b").exists()


def test_board_import_ram_is_a_usage_error_when_malformed(tmp_path):
    r = run_cli("board", "import", str(_dtb(tmp_path)), "--ram", "0x0")
    assert r.returncode == 2 and "expected BASE,SIZE" in r.stderr

"""A hand-run `axvmconfig gen` in generated/<board>/ must not make make build
a stale VM set: `make firmware VMS=B` builds exactly B, whatever was
generated there before, and no vm<N>.dts/.dtb of the earlier set remains."""
import subprocess

from conftest import BOARD, PYTHON, REPO, TOOL, make

VARIANT = "stale-gen"
GEN = REPO / "generated" / f"{BOARD}-{VARIANT}"
ELF = REPO / "build" / f"{BOARD}-{VARIANT}" / "axvisor.elf"
SET_A = ["configs/vms/heartbeat-a.toml", "configs/vms/heartbeat-b.toml"]  # vm3 beat-a, vm4 beat-b
SET_B = ["configs/vms/hello-aarch64.toml"]                                # vm1 hello


def firmware(vms):
    make("firmware", f"VMS={' '.join(vms)}", f"VARIANT={VARIANT}")


def vm_names_in(path):
    """VM names the built tables carry: `.name = "..."` of config.c, and the
    same strings in the linked firmware."""
    text = path.read_text()
    return {line.split('"')[1] for line in text.splitlines()
            if line.strip().startswith('.name = "')}


def elf_strings():
    out = subprocess.run(["strings", "-n", "4", str(ELF)], capture_output=True,
                         text=True, check=True).stdout
    return set(out.split())


def test_hand_run_gen_then_make_builds_the_asked_set():
    make("images")
    firmware(SET_B)                       # make has seen set B once
    subprocess.run([PYTHON, str(TOOL), "gen", "--board", BOARD, "-o", str(GEN), *SET_A],
                   cwd=REPO, check=True, capture_output=True)
    assert {"beat-a", "beat-b"} <= vm_names_in(GEN / "config.c")
    firmware(SET_B)                       # same VMS as before: make must still regenerate
    names = vm_names_in(GEN / "config.c")
    assert "hello" in names and not {"beat-a", "beat-b"} & names, names
    strings = elf_strings()
    assert "hello" in strings and not {"beat-a", "beat-b"} & strings
    left = sorted(p.name for p in GEN.glob("vm*.dt[sb]"))
    assert left == ["vm1.dtb", "vm1.dts"], left


def test_unchanged_set_rebuilds_nothing():
    firmware(SET_B)
    before = ELF.stat().st_mtime_ns
    firmware(SET_B)
    assert ELF.stat().st_mtime_ns == before

"""Figures measured on the host, not in QEMU: hypervisor footprint (ELF
sections and symbols), lines of code, and axvmconfig wall time.

LOC rule (the same every time): files *.c, *.h, *.S under hypervisor/;
a line counts if anything but whitespace is left after removing /* ... */
and // comments (block comments may span lines; strings are not special-
cased, which no hypervisor source needs). `arch` = hypervisor/arch/aarch64
(the real port) and hypervisor/include/*/arch* headers; `fake` =
hypervisor/arch/fake and arch/<arch>/fake (host test models, not in the firmware); `core` =
everything else (core, lib, drivers, generic include)."""
import os
import re
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from qemu_run import BOARD, PYTHON, REPO

CROSS = os.environ.get("CROSS", "aarch64-linux-gnu-")
SHARED = REPO.parent / "shared" / "axvisor-configs"
AXVMCONFIG = [PYTHON, str(REPO / "tools" / "axvmconfig" / "axvmconfig")]


# ---- lines of code ---------------------------------------------------------

def count_lines(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                  text, flags=re.S)
    n = 0
    for line in text.splitlines():
        if line.split("//", 1)[0].strip():
            n += 1
    return n


def loc():
    root = REPO / "hypervisor"
    out = {"arch": 0, "core": 0, "fake": 0, "files": 0}
    for p in sorted(root.rglob("*")):
        if p.suffix not in (".c", ".h", ".S") or not p.is_file():
            continue
        rel = p.relative_to(root).as_posix()
        if rel.startswith("arch/fake/") or "/fake/" in rel:  # host models (arch/<arch>/fake too)
            key = "fake"
        elif rel.startswith("arch/") or "/arch/" in rel:
            key = "arch"
        else:
            key = "core"
        out[key] += count_lines(p.read_text(errors="replace"))
        out["files"] += 1
    return out


# ---- ELF footprint -----------------------------------------------------------

# Sections holding guest images bound into the firmware: not hypervisor code.
GUEST_SECTION = re.compile(r"guest|image|vm\d", re.I)


def elf_sections(elf):
    p = subprocess.run([CROSS + "size", "-A", "-d", str(elf)],
                       capture_output=True, text=True)
    secs = []
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) == 3 and f[0].startswith(".") and f[1].isdigit():
            secs.append((f[0], int(f[1]), int(f[2])))
    return secs


def footprint(elf):
    """text/data/bss of the hypervisor proper (guest-image sections listed
    apart) and the biggest static objects (run-time reservations)."""
    secs = elf_sections(elf)
    if not secs:
        return None
    res = {"text": 0, "rodata": 0, "data": 0, "bss": 0, "guest_images": 0,
           "sections": {}}
    for name, size, _addr in secs:
        if name.startswith((".debug", ".comment", ".note", ".symtab",
                            ".strtab", ".shstrtab")):
            continue
        res["sections"][name] = size
        if GUEST_SECTION.search(name):
            res["guest_images"] += size
        elif name.startswith(".text") or name in (".vectors", ".init"):
            res["text"] += size
        elif name.startswith(".rodata"):
            res["rodata"] += size
        elif name.startswith((".bss", ".noinit", ".stack", ".pgtable", ".page")) \
                or "bss" in name:
            res["bss"] += size
        else:
            res["data"] += size
    p = subprocess.run([CROSS + "size", str(elf)], capture_output=True, text=True)
    res["size_berkeley"] = p.stdout.strip()
    res["symbols"] = big_symbols(elf)
    return res


def big_symbols(elf, n=12):
    p = subprocess.run([CROSS + "nm", "--size-sort", "-S", "-r", str(elf)],
                       capture_output=True, text=True)
    syms = []
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "bBdDrR":
            syms.append({"name": f[3], "size": int(f[1], 16), "type": f[2]})
    runtime = [s for s in syms if s["type"] in "bBdD"]
    return runtime[:n]


# ---- axvmconfig --------------------------------------------------------------

def _timed(argv, reps=3):
    times, rc, out = [], None, ""
    for _ in range(reps):
        t0 = time.perf_counter()
        p = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        rc, out = p.returncode, p.stdout + p.stderr
    return statistics.median(times), rc, out


def corpus_files():
    files = []
    for sub in ("vms", "history"):
        files += sorted(str(p) for p in (SHARED / sub).glob("*.toml"))
    return files


def synth_board(ncpus):
    """boards/<BOARD> copied with `ncpus` CPUs in board.toml (the DTS is
    QEMU's own, 4 CPUs; the tool decides what to make of that)."""
    src = REPO / "boards" / BOARD
    dst = REPO / "build" / "bench" / "boards" / f"synth{ncpus}"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    toml = (dst / "board.toml").read_text()
    mpidrs = ", ".join(hex((i // 8) << 8 | (i % 8)) for i in range(ncpus))
    toml = re.sub(r"mpidr = \[[^\]]*\]", f"mpidr = [{mpidrs}]", toml)
    toml = re.sub(r'name = "[^"]*"', f'name = "synth{ncpus}"', toml, count=1)
    (dst / "board.toml").write_text(toml)
    return dst, [(i // 8) << 8 | (i % 8) for i in range(ncpus)]


def synth_vms(nvms, mpidrs):
    d = REPO / "build" / "bench" / f"axvm{nvms}"
    d.mkdir(parents=True, exist_ok=True)
    img = d / "dummy.bin"
    img.write_bytes(bytes(4096))
    paths = []
    for i in range(nvms):
        base = 0x5000_0000 + i * 0x100_0000
        t = f"""[base]
id = {i + 1}
name = "vm{i + 1}"
vm_type = 1
cpu_num = 1
phys_cpu_ids = [{hex(mpidrs[i])}]
[kernel]
entry_point = {hex(base)}
image_location = "memory"
kernel_path = "dummy.bin"
kernel_load_addr = {hex(base)}
dtb_load_addr = {hex(base + 0xf0_0000)}
memory_regions = [[{hex(base)}, 0x100_0000, 0x7, 1]]
[devices]
passthrough_devices = []
emu_devices = [["console", 0x0900_0000, 0x1000, 33, 0x2, []]]
interrupt_mode = "emulated"
"""
        p = d / f"vm{i + 1}.toml"
        p.write_text(t)
        paths.append(str(p))
    return d, paths


def axvmconfig_figures():
    res = {}
    files = corpus_files()
    if not files or not (REPO / "tools" / "axvmconfig" / "axvmconfig").exists():
        return {"pending": "axvmconfig or the corpus is missing"}
    argv = AXVMCONFIG + ["check", "--allow-missing-images"] + files
    sec, rc, out = _timed(argv)
    summary = [l for l in out.splitlines() if re.search(r"\d+ errors?", l)]
    res["check_corpus"] = {"seconds": sec, "files": len(files), "rc": rc,
                           "summary": summary[-1] if summary else "",
                           "command": " ".join(argv[:4]) + f" <{len(files)} files>"}
    # one process per file: what a CI loop over the corpus costs
    t0 = time.perf_counter()
    rcs = {}
    for f in files:
        p = subprocess.run(AXVMCONFIG + ["check", "--allow-missing-images", f],
                           cwd=REPO, capture_output=True)
        rcs[p.returncode] = rcs.get(p.returncode, 0) + 1
    res["check_corpus_per_file"] = {"seconds": time.perf_counter() - t0,
                                    "files": len(files), "exit_codes": rcs}
    board, mpidrs = synth_board(16)
    for n in (1, 4, 16):
        d, vms = synth_vms(n, mpidrs)
        out_dir = d / "gen"
        argv = AXVMCONFIG + ["gen", "-q", "--board", str(board), "-o", str(out_dir)] + vms
        sec, rc, out = _timed(argv)
        res[f"gen_{n}"] = {"seconds": sec, "rc": rc, "vms": n,
                           "board": str(board.relative_to(REPO)),
                           "message": out.strip().splitlines()[-1][:300] if out.strip() else "",
                           "command": " ".join(argv[:6]) + f" -o {out_dir.relative_to(REPO)} <{n} TOMLs>"}
    return res

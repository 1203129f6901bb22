"""`board import DTB`: derive boards/<name>/board.toml from a device tree blob."""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile

from . import model as m
from .board import BoardError, is_gic, load_board
from .devtree import DtError, parse_dtb
from .fdtcheck import FdtBlobError, check_blob
from .new import toml_str

PL011 = ("arm,pl011", "arm,sbsa-uart")
NS16550 = ("ns16550", "ns16550a", "snps,dw-apb-uart")


def _nodes(root):
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def _find(root, path):
    return next((n for n in _nodes(root) if n.path == path), None)


def _console(root):
    chosen = _find(root, "/chosen")
    sp = chosen.prop_str("stdout-path").split(":")[0] if chosen else ""
    if sp and not sp.startswith("/"):
        aliases = _find(root, "/aliases")
        sp = aliases.prop_str(sp) if aliases else ""
    n = _find(root, sp) if sp else None
    if n is None:
        n = next((x for x in _nodes(root) if x.regs and any(c in PL011 + NS16550 for c in x.compatible())
                  and x.prop_str("status") in ("", "okay", "ok")), None)
    return n


def facts(root: m.DtNode) -> dict:
    """Everything a board.toml needs that the device tree can tell."""
    cpus = [n for n in _nodes(root) if n.prop_str("device_type") == "cpu" and "reg" in n.props]
    mpidrs = []
    for n in cpus:
        raw = n.props["reg"]
        v = 0
        for i in range(0, len(raw), 4):
            v = (v << 32) | int.from_bytes(raw[i:i + 4], "big")
        mpidrs.append(v)
    mem = [r for n in _nodes(root) if n.prop_str("device_type") == "memory" for r in n.regs if r[1]]
    resv = _find(root, "/reserved-memory")
    reserved = [r for c in (resv.children if resv else ()) if "reusable" not in c.props
                for r in c.regs if r[1]]
    gic = next((n for n in _nodes(root) if is_gic(n)), None)
    spis = [i for n in _nodes(root) for i in n.irqs if i >= 32]
    con = _console(root)
    timer = next((n for n in _nodes(root) if "arm,armv8-timer" in n.compatible()), None)
    model = root.prop_str("model") or (root.compatible()[0] if root.compatible() else "board")
    return dict(model=model or "board", mpidrs=mpidrs, mem=mem, reserved=reserved, gic=gic,
                spi_num=max(32, ((max(spis) - 32) // 32 + 1) * 32) if spis else 32,
                console=con, timer=timer)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "board"


def _hv_proposal(mem, reserved):
    size = 0x1000_0000
    for base, s in sorted(mem):
        pa = (base + 0x1F_FFFF) & ~0x1F_FFFF
        while pa + size <= base + s:
            if not any(pa < rb + rs and rb < pa + size for rb, rs in reserved):
                return pa, size
            pa += size
    return 0, size


def board_toml(name: str, src: str, f: dict, dtb_name: str) -> str:
    h = lambda v: f"{v:#x}"
    g = f["gic"]
    ver = 3 if g is not None and any("v3" in c for c in g.compatible()) else 2
    gr = list(g.regs) if g is not None else []
    its = next((c.regs[0][0] for c in (g.children if g else ())
                if c.regs and any("its" in x for x in c.compatible())), 0)
    maint = next((i for i in (g.irqs if g else ()) if 16 <= i < 32), 25)
    con = f["console"]
    kind = "pl011" if con is not None and any(c in PL011 for c in con.compatible()) else "ns16550"
    hv = _hv_proposal(f["mem"], f["reserved"])
    t = list(f["timer"].irqs) if f["timer"] is not None else [29, 30, 27, 26]
    t += [29, 30, 27, 26][len(t):]
    L = [f"# Board description imported by `axvmconfig board import` from {src}.",
         "# Values come from that device tree; lines marked CHECK need a human:",
         "# the device tree cannot say where the hypervisor should live.",
         "[board]", f"name = {toml_str(name)}", 'arch = "aarch64"', f"dtb = {toml_str(dtb_name)}",
         "source = " + toml_str(f"device tree {os.path.basename(src)} ({f['model']})"), "",
         "[cpus]", "mpidr = [" + ", ".join(h(x) for x in f["mpidrs"]) + "]", "",
         "[memory]", "# RAM banks [base, size] " + ("from --ram" if f.get("ram_given") else
                                                   "from the /memory nodes"),
         "banks = [" + ", ".join(f"[{h(a)}, {h(s)}]" for a, s in f["mem"]) + "]",
         "# /reserved-memory children",
         "reserved = [" + ", ".join(f"[{h(a)}, {h(s)}]" for a, s in f["reserved"]) + "]", "",
         "[hypervisor]", "# CHECK: proposed, the first free 256 MiB of RAM",
         f"base = {h(hv[0])}", f"size = {h(hv[1])}", "text_offset = 0x200000", "",
         "[gic]", f"version = {ver}"]
    if ver == 3:
        L += [f"gicd = {h(gr[0][0] if gr else 0)}", f"gicr = {h(gr[1][0] if len(gr) > 1 else 0)}",
              "gicr_stride = 0x20000", f"its = {h(its)}"]
    else:
        names = ("gicd", "gicc", "gich", "gicv")
        L += [f"{n} = {h(gr[i][0] if len(gr) > i else 0)}" for i, n in enumerate(names)]
    L += ["# CHECK: derived from the highest SPI used in the device tree",
          f"spi_num = {f['spi_num']}", f"maint_irq = {maint}", "",
          "[console]", f'kind = "{kind}"',
          f"base = {h(con.regs[0][0]) if con is not None and con.regs else '0x0  # CHECK'}",
          f"irq = {next((i for i in (con.irqs if con else ()) if i >= 32), 0)}",
          f"path = {toml_str(con.path if con is not None else '')}", "",
          "[timer]", f"sec_phys_irq = {t[0]}", f"phys_irq = {t[1]}", f"virt_irq = {t[2]}",
          f"hyp_irq = {t[3]}", ""]
    return "\n".join(L)


def _read_blob(path: str):
    """(blob, root) or (None, error message): the blob is checked before libfdt walks it."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
        check_blob(blob)
        return blob, parse_dtb(blob)
    except OSError as e:
        return None, e.strerror
    except FdtBlobError as e:
        return None, f"invalid device tree blob: {e}"
    except DtError as e:
        return None, str(e)


def _unusable(f: dict, text: str, name: str) -> str:
    """Why the board we would write cannot be used ('' if it can): loaded as `check` will."""
    if not f["mem"]:
        return ("the device tree has no /memory node, so the RAM is unknown; give it with "
                "--ram BASE,SIZE (repeat for more banks), e.g. --ram 0x0,0x8000_0000")
    if not f["mpidrs"]:
        return "the device tree has no CPU nodes (device_type = \"cpu\" with reg)"
    hv = _hv_proposal(f["mem"], f["reserved"])
    if not any(b <= hv[0] and hv[0] + hv[1] <= b + s for b, s in f["mem"]):
        return "no free 256 MiB of RAM for the hypervisor (check --ram and /reserved-memory)"
    if f["gic"] is None or not f["gic"].regs:
        return "no GIC (interrupt-controller with an arm,gic* compatible and reg) in the device tree"
    if f["console"] is None or not f["console"].regs:
        return "no console UART (chosen/stdout-path, or a PL011/NS16550 node) in the device tree"
    tmp = tempfile.mkdtemp(prefix="axvmconfig-import-")
    try:
        with open(os.path.join(tmp, "board.toml"), "w", encoding="utf-8") as fh:
            fh.write(text)
        shutil.copy(f["dtb_path"], os.path.join(tmp, "board.dtb"))
        board = load_board(tmp)
        if board.name != name or not board.ram_banks:
            return "the written board.toml does not read back as written"
        return _trial_check(tmp, board)
    except (BoardError, OSError) as e:
        return f"the board description would not load: {e}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ""


def _trial_check(bdir: str, board) -> str:
    """`check` of the smallest VM `new` writes for this board: '' if it passes, else its errors."""
    import argparse
    import io
    from contextlib import redirect_stderr, redirect_stdout
    from .cli import main
    from .new import new_config
    with open(os.path.join(bdir, "k.bin"), "wb") as fh:
        fh.write(bytes(4096))
    a = argparse.Namespace(id=1, name="trial", vm_type=1, cpus=1, cpu_ids=None, kernel=os.path.join(bdir, "k.bin"),
                           kernel_addr=None, entry=None, dtb_addr=None, ramdisk=None, ramdisk_addr=None,
                           cmdline=None, mem_base=None, mem_size=0x100_0000, map_type=1,
                           console="emulated", output=os.path.join(bdir, "vm.toml"))
    with open(a.output, "w", encoding="utf-8") as fh:
        fh.write(new_config(a, board))
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(["check", "--board", bdir, a.output])
    if rc == 0:
        return ""
    lines = [ln.split(": error: ", 1)[1] for ln in err.getvalue().splitlines() if ": error: " in ln]
    return "a check of a one-vCPU VM on it fails: " + "; ".join(lines[:3] or [err.getvalue().strip()])


def import_board(args) -> int:
    blob, root = _read_blob(args.dtb)
    if blob is None:
        print(f"axvmconfig: {args.dtb}: {root}", file=sys.stderr)
        return 1
    f = facts(root)
    if getattr(args, "ram", None):
        f["mem"], f["ram_given"] = [tuple(r) for r in args.ram], True
    f["dtb_path"] = args.dtb
    name = args.name or _slug(f["model"])
    out = args.output or os.path.join("boards", name)
    target = os.path.join(out, "board.toml")
    if os.path.exists(target) and not args.force:
        print(f"axvmconfig: {target} exists (use --force)", file=sys.stderr)
        return 1
    text = board_toml(name, args.dtb, f, "board.dtb")
    why = _unusable(f, text, name)
    if why:
        print(f"axvmconfig: {args.dtb}: not writing {target}: {why}", file=sys.stderr)
        return 1
    try:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "board.dtb"), "wb") as fh:
            fh.write(blob)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as e:
        print(f"axvmconfig: cannot write {out}: {e.strerror}", file=sys.stderr)
        return 1
    print(f"axvmconfig: wrote {target} and {os.path.join(out, 'board.dtb')} "
          "(review the lines marked CHECK)", file=sys.stderr)
    return 0

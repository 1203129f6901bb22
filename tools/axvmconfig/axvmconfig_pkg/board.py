"""Board descriptions: boards/<name>/board.toml plus the board's device tree."""
from __future__ import annotations

import os
import re

from . import contract
from . import model as m
from .devtree import DtError, dtc, parse_dtb
from .loader import describe, parse_toml

_MISSING = object()


class BoardError(Exception):
    """A board that cannot be used: where (file, line, key) and why. `usage` marks an
    unknown board name (a usage error, exit 2)."""

    def __init__(self, msg, file="", line=0, key="", usage=False):
        super().__init__(msg)
        self.msg, self.file, self.line, self.key, self.usage = msg, file, line, key, usage

    def diagnostic(self, fallback: str) -> m.Diagnostic:
        return m.Diagnostic(m.ERROR, self.file or fallback, self.line, self.key, self.msg)


def tool_root() -> str:
    """The repository root as seen from this package (tools/axvmconfig/<pkg>/..)."""
    return os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def find_board_dir(name: str) -> str:
    """--board accepts a directory or a name under ./boards or <repo>/boards."""
    cands = [name, os.path.join("boards", name), os.path.join(tool_root(), "boards", name)]
    for c in cands:
        if os.path.isfile(os.path.join(c, "board.toml")):
            return os.path.normpath(os.path.relpath(c)) if not os.path.isabs(name) else c
    known = ", ".join(list_boards()) or "none"
    raise BoardError(f"unknown board '{name}' (no boards/{name}/board.toml; known: {known})",
                     usage=True)


def list_boards() -> list:
    d = os.path.join(tool_root(), "boards")
    return sorted(x for x in os.listdir(d) if os.path.isfile(os.path.join(d, x, "board.toml"))) \
        if os.path.isdir(d) else []


_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class _Doc:
    """board.toml with typed getters: a wrong or missing value is a BoardError naming
    the file, the line and the key."""

    def __init__(self, path, doc, lines):
        self.path, self.doc, self.lines = path, doc, lines

    def fail(self, key, msg):
        k, line = key, 0
        while k and not line:
            line = self.lines.get(k, 0)
            k = k.rsplit(".", 1)[0] if "." in k else ""
        raise BoardError(f"{msg}", self.path, line, key)

    def table(self, t):
        v = self.doc.get(t, {})
        if not isinstance(v, dict):
            self.fail(t, f"[{t}] must be a table, got {describe(v)}")
        return v

    def raw(self, t, k, default=_MISSING):
        tab = self.table(t)
        if k in tab:
            return tab[k]
        if default is _MISSING:
            self.fail(t, f"missing [{t}] {k}")
        return default

    def int(self, t, k, default=None):
        v = self.raw(t, k) if default is None else self.raw(t, k, default)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < 1 << 64:
            self.fail(f"{t}.{k}", f"[{t}] {k} must be an integer 0 .. 2^64-1, got {describe(v)}")
        return v

    def str(self, t, k, default=None):
        v = self.raw(t, k) if default is None else self.raw(t, k, default)
        if not isinstance(v, str):
            self.fail(f"{t}.{k}", f"[{t}] {k} must be a string, got {describe(v)}")
        return v

    def ints(self, t, k, default=None):
        v = self.raw(t, k) if default is None else self.raw(t, k, default)
        if not isinstance(v, list) or any(isinstance(x, bool) or not isinstance(x, int)
                                          or not 0 <= x < 1 << 64 for x in v):
            self.fail(f"{t}.{k}", f"[{t}] {k} must be an array of integers, got {describe(v)}")
        return tuple(v)

    def pairs(self, t, k, default=None):
        v = self.raw(t, k) if default is None else self.raw(t, k, default)
        ok = isinstance(v, list) and all(isinstance(p, list) and len(p) == 2 and all(
            not isinstance(x, bool) and isinstance(x, int) and 0 <= x < 1 << 64 for x in p) for p in v)
        if not ok:
            self.fail(f"{t}.{k}", f"[{t}] {k} must be [[base, size], ...], got {describe(v)}")
        return tuple((a, b) for a, b in v)

    def strs(self, t, k):
        v = self.raw(t, k, [])
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            self.fail(f"{t}.{k}", f"[{t}] {k} must be an array of strings, got {describe(v)}")
        return tuple(v)


_CACHE: dict = {}


def load_board(name: str) -> m.Board:
    """Load a board description (cached per process while its files are unchanged)."""
    bdir = find_board_dir(name)
    try:
        stamp = tuple((f, os.stat(os.path.join(bdir, f)).st_mtime_ns) for f in sorted(os.listdir(bdir)))
    except OSError:
        stamp = None
    key = (os.path.abspath(bdir), os.getcwd(), stamp)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load_board(bdir)
    return _CACHE[key]


def _load_board(bdir: str) -> m.Board:
    """Load and check a board description. Raises BoardError."""
    btoml = os.path.join(bdir, "board.toml")
    diags: list = []
    doc, lines = parse_toml(btoml, diags)
    if doc is None:
        d = diags[0]
        raise BoardError(d.message, d.file, d.line)
    d = _Doc(btoml, doc, lines)
    files = [btoml]
    root = None
    src, blob_name = d.str("board", "dts", ""), d.str("board", "dtb", "")
    try:
        if src:
            files.append(os.path.join(bdir, src))
            with open(files[-1], "rb") as f:
                root = parse_dtb(dtc(f.read(), "dts", "dtb"))
        elif blob_name:
            files.append(os.path.join(bdir, blob_name))
            with open(files[-1], "rb") as f:
                root = parse_dtb(f.read())
    except OSError as e:
        raise BoardError(f"cannot read: {e.strerror}", files[-1]) from None
    except (DtError, ValueError) as e:
        raise BoardError(str(e), files[-1]) from None
    return _make(d, bdir, tuple(files), root)


def _make(d: _Doc, bdir, files, root) -> m.Board:
    name = d.str("board", "name")
    if not _NAME_RE.fullmatch(name):
        d.fail("board.name", f'board name "{name}" must be letters, digits, ".", "_" or "-" '
               "(it names the output folder generated/<name>/)")
    arch = d.str("board", "arch", "aarch64")
    try:
        contract.load(arch)
    except contract.ContractError as e:
        d.fail("board.arch", f'arch "{arch}": {e}')
    if arch == "riscv64":
        from .arch_riscv64 import make_board
        try:
            return make_board(d.doc, bdir, files, root)
        except (TypeError, ValueError, KeyError) as e:
            raise BoardError(f"malformed value: {e}", d.path) from None
    return m.Board(
        name=name, dir=bdir, files=files, arch=arch,
        cpu_mpidrs=d.ints("cpus", "mpidr"),
        ram_banks=d.pairs("memory", "banks"), reserved=d.pairs("memory", "reserved", []),
        hv_base=d.int("hypervisor", "base"), hv_size=d.int("hypervisor", "size"),
        hv_text_offset=d.int("hypervisor", "text_offset", 0),
        gic_version=d.int("gic", "version"), gicd=d.int("gic", "gicd"),
        gicr=d.int("gic", "gicr", 0), gicr_stride=d.int("gic", "gicr_stride", 0x2_0000),
        gicc=d.int("gic", "gicc", 0), gich=d.int("gic", "gich", 0), gicv=d.int("gic", "gicv", 0),
        its=d.int("gic", "its", 0), gic_spi_num=d.int("gic", "spi_num"),
        maint_irq=d.int("gic", "maint_irq", 25),
        uart_kind=d.str("console", "kind"), uart_base=d.int("console", "base"),
        uart_irq=d.int("console", "irq", 0), uart_path=d.str("console", "path", ""),
        timer_irqs=(d.int("timer", "sec_phys_irq", 29), d.int("timer", "phys_irq", 30),
                    d.int("timer", "virt_irq", 27), d.int("timer", "hyp_irq", 26)),
        timer_freq=d.int("timer", "freq", 0),
        dma_compatibles=d.strs("devices", "dma_compatibles"),
        root=root, source=d.str("board", "source", ""), lines=d.lines,
        arch_params=_uart_layout(d),
    )


def _uart_layout(d: "_Doc") -> dict:
    """[console] reg_shift / io_width of an NS16550 (DW-APB UART: 2, 4)."""
    shift, width = d.int("console", "reg_shift", 0), d.int("console", "io_width", 1)
    if shift not in range(4):
        d.fail("console.reg_shift", f"[console] reg_shift = {shift}: must be 0..3")
    if width not in (1, 4):
        d.fail("console.io_width", f"[console] io_width = {width}: must be 1 or 4")
    return dict(uart_reg_shift=shift, uart_io_width=width)


# --- what the hypervisor keeps -------------------------------------------------
_NEVER = ("cpus", "memory", "chosen", "aliases", "psci", "timer", "pmu", "reserved-memory",
          "__symbols__", "__overrides__", "firmware", "opp-table", "thermal-zones")


def is_gic(n: m.DtNode) -> bool:
    return "interrupt-controller" in n.props and any("gic" in c for c in n.compatible())


def kept_by_hv(board: m.Board, n: m.DtNode) -> str:
    """Why the hypervisor keeps this node for itself ('' if it does not)."""
    base = n.name.split("@")[0]
    if base in _NEVER or n.prop_str("device_type") in ("memory", "cpu"):
        return "not a device"
    if is_gic(n) or any(c.startswith("arm,gic") for c in n.compatible()):
        return "the interrupt controller is virtualized by the hypervisor"
    if board.arch == "riscv64":
        from .arch_riscv64 import kept_by_hv as riscv_kept
        if riscv_kept(n):
            return riscv_kept(n)
    for a, s in n.regs:
        if a < board.hv_base + board.hv_size and board.hv_base < a + s:
            return "overlaps the hypervisor's memory"
        if any(a < b + z and b < a + s for b, z in board.ram_banks):
            return "lies in RAM"
    return ""


def node_by_path(board: m.Board, path: str):
    for n in board.nodes():
        if n.path == path:
            return n
    return None


def under(n: m.DtNode, path: str) -> bool:
    return n.path == path or n.path.startswith(path.rstrip("/") + "/")

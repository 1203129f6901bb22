"""Board descriptions: boards/<name>/board.toml plus the board's device tree."""
from __future__ import annotations

import os

from . import model as m
from .devtree import DtError, dtc, parse_dtb
from .loader import parse_toml


class BoardError(Exception):
    pass


def tool_root() -> str:
    """The repository root as seen from this package (tools/axvmconfig/<pkg>/..)."""
    return os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def find_board_dir(name: str) -> str:
    """--board accepts a directory or a name under ./boards or <repo>/boards."""
    cands = [name, os.path.join("boards", name), os.path.join(tool_root(), "boards", name)]
    for c in cands:
        if os.path.isfile(os.path.join(c, "board.toml")):
            return os.path.normpath(os.path.relpath(c)) if not os.path.isabs(name) else c
    raise BoardError(f"unknown board '{name}' (no boards/{name}/board.toml)")


def list_boards() -> list:
    d = os.path.join(tool_root(), "boards")
    return sorted(x for x in os.listdir(d) if os.path.isfile(os.path.join(d, x, "board.toml"))) \
        if os.path.isdir(d) else []


def _get(doc, table, key, default=None, required=True):
    t = doc.get(table, {})
    if key in t:
        return t[key]
    if required and default is None:
        raise BoardError(f"board.toml: missing [{table}] {key}")
    return default


def _pairs(v, what):
    try:
        return tuple((int(a), int(b)) for a, b in v)
    except (TypeError, ValueError):
        raise BoardError(f"board.toml: {what} must be [[base, size], ...]") from None


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
    doc, _ = parse_toml(btoml, diags)
    if doc is None:
        raise BoardError(diags[0].text())
    files = [btoml]
    root = None
    src = _get(doc, "board", "dts", "", required=False)
    blob_name = _get(doc, "board", "dtb", "", required=False)
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
        raise BoardError(f"{files[-1]}: {e.strerror}") from None
    except DtError as e:
        raise BoardError(f"{files[-1]}: {e}") from None
    try:
        return _make(doc, bdir, tuple(files), root)
    except (TypeError, ValueError) as e:
        raise BoardError(f"{btoml}: malformed value: {e}") from None


def _make(doc, bdir, files, root) -> m.Board:
    g = lambda t, k, d=None: _get(doc, t, k, d, required=d is None)
    if g("board", "arch", "aarch64") == "riscv64":
        from .arch_riscv64 import make_board
        return make_board(doc, bdir, files, root)
    t = doc.get("timer", {})
    return m.Board(
        name=g("board", "name"), dir=bdir, files=files, arch=g("board", "arch", "aarch64"),
        cpu_mpidrs=tuple(int(x) for x in g("cpus", "mpidr")),
        ram_banks=_pairs(g("memory", "banks"), "[memory] banks"),
        reserved=_pairs(g("memory", "reserved", []), "[memory] reserved"),
        hv_base=int(g("hypervisor", "base")), hv_size=int(g("hypervisor", "size")),
        hv_text_offset=int(g("hypervisor", "text_offset", 0)),
        gic_version=int(g("gic", "version")), gicd=int(g("gic", "gicd")),
        gicr=int(g("gic", "gicr", 0)), gicr_stride=int(g("gic", "gicr_stride", 0x2_0000)),
        gicc=int(g("gic", "gicc", 0)), gich=int(g("gic", "gich", 0)), gicv=int(g("gic", "gicv", 0)),
        its=int(g("gic", "its", 0)), gic_spi_num=int(g("gic", "spi_num")),
        maint_irq=int(g("gic", "maint_irq", 25)),
        uart_kind=str(g("console", "kind")), uart_base=int(g("console", "base")),
        uart_irq=int(g("console", "irq", 0)), uart_path=str(g("console", "path", "")),
        timer_irqs=(int(t.get("sec_phys_irq", 29)), int(t.get("phys_irq", 30)),
                    int(t.get("virt_irq", 27)), int(t.get("hyp_irq", 26))),
        timer_freq=int(t.get("freq", 0)),
        dma_compatibles=tuple(str(x) for x in doc.get("devices", {}).get("dma_compatibles", [])),
        root=root, source=str(g("board", "source", "")),
        arch_params=_uart_layout(doc, os.path.join(bdir, "board.toml")),
    )


def _uart_layout(doc, btoml: str) -> dict:
    """[console] reg_shift / io_width of an NS16550 (DW-APB UART: 2, 4)."""
    con = doc.get("console", {})
    shift, width = int(con.get("reg_shift", 0)), int(con.get("io_width", 1))
    if shift not in range(4):
        raise BoardError(f"{btoml}: [console] reg_shift = {shift}: must be 0..3")
    if width not in (1, 4):
        raise BoardError(f"{btoml}: [console] io_width = {width}: must be 1 or 4")
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

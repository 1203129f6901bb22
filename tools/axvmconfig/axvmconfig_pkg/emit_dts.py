"""The guest device tree (DTS text) derived from the config and the board."""
from __future__ import annotations

import re

from . import model as m
from .devtree import cells, prop_value
from .emit_common import render

# Properties that hold phandles or bus-relative data we cannot carry over as-is.
_DROP = {"reg", "phandle", "linux,phandle", "interrupt-parent", "interrupts-extended",
         "resets", "reset-names", "power-domains", "power-domain-names", "dmas", "dma-names",
         "iommus", "phys", "phy-names", "assigned-clocks", "assigned-clock-parents",
         "assigned-clock-rates", "msi-parent", "msi-map", "interrupt-map", "interrupt-map-mask",
         "clocks", "clock-names", "gpios", "ranges", "dma-ranges", "nvmem-cells",
         "nvmem-cell-names", "operating-points-v2", "cpus", "interrupt-names"}
# Phandle-valued by name: PHY/sub-node handles (phy-handle, snps,axi-config,
# snps,mtl-*-config), Rockchip GRF/syscon links (rockchip,grf, rockchip,pipe-grf).
_DROP_RE = re.compile(r"^(pinctrl-.*|.*-gpios?|.*-supply|.*-parent|.*-handle|.*grf|.*syscon.*|"
                      r"snps,axi-config|snps,mtl-[rt]x-config)$")
UART_COMPAT = ("arm,pl011", "arm,sbsa-uart", "ns16550", "ns16550a", "snps,dw-apb-uart")


def _to_ipa(rv, pa: int):
    for w in rv.mmios:
        if w.pa <= pa < w.pa + w.size:
            return pa - w.pa + w.ipa
    return None


# Dropped properties that reference other nodes by phandle (the guest tree lacks them).
_PHANDLE_DROPPED = {"resets", "power-domains", "dmas", "iommus", "phys", "assigned-clocks",
                    "assigned-clock-parents", "msi-parent", "msi-map", "interrupt-map",
                    "interrupts-extended", "nvmem-cells", "operating-points-v2", "cpus", "gpios"}
_PHANDLE_DROPPED_RE = re.compile(r"^(pinctrl-[0-9]+|.*-gpios?|.*-supply)$")
# A PCI host bridge keeps its bus description: its `ranges` windows are mapped 1:1.
_PCI_KEEP = {"ranges", "#address-cells", "#size-cells", "bus-range"}
# Single-phandle properties by naming convention (phy-handle, rockchip,grf, snps,axi-config, ...).
_VENDOR_REF_RE = re.compile(r"(-handle|[,-]grf|,sram|syscon|,pmu|,axi-config|,mtl-(rx|tx)-config|"
                            r",pmugrf|,iommu|,cru)$")


def _is_pci(n: m.DtNode) -> bool:
    return bool(n.bus_windows)


def _vendor_ref(board_phandles: dict, passed: set, name: str, raw: bytes):
    """Path a kept single-cell vendor property (`rockchip,grf`, `phy-handle`) points at,
    when it is a phandle of a node the guest does not get."""
    if len(raw) != 4 or not _VENDOR_REF_RE.search(name):
        return None
    target = board_phandles.get(cells(raw)[0])
    return target if target is not None and target not in passed else None


def lost_references(board: m.Board, n: m.DtNode, passed: set) -> list:
    """`prop` or `prop (-> /target)` for every reference of `n` the guest tree cannot satisfy."""
    phandles = _board_phandles(board)
    out = []
    for name in sorted(n.props):
        if _is_pci(n) and name in _PCI_KEEP:
            continue
        if name in _PHANDLE_DROPPED or _PHANDLE_DROPPED_RE.match(name):
            out.append(name)
            continue
        t = _vendor_ref(phandles, passed, name, n.props[name])
        if t is not None:
            out.append(f"{name} (-> {t})")
    return out


_PH_CACHE: dict = {}


def _board_phandles(board: m.Board) -> dict:
    hit = _PH_CACHE.get(id(board))
    if hit is None or hit[0] is not board:
        hit = (board, {x.phandle: x.path for x in board.nodes() if x.phandle})
        _PH_CACHE.clear()
        _PH_CACHE[id(board)] = hit
    return hit[1]


def _device_view(rv, n: m.DtNode, with_irqs: bool, board=None, passed=frozenset()) -> dict:
    regs = [(ipa, s) for ipa, s in ((_to_ipa(rv, a), s) for a, s in n.regs) if ipa is not None]
    phandles = _board_phandles(board) if board is not None else {}
    lines = []
    for name in sorted(n.props):
        raw = n.props[name]
        if _is_pci(n) and name in _PCI_KEEP:
            v = prop_value(name, raw)
            lines.append(f"{name} = {v};" if v else f"{name};")
            continue
        if name in _DROP or _DROP_RE.match(name) or name.startswith("#") and name != "#clock-cells":
            continue
        if _vendor_ref(phandles, passed, name, raw) is not None:
            continue  # a dangling phandle is worse than none (rule_passthrough_references warns)
        if name == "interrupts" and not (with_irqs and n.irqs):
            continue
        v = prop_value(name, raw)
        lines.append(f"{name} = {v};" if v else f"{name};")
    if regs:
        lines.append("reg = " + ", ".join(f"<{a >> 32:#x} {a & 0xffffffff:#x} {s >> 32:#x} "
                                          f"{s & 0xffffffff:#x}>" for a, s in regs) + ";")
    if "clocks" in n.props:
        names = [x for x in n.props.get("clock-names", b"").split(b"\0") if x]
        k = max(len(names), 1)
        lines.append("clocks = <" + " ".join(["&apb_pclk"] * k) + ">;")
        if names:
            lines.append("clock-names = " + prop_value("clock-names", n.props["clock-names"]) + ";")
    first = regs[0][0] if regs else None
    name = n.name.split("@")[0] + (f"@{first:x}" if first is not None else "")
    return dict(name=name, lines=lines, node=n)


_FIXED_NAMES = {"chosen", "psci", "cpus", "timer", "apb-pclk"}


def _unique_names(devices: list, taken: set) -> list:
    """Passed-through nodes are flattened to the root, so a node and its child (or two
    nodes of different buses) can share `name@addr`; dtc rejects duplicates. Later ones
    become `name-N@addr` (drivers match `compatible`, not the node name)."""
    seen = set(taken)
    for d in devices:
        base, _, addr = d["name"].partition("@")
        name, n = d["name"], 1
        while name in seen:
            name = f"{base}-{n}" + (f"@{addr}" if addr else "")
            n += 1
        seen.add(name)
        d["name"] = name
    return devices


def _timer_cells(board: m.Board) -> str:
    for n in board.nodes():
        if "arm,armv8-timer" in n.compatible() and "interrupts" in n.props:
            return " ".join(f"{c:#x}" for c in cells(n.props["interrupts"]))
    ppis = (board.timer_irqs[0] - 16, board.timer_irqs[1] - 16,
            board.timer_irqs[2] - 16, board.timer_irqs[3] - 16)
    return " ".join(f"0x1 {p:#x} 0x4" for p in ppis)


def dts_view(board: m.Board, rv, device_nodes: list, initrd) -> dict:
    c = rv.cfg
    gic = None
    if c.interrupt_mode != m.IRQ_NONE:
        gic = dict(gicd=rv.vgicd, gicr=rv.vgicr, gicr_size=len(rv.vcpus) * board.gicr_stride,
                   maint_ppi=board.maint_irq - 16, version=board.gic_version, gicc=board.gicc)
    consoles = [dict(ipa=e.base_gpa, size=max(e.length, m.PAGE), irq=e.irq_id)
                for e in rv.emus if e.emu_type == m.EMU_CONSOLE]
    passed = {n.path for n in device_nodes}
    devices = [_device_view(rv, n, gic is not None, board, passed) for n in device_nodes]
    devices = _unique_names([d for d in devices if any(l.startswith("reg =") for l in d["lines"])],
                            {f"pl011@{c['ipa']:x}" for c in consoles} | _FIXED_NAMES)
    stdout = f"/pl011@{consoles[0]['ipa']:x}" if consoles else next(
        (f"/{d['name']}" for d in devices
         if any(x in d["node"].compatible() for x in UART_COMPAT)), "")
    cpus = [mp & 0xff00ffffff for mp, _ in rv.vcpus]
    return dict(
        vm=dict(name=c.name), gic=gic, bootargs=c.cmdline, stdout=stdout, initrd=initrd,
        cpus=cpus, cpu_cells=2 if any(mp >> 32 for mp in cpus) else 1,
        memory=[(r[0], r[2]) for r in rv.regions if not r[3] & m.MEM_DEVICE],
        timer_cells=_timer_cells(board), consoles=consoles, devices=devices)


def emit_vm_dts(banner: str, view: dict) -> str:
    return render("vm.dts.j2", banner=banner, **view)


def guest_dts(ban: str, board, rv, device_nodes: list, initrd) -> str:
    """The guest DTS text of VM `rv`, in the form the board's arch boots with
    (gen writes it; check compiles it too, so both see the same tree)."""
    if board.arch == "riscv64":
        from .arch_riscv64 import vm_dts
        return vm_dts(ban, board, rv, device_nodes, initrd)
    return emit_vm_dts(ban, dts_view(board, rv, device_nodes, initrd))

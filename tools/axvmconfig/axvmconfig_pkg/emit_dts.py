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


def _device_view(rv, n: m.DtNode, with_irqs: bool) -> dict:
    regs = [(ipa, s) for ipa, s in ((_to_ipa(rv, a), s) for a, s in n.regs) if ipa is not None]
    lines = []
    for name in sorted(n.props):
        raw = n.props[name]
        if name in _DROP or _DROP_RE.match(name) or name.startswith("#") and name != "#clock-cells":
            continue
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
    devices = [_device_view(rv, n, gic is not None) for n in device_nodes]
    devices = [d for d in devices if any(l.startswith("reg =") for l in d["lines"])]
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

"""riscv64 boards and guest device trees (issue 12).

A riscv64 board.toml names harts (`[cpus] hartid`), the PLIC, the CLINT and
an NS16550 console instead of a GIC and MPIDRs. `make_board` maps it onto
the shared `Board` model: the hart ids fill the neutral CPU-id list (the
field is still called `cpu_mpidrs`), the GIC fields stay zero, and the
RISC-V specifics go to `Board.arch_params`. Interrupts of board devices are
PLIC source numbers (1..ndev), decoded here from `interrupts` under a
`riscv,plic0` parent.

`dts_view`/`emit_vm_dts` build the guest device tree of a riscv64 VM:
`riscv,isa`, `cpu-map`, the VM's own PLIC (S-mode contexts of its harts
only), its UART, `timebase-frequency` and `chosen`.
"""
from __future__ import annotations

import dataclasses

from . import model as m
from .devtree import cells
from .emit_common import render

ARCH = "riscv64"
PLIC_COMPAT = ("riscv,plic0", "sifive,plic-1.0.0")
# PLIC register space: sources' priorities from 0, context blocks at 0x20_0000
# + 0x1000 * context (RISC-V PLIC spec 1.0.0, memory map).
PLIC_CONTEXT_BASE = 0x20_0000
PLIC_CONTEXT_STRIDE = 0x1000
# What guests do not get: the H extension (no nested virtualization).
ISA_DROP = ("h",)


def _is_plic(n) -> bool:
    return n is not None and "interrupt-controller" in n.props and any(
        c in PLIC_COMPAT for c in n.compatible())


def _plic_sources(root: m.DtNode) -> m.DtNode:
    """The tree with `irqs` = PLIC source numbers for nodes under a PLIC."""
    plics = {}
    stack = [root]
    while stack:
        n = stack.pop()
        if _is_plic(n) and n.phandle:
            plics[n.phandle] = n
        stack.extend(n.children)

    def parent_of(n, inherited):
        raw = n.props.get("interrupt-parent")
        return cells(raw)[0] if raw else inherited

    def walk(n, inherited):
        ph = parent_of(n, inherited)
        irqs = n.irqs
        if "interrupts" in n.props and ph in plics:
            irqs = tuple(x for x in cells(n.props["interrupts"]) if x)
        kids = tuple(walk(k, ph) for k in n.children)
        return dataclasses.replace(n, irqs=irqs, children=kids)
    return walk(root, 0)


def _isa(doc, root) -> str:
    isa = doc.get("cpus", {}).get("isa")
    if isa:
        return str(isa)
    for n in _nodes(root):
        if n.prop_str("device_type") == "cpu" and "riscv,isa" in n.props:
            return n.prop_str("riscv,isa")
    return "rv64imafdc"


def _nodes(root):
    if root is None:
        return
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def guest_isa(isa: str) -> str:
    """The board's ISA string without what guests do not get (H)."""
    base, _, ext = isa.partition("_")
    letters = base[:4] + "".join(c for c in base[4:] if c not in ISA_DROP)
    return letters + (("_" + ext) if ext else "")


def make_board(doc: dict, bdir: str, files: tuple, root) -> m.Board:
    """A riscv64 board.toml (already parsed) as the shared Board model."""
    def need(table, key):
        t = doc.get(table, {})
        if key not in t:
            from .board import BoardError
            raise BoardError(f"board.toml: missing [{table}] {key}")
        return t[key]

    plic, clint, con = doc.get("plic", {}), doc.get("clint", {}), doc.get("console", {})
    cpus = doc.get("cpus", {})
    root = _plic_sources(root) if root is not None else None
    ndev = int(need("plic", "ndev"))
    params = dict(
        hartids=tuple(int(h) for h in need("cpus", "hartid")),
        isa=_isa(doc, root), timebase=int(cpus.get("timebase_frequency", 10_000_000)),
        plic=int(need("plic", "base")), plic_size=int(plic.get("size", 0x400_0000)),
        plic_ndev=ndev, clint=int(clint.get("base", 0)), clint_size=int(clint.get("size", 0)),
        uart_reg_shift=int(con.get("reg_shift", 0)), uart_io_width=int(con.get("io_width", 1)),
    )
    return m.Board(
        name=str(need("board", "name")), dir=bdir, files=files, arch=ARCH,
        cpu_mpidrs=params["hartids"],
        ram_banks=tuple((int(a), int(b)) for a, b in need("memory", "banks")),
        reserved=tuple((int(a), int(b)) for a, b in doc.get("memory", {}).get("reserved", [])),
        hv_base=int(need("hypervisor", "base")), hv_size=int(need("hypervisor", "size")),
        hv_text_offset=int(doc.get("hypervisor", {}).get("text_offset", 0)),
        gic_version=0, gicd=0, gicr=0, gicr_stride=0, gicc=0, gich=0, gicv=0, its=0,
        gic_spi_num=0, maint_irq=0,
        uart_kind=str(need("console", "kind")), uart_base=int(need("console", "base")),
        uart_irq=int(con.get("irq", 0)), uart_path=str(con.get("path", "")),
        timer_irqs=(0, 0, 0, 0), timer_freq=params["timebase"],
        root=root, source=str(doc.get("board", {}).get("source", "")),
        arch_params=params,
    )


def hypervisor_ranges(board: m.Board) -> list:
    """Physical interrupt-controller frames the hypervisor keeps: PLIC and CLINT."""
    p = board.arch_params
    out = [(p["plic"], p["plic_size"], "PLIC")]
    if p["clint"]:
        out.append((p["clint"], p["clint_size"], "CLINT"))
    return out


def vplic_base(rv) -> int:
    """Where the VM sees its PLIC: its emu_devices 'plic' entry (0x30), else the board's."""
    return next((e.base_gpa for e in rv.emus if e.emu_type == 0x30), 0)


def dts_view(board: m.Board, rv, devices: list, initrd) -> dict:
    """Template values for one riscv64 VM (devices: board nodes passed through)."""
    p, c = board.arch_params, rv.cfg
    harts = [hwid for hwid, _ in rv.vcpus]  # the hart ids the guest sees (a0 at entry)
    plic = vplic_base(rv) or p["plic"]
    uarts = [d for d in devices if any(x in d["compat"] for x in ("ns16550", "ns16550a",
                                                                     "snps,dw-apb-uart"))]
    return dict(
        vm=dict(name=c.name), bootargs=c.cmdline, initrd=initrd, isa=guest_isa(p["isa"]),
        timebase=p["timebase"], harts=harts,
        memory=[(r[0], r[2]) for r in rv.regions if not r[3] & m.MEM_DEVICE],
        plic=dict(base=plic, size=p["plic_size"], ndev=p["plic_ndev"]),
        stdout=f"/soc/{uarts[0]['name']}" if uarts else "", devices=devices)


def device_view(rv, n: m.DtNode, to_ipa) -> dict:
    """One passed-through board device: name at its guest address, PLIC source kept."""
    regs = [(ipa, s) for ipa, s in ((to_ipa(rv, a), s) for a, s in n.regs) if ipa is not None]
    lines = []
    for key in ("compatible", "clock-frequency", "reg-shift", "reg-io-width", "dma-coherent"):
        if key in n.props:
            raw = n.props[key]
            if key == "compatible":
                lines.append("compatible = " + ", ".join(f'"{s}"' for s in n.compatible()) + ";")
            elif raw:
                lines.append(f"{key} = <" + " ".join(f"{x:#x}" for x in cells(raw)) + ">;")
            else:
                lines.append(f"{key};")
    if regs:
        lines.append("reg = " + ", ".join(f"<{a >> 32:#x} {a & 0xffffffff:#x} {s >> 32:#x} "
                                          f"{s & 0xffffffff:#x}>" for a, s in regs) + ";")
    if n.irqs:
        lines.append("interrupts = <" + " ".join(f"{x:#x}" for x in n.irqs) + ">;")
    name = n.name.split("@")[0] + (f"@{regs[0][0]:x}" if regs else "")
    return dict(name=name, lines=lines, compat=n.compatible(), has_reg=bool(regs))


def emit_vm_dts(banner: str, view: dict) -> str:
    return render("vm_riscv64.dts.j2", banner=banner, **view)


# --- validation: interrupts are PLIC sources 1..ndev ----------------------------
def _diag(severity, c, key, msg, hint=""):
    return m.Diagnostic(severity, c.file, c.line(key), key, msg, hint)


def rule_plic_irq_ids(ctx):
    """Passthrough irq_id values are PLIC sources of the board (1..ndev)."""
    ndev = ctx.board.arch_params["plic_ndev"]
    for rv in ctx.plan.vms:
        for i, d in enumerate(rv.cfg.passthrough_devices):
            if d.irq_id and d.irq_id > ndev:
                yield _diag(m.ERROR, rv.cfg, f"devices.passthrough_devices[{i}]",
                            f"irq_id {d.irq_id} is beyond the board's last PLIC source {ndev}")


def rule_plic_emu_irqs(ctx):
    """Emulated devices raise PLIC sources in range that no passthrough device uses."""
    ndev = ctx.board.arch_params["plic_ndev"]
    for rv in ctx.plan.vms:
        pt = {i for i, _ in rv.irqs}
        for i, e in enumerate(rv.emus):
            key = f"devices.emu_devices[{i}]"
            if not e.irq_id:
                continue
            if e.irq_id > ndev:
                yield _diag(m.ERROR, rv.cfg, key, f"irq_id {e.irq_id} is beyond the board's "
                            f"last PLIC source {ndev}")
            elif e.irq_id in pt:
                yield _diag(m.ERROR, rv.cfg, key, f"irq_id {e.irq_id} is also a passthrough "
                            "interrupt of this VM")


def rule_plic_one_owner(ctx):
    """A passed-through PLIC source belongs to one VM."""
    owner = {}
    for rv in ctx.plan.vms:
        for src, key in rv.irqs:
            if src in owner and owner[src] is not rv.cfg:
                yield _diag(m.ERROR, rv.cfg, key.split(" ")[0], f"PLIC source {src} is also "
                            f"passed through to vm '{owner[src].name}'")
            owner.setdefault(src, rv.cfg)


def rule_plic_in_range(ctx):
    """PLIC sources of passed-through devices (device tree) exist on the board."""
    ndev = ctx.board.arch_params["plic_ndev"]
    for rv in ctx.plan.vms:
        for src, key in rv.irqs:
            if src > ndev and "(" in key:
                yield _diag(m.ERROR, rv.cfg, key.split(" ")[0], f"PLIC source {src} of "
                            f"{key.split('(')[1][:-1]} is beyond the board's last source {ndev}")


_PLIC_RULES = {"rule_irqs": rule_plic_irq_ids, "rule_emu_irqs": rule_plic_emu_irqs,
               "rule_irq_one_owner": rule_plic_one_owner, "rule_irq_in_range": rule_plic_in_range}


def adapt_rules(rules: list) -> list:
    """The shared rule list with its GIC interrupt rules swapped for PLIC ones."""
    return [_PLIC_RULES.get(r.__name__, r) for r in rules]




def vm_dts(banner: str, board: m.Board, rv, device_nodes: list, initrd) -> str:
    """The guest DTS text of riscv64 VM `rv` (generate.py)."""
    from .emit_dts import _to_ipa
    devices = [device_view(rv, n, _to_ipa) for n in device_nodes]
    devices = [d for d in devices if d["has_reg"] and not _is_plic_node(d)]
    return emit_vm_dts(banner, dts_view(board, rv, devices, initrd))


def _is_plic_node(d) -> bool:
    return any(c in PLIC_COMPAT for c in d["compat"])


# The PLIC is virtualized per VM; the CLINT (M-mode timer/IPIs) and the
# SiFive test device (machine power) are the firmware's and ours.
_VPLIC = ("the interrupt controller is virtualized by the hypervisor; this VM gets a virtual "
          "PLIC (emu_devices 'plic', emu_type 0x30)")
_HV_KEPT = {"riscv,plic0": _VPLIC, "sifive,plic-1.0.0": _VPLIC,
            "riscv,clint0": "the CLINT belongs to the SBI firmware",
            "sifive,clint0": "the CLINT belongs to the SBI firmware",
            "sifive,test0": "machine power-off/reset belongs to the hypervisor"}


def kept_by_hv(n: m.DtNode) -> str:
    """Why the hypervisor keeps this riscv64 board node ('' if it does not)."""
    return next((_HV_KEPT[c] for c in n.compatible() if c in _HV_KEPT), "")

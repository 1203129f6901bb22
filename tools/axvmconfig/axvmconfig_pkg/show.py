"""`show`: the partition map as a text table, and the physical memory map as SVG."""
from __future__ import annotations

from xml.sax.saxutils import escape

from . import model as m

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f")


def _h(v) -> str:
    return "?" if v is None else f"{v:#x}"


def render_table(plan: m.Plan) -> str:
    b = plan.board
    L = [f"board {b.name}: {len(b.cpu_mpidrs)} CPUs, RAM " +
         ", ".join(f"{_h(a)}+{_h(s)}" for a, s in b.ram_banks) +
         f", hypervisor {_h(b.hv_base)}+{_h(b.hv_size)}, GICv{b.gic_version} SPIs 32..{31 + b.gic_spi_num}", ""]
    for rv in plan.vms:
        c = rv.cfg
        L.append(f"vm {c.id} '{c.name}' ({c.file}), irq mode {m.IRQ_MODE_NAMES[c.interrupt_mode]}")
        L.append("  cpus     " + ", ".join(f"vCPU{i}->CPU{p if p is not None else '?'} (vmpidr {_h(mp)})"
                                            for i, (mp, p) in enumerate(rv.vcpus)))
        L.append(f"  {'memory':8} {'ipa':>14} {'pa':>14} {'size':>12}  type")
        for ipa, pa, size, flags, mt, _ in rv.regions:
            L.append(f"  {'':8} {_h(ipa):>14} {_h(pa):>14} {_h(size):>12}  "
                     f"{m.MAP_NAMES.get(mt, mt)} flags {flags:#x}")
        for w in rv.mmios:
            L.append(f"  {'device':8} {_h(w.ipa):>14} {_h(w.pa):>14} {_h(w.size):>12}  {w.source}")
        for e in rv.emus:
            name = m.EMU_TYPES.get(e.emu_type, ("?",))[0]
            L.append(f"  {'emulated':8} {_h(e.base_gpa):>14} {'':>14} {_h(e.length):>12}  {name} '{e.name}'")
        if rv.vgicd:
            L.append(f"  {'vgic':8} {_h(rv.vgicd):>14} {'':>14} {'0x10000':>12}  GICD; GICR at {_h(rv.vgicr)}")
        L.append("  irqs     " + (", ".join(str(i) for i, _ in rv.irqs) or "-"))
        L.append("")
    return "\n".join(L)


def _owners(plan: m.Plan) -> list:
    b = plan.board
    out = [(b.hv_base, b.hv_size, "hypervisor", "#444444")]
    out += [(a, s, "reserved", "#aaaaaa") for a, s in b.reserved]
    for i, rv in enumerate(plan.vms):
        col = PALETTE[i % len(PALETTE)]
        out += [(pa, size, f"vm {rv.cfg.id} {rv.cfg.name}", col)
                for _, pa, size, _, _, _ in rv.regions if pa is not None and size]
    return out


def render_svg(plan: m.Plan) -> str:
    """One bar per RAM bank, VM memory coloured by owner."""
    W, BAR, GAP = 900, 36, 60
    banks = plan.board.ram_banks
    H = 40 + len(banks) * (BAR + GAP) + 20 * (len(plan.vms) + 2)
    S = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="monospace" font-size="12">',
         f'<text x="10" y="20">{escape(plan.board.name)}: physical memory</text>']
    owners = _owners(plan)
    for bi, (base, size) in enumerate(banks):
        y = 40 + bi * (BAR + GAP)
        S.append(f'<rect x="10" y="{y}" width="{W - 20}" height="{BAR}" fill="#f4f4f4" stroke="#000"/>')
        S.append(f'<text x="10" y="{y + BAR + 14}">{base:#x}</text>')
        S.append(f'<text x="{W - 10}" y="{y + BAR + 14}" text-anchor="end">{base + size:#x}</text>')
        for a, s, label, col in owners:
            lo, hi = max(a, base), min(a + s, base + size)
            if lo >= hi:
                continue
            x = 10 + (lo - base) * (W - 20) / size
            w = max((hi - lo) * (W - 20) / size, 1)
            S.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}" fill="{col}">'
                     f'<title>{escape(label)} {lo:#x}..{hi:#x}</title></rect>')
    y = 40 + len(banks) * (BAR + GAP)
    legend = [("hypervisor", "#444444"), ("reserved", "#aaaaaa")] + [
        (f"vm {rv.cfg.id} {rv.cfg.name}", PALETTE[i % len(PALETTE)]) for i, rv in enumerate(plan.vms)]
    for i, (label, col) in enumerate(legend):
        S.append(f'<rect x="10" y="{y + i * 20}" width="14" height="14" fill="{col}"/>'
                 f'<text x="30" y="{y + i * 20 + 12}">{escape(label)}</text>')
    S.append("</svg>")
    return "\n".join(S) + "\n"

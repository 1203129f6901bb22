"""Derive what the config leaves implicit: pCPUs, physical addresses, devices, IRQs.

Resolution never fails: what cannot be resolved is recorded (pcpu None,
pa None, `unresolved`) and reported by the rules in validate.py.
"""
from __future__ import annotations

from . import board as b
from . import model as m


def page_down(x: int) -> int:
    return x & ~(m.PAGE - 1)


def page_up(x: int) -> int:
    return (x + m.PAGE - 1) & ~(m.PAGE - 1)


def overlaps(a: int, asz: int, c: int, csz: int) -> bool:
    return a < c + csz and c < a + asz


# --- CPUs ----------------------------------------------------------------------
def _explicit_pcpus(board: m.Board, cfg: m.VmConfig) -> list:
    """pCPU index per vCPU from phys_cpu_ids / phys_cpu_sets (None: unknown)."""
    if cfg.phys_cpu_ids is not None:
        idx = {mp: i for i, mp in enumerate(board.cpu_mpidrs)}
        return [idx.get(mp) for mp in cfg.phys_cpu_ids]
    if cfg.phys_cpu_sets is not None:
        out = []
        for mask in cfg.phys_cpu_sets:
            low = (mask & -mask).bit_length() - 1 if mask else -1
            out.append(low if 0 <= low < len(board.cpu_mpidrs) else None)
        return out
    return []


def assign_cpus(board: m.Board, cfgs: list) -> dict:
    """VM id -> ((vmpidr, pcpu or None), ...). Explicit pins first, then free CPUs in order."""
    taken = set()
    explicit = {}
    for c in cfgs:
        pins = _explicit_pcpus(board, c)
        explicit[id(c)] = pins
        taken.update(p for p in pins if p is not None)
    free = [i for i in range(len(board.cpu_mpidrs)) if i not in taken]
    out = {}
    for c in cfgs:
        pins = explicit[id(c)]
        if c.phys_cpu_ids is None and c.phys_cpu_sets is None:
            pins = [free.pop(0) if free else None for _ in range(c.cpu_num)]
        vc = []
        for i, p in enumerate(pins[:c.cpu_num]):
            if c.phys_cpu_ids is not None:
                vmpidr = c.phys_cpu_ids[i]
            else:
                vmpidr = board.cpu_mpidrs[p] if p is not None else i
            vc.append((vmpidr, p))
        out[id(c)] = tuple(vc)
    return out


# --- memory --------------------------------------------------------------------
def fixed_ranges(board: m.Board, cfgs: list) -> list:
    """Physical ranges ALLOC may not use: hypervisor, reserved, identity/reserved regions."""
    used = [(board.hv_base, board.hv_size)] + list(board.reserved)
    for c in cfgs:
        used += [(r.gpa, r.size) for r in c.memory_regions if r.map_type != m.MAP_ALLOC]
    return used


def _first_fit(board: m.Board, used: list, size: int, align: int):
    for base, bsize in sorted(board.ram_banks):
        pa = (base + align - 1) & ~(align - 1)
        while pa + size <= base + bsize:
            hit = [u for u in used if overlaps(pa, size, u[0], u[1])]
            if not hit:
                return pa
            nxt = max(u[0] + u[1] for u in hit)
            pa = (nxt + align - 1) & ~(align - 1)
    return None


def assign_memory(board: m.Board, cfgs: list) -> dict:
    """VM id -> ((ipa, pa or None, size, flags, map_type, key), ...)."""
    used = fixed_ranges(board, cfgs)
    out = {}
    for c in cfgs:
        regs = []
        for i, r in enumerate(c.memory_regions):
            key = f"kernel.memory_regions[{i}]"
            if r.map_type != m.MAP_ALLOC:
                regs.append((r.gpa, r.gpa, r.size, r.flags, r.map_type, key))
                continue
            pa = None
            if r.size > 0 and r.size % m.PAGE == 0:
                big = r.gpa % m.BLOCK_2M == 0 and r.size % m.BLOCK_2M == 0
                pa = _first_fit(board, used, r.size, m.BLOCK_2M if big else m.PAGE)
            if pa is not None:
                used.append((pa, r.size))
            regs.append((r.gpa, pa, r.size, r.flags, r.map_type, key))
        out[id(c)] = tuple(regs)
    return out


# --- devices -------------------------------------------------------------------
def _is_console(board: m.Board, n: m.DtNode) -> bool:
    return n.path == board.uart_path or any(a <= board.uart_base < a + s for a, s in n.regs)


def _device_nodes(n: m.DtNode) -> list:
    """A node and its descendants that have MMIO registers."""
    out, stack = [], [n]
    while stack:
        x = stack.pop()
        if x.regs:
            out.append(x)
        stack.extend(reversed(x.children))
    return out


def expand_all(board: m.Board, excluded: tuple) -> list:
    """`["/"]`: every device except what the hypervisor keeps and `excluded`."""
    out = []
    for n in board.nodes():
        if not n.regs or n.prop_str("status") in ("disabled", "fail"):
            continue
        if b.kept_by_hv(board, n) or _is_console(board, n):
            continue
        if any(_excluded_match(n, e) for e in excluded):
            continue
        if any(b.kept_by_hv(board, a) == "the interrupt controller is virtualized by the hypervisor"
               for a in _ancestors(board, n)):
            continue
        out.append(n)
    return out


def _ancestors(board, n):
    parts = n.path.strip("/").split("/")
    paths = {"/" + "/".join(parts[:i]) for i in range(1, len(parts))}
    return [x for x in board.nodes() if x.path in paths]


def _excluded_match(n: m.DtNode, e: str) -> bool:
    if e.startswith("/"):
        return b.under(n, e)
    return n.name == e or n.name.split("@")[0] == e


def match_nodes(board: m.Board, name: str) -> list:
    """Nodes named by a passthrough entry: a path, `name@addr` or a bare node name."""
    if name.startswith("/"):
        n = b.node_by_path(board, name.rstrip("/") or "/")
        return _device_nodes(n) if n else []
    exact = [n for n in board.nodes() if n.name == name]
    if exact:
        return [x for n in exact for x in _device_nodes(n)]
    return [x for n in board.nodes() if n.name.split("@")[0] == name for x in _device_nodes(n)]


def _node_windows(n: m.DtNode):
    return [(page_down(a), page_up(a + s) - page_down(a)) for a, s in n.regs if s]


def _hv_owned(board: m.Board, n: m.DtNode) -> str:
    """Why a named device is never passed through ('' if it may be)."""
    if board.arch == "riscv64":  # PLIC, CLINT, machine power: arch_riscv64.py
        from .arch_riscv64 import kept_by_hv as riscv_kept
        return riscv_kept(n)
    if b.kept_by_hv(board, n).startswith("the interrupt"):
        return ("the interrupt controller is virtualized by the hypervisor; this VM gets a "
                "virtual GICv3 at the board's GIC address")
    return ""


def resolve_devices(board: m.Board, cfg: m.VmConfig):
    """(mmios, nodes, unresolved, dropped) for one VM's passthrough entries."""
    mmios, nodes, unresolved, dropped = [], [], [], []
    for i, d in enumerate(cfg.passthrough_devices):
        key = f"devices.passthrough_devices[{i}]"
        explicit = None not in (d.base_gpa, d.base_hpa, d.length)
        if d.name == "/":
            found = expand_all(board, cfg.excluded_devices)
        else:
            found = match_nodes(board, d.name) if board.root else []
        if explicit and d.length:
            hits = [n for n in board.nodes() if n.regs and any(
                overlaps(a, s, d.base_hpa, d.length) for a, s in n.regs)]
            found = [n for n in found if n in hits] or hits
        gic = [n for n in found if _hv_owned(board, n)]
        if gic and len(gic) == len(found) and d.name != "/":
            dropped.append((key, d.name, "ignored: " + _hv_owned(board, gic[0])))
            continue
        found = [n for n in found if n not in gic]
        if explicit:
            if not found and ("@" in d.name or d.name.startswith("/")):
                unresolved.append((key, d.name, f"no device of board '{board.name}' at "
                                   f"{d.base_hpa:#x}..{d.base_hpa + d.length:#x}"))
                continue
            if not found:
                dropped.append((key, d.name, f"no device of board '{board.name}' at "
                                f"{d.base_hpa:#x}..{d.base_hpa + d.length:#x}; mapped as given"))
            lo, hi = page_down(d.base_hpa), page_up(d.base_hpa + d.length)
            for a, e in _carve(board, lo, hi, key, d.name, dropped):
                mmios.append(m.ResolvedMmio(page_down(d.base_gpa) + a - lo, a, e - a,
                                            found[0] if found else None, key, d.name))
        else:
            if not found:
                unresolved.append((key, d.name, f"no such device in board '{board.name}'"
                                   + ("" if board.root else " (the board has no device tree)")))
                continue
            for n in found:
                for a, s in _node_windows(n):
                    mmios.append(m.ResolvedMmio(a, a, s, n, key, n.path))
        nodes += [n for n in found if n not in nodes]
    for i, pa in enumerate(cfg.passthrough_addresses):
        key = f"devices.passthrough_addresses[{i}]"
        mmios.append(m.ResolvedMmio(page_down(pa.base_gpa), page_down(pa.base_gpa),
                                    page_up(pa.base_gpa + pa.length) - page_down(pa.base_gpa),
                                    None, key, "passthrough_addresses"))
    return _merge(mmios), nodes, unresolved, dropped


def gic_ranges(board: m.Board) -> list:
    """Physical GIC frames the hypervisor keeps: GICD, all GICRs, the ITS."""
    if board.arch == "riscv64":
        from .arch_riscv64 import hypervisor_ranges
        return hypervisor_ranges(board)
    out = [(board.gicd, 0x1_0000, "GIC distributor")]
    if board.gicr:
        out.append((board.gicr, len(board.cpu_mpidrs) * board.gicr_stride, "GIC redistributors"))
    if board.its:
        out.append((board.its, 0x2_0000, "GIC ITS"))
    for base, what in ((board.gicc, "GIC CPU interface"), (board.gich, "GICH"), (board.gicv, "GICV")):
        if base:
            out.append((base, 0x2000, what))
    return out


def _carve(board, lo, hi, key, name, notes):
    """[lo, hi) minus the GIC frames, as (start, end) pieces."""
    pieces = [(lo, hi)]
    for g, gs, what in gic_ranges(board):
        nxt = []
        for a, e in pieces:
            if overlaps(a, e - a, g, gs):
                notes.append((key, name, f"the {what} at {g:#x} inside this window stays with the "
                              "hypervisor (carved out)"))
                nxt += [x for x in ((a, max(a, g)), (min(e, g + gs), e)) if x[1] > x[0]]
            else:
                nxt.append((a, e))
        pieces = nxt
    return pieces


def _merge(mmios: list) -> list:
    """Sort by ipa and merge windows that overlap or touch with the same ipa-pa offset."""
    out = []
    for w in sorted(mmios, key=lambda w: (w.ipa, w.pa, w.size)):
        if out and out[-1].ipa - out[-1].pa == w.ipa - w.pa and w.ipa <= out[-1].ipa + out[-1].size:
            last = out[-1]
            end = max(last.ipa + last.size, w.ipa + w.size)
            out[-1] = m.ResolvedMmio(last.ipa, last.pa, end - last.ipa, last.node, last.key, last.source)
        else:
            out.append(w)
    return out


def resolve_irqs(board: m.Board, cfg: m.VmConfig, nodes: list) -> list:
    """Passthrough SPIs: the DT interrupts of the devices, plus irq_id values >= 32."""
    if cfg.interrupt_mode == m.IRQ_NONE:
        return []
    lo = 1 if board.arch == "riscv64" else 32  # PLIC sources / GIC SPIs
    irqs = {}
    for n in nodes:
        for intid in n.irqs:
            if intid >= lo:
                irqs.setdefault(intid, f"devices.passthrough_devices ({n.path})")
    for i, d in enumerate(cfg.passthrough_devices):
        if d.irq_id is not None and d.irq_id >= lo:
            irqs.setdefault(d.irq_id, f"devices.passthrough_devices[{i}]")
    return sorted(irqs.items())


def vgic_frames(board: m.Board, cfg: m.VmConfig):
    if cfg.interrupt_mode == m.IRQ_NONE:
        return 0, 0
    gicd = next((e.base_gpa for e in cfg.emu_devices if e.emu_type in (m.EMU_GIC, m.EMU_GPPT_GICD)),
                board.gicd)
    gicr = next((e.base_gpa for e in cfg.emu_devices if e.emu_type == m.EMU_GPPT_GICR), board.gicr)
    return gicd, gicr


def resolve(board: m.Board, cfgs: list) -> m.Plan:
    cfgs = sorted(cfgs, key=lambda c: c.id)
    cpus, mem = assign_cpus(board, cfgs), assign_memory(board, cfgs)
    vms = []
    for c in cfgs:
        mmios, nodes, unresolved, dropped = resolve_devices(board, c)
        irqs = resolve_irqs(board, c, nodes)
        gd, gr = vgic_frames(board, c)
        vms.append(m.ResolvedVm(cfg=c, vcpus=cpus[id(c)], regions=mem[id(c)], mmios=tuple(mmios),
                                irqs=tuple(irqs), emus=c.emu_devices, vgicd=gd, vgicr=gr,
                                unresolved=tuple(unresolved), dropped=tuple(dropped)))
    return m.Plan(board=board, vms=tuple(vms))


def device_nodes_of(board: m.Board, rv: m.ResolvedVm) -> list:
    """Board DT nodes passed through to the VM (deterministic order, by path)."""
    seen = {}
    for w in rv.mmios:
        if w.node is not None:
            seen[w.node.path] = w.node
    _, nodes, _, _ = resolve_devices(board, rv.cfg)
    for n in nodes:
        seen[n.path] = n
    return [seen[p] for p in sorted(seen)]

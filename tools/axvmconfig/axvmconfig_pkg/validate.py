"""Validation rules. Each rule is a small function (ctx) -> iterable of Diagnostic.

`ctx` is a Ctx: the loaded VM configs, the board (None for --syntax-only) and
the resolved plan. Rules never raise on odd input; they only describe it.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from . import fsimage
from . import model as m
from .resolve import overlaps

U32 = (1 << 32) - 1
GEN_DTB_SIZE = 0x1_0000  # room we reserve for a generated DTB (checked again at gen)


@dataclass
class Ctx:
    vms: list                     # VmConfig, sorted by id
    board: m.Board = None
    plan: m.Plan = None
    images: str = "require"       # require | allow-missing
    sizes: dict = field(default_factory=dict)  # image path -> size in bytes (existing files)


def _d(sev, cfg, key, msg, hint=""):
    return m.Diagnostic(sev, cfg.file, cfg.line(key), key, msg, hint)


def err(cfg, key, msg, hint=""):
    return _d(m.ERROR, cfg, key, msg, hint)


def warn(cfg, key, msg, hint=""):
    return _d(m.WARNING, cfg, key, msg, hint)


def rng(a: int, s: int) -> str:
    return f"{a:#x}+{s:#x}"


# ---------------------------------------------------------------- format level
def rule_value_ranges(ctx):
    """vm_type, cpu_num and id within what the tables can hold."""
    for c in ctx.vms:
        if c.vm_type not in (0, 1, 2):
            yield err(c, "base.vm_type", f"unknown vm_type {c.vm_type}", "0 host VM, 1 RTOS, 2 Linux")
        if c.cpu_num < 1:
            yield err(c, "base.cpu_num", "cpu_num must be at least 1")
        if c.id > U32:
            yield err(c, "base.id", f"id {c.id:#x} does not fit in 32 bits")


def rule_unique_ids(ctx):
    """No two VMs share an id."""
    seen = {}
    for c in ctx.vms:
        if c.id in seen:
            yield err(c, "base.id", f"duplicate VM id {c.id} (also in {seen[c.id].file})")
        seen.setdefault(c.id, c)


def rule_unique_names(ctx):
    """No two VMs share a name; names are non-empty."""
    seen = {}
    for c in ctx.vms:
        if not c.name.strip():
            yield err(c, "base.name", "VM name is empty")
        elif c.name in seen:
            yield err(c, "base.name", f"duplicate VM name '{c.name}' (also in {seen[c.name].file})")
        seen.setdefault(c.name, c)


def rule_cpu_list_lengths(ctx):
    """phys_cpu_ids / phys_cpu_sets have one entry per vCPU."""
    for c in ctx.vms:
        for k in ("phys_cpu_ids", "phys_cpu_sets"):
            v = getattr(c, k)
            if v is not None and len(v) != c.cpu_num:
                yield err(c, f"base.{k}", f"{len(v)} entries for cpu_num = {c.cpu_num}",
                          "give one entry per vCPU")


def rule_cpu_sets_pinning(ctx):
    """Every phys_cpu_sets mask names exactly one CPU (static pinning)."""
    for c in ctx.vms:
        for i, mask in enumerate(c.phys_cpu_sets or ()):
            key = f"base.phys_cpu_sets[{i}]"
            if mask == 0:
                yield err(c, key, "empty CPU set 0x0", "set the bit of the physical CPU index")
            elif mask & (mask - 1):
                low = (mask & -mask).bit_length() - 1
                yield warn(c, key, f"CPU set {mask:#x} has several CPUs; vCPU {i} is pinned to "
                           f"CPU {low} (static partitioning: no migration)", f"use {1 << low:#x}")


def rule_memory_regions_present(ctx):
    for c in ctx.vms:
        if not c.memory_regions:
            yield err(c, "kernel.memory_regions", "the VM has no memory regions")


def rule_region_shape(ctx):
    """Regions are non-empty, 4 KiB aligned, and do not wrap."""
    for c in ctx.vms:
        for i, r in enumerate(c.memory_regions):
            key = f"kernel.memory_regions[{i}]"
            if r.size == 0:
                yield err(c, key, f"empty region at {r.gpa:#x}")
            elif r.gpa % m.PAGE or r.size % m.PAGE:
                yield err(c, key, f"{rng(r.gpa, r.size)} is not 4 KiB aligned",
                          "base and size must be multiples of 0x1000")
            elif r.gpa + r.size > 1 << 48:
                yield err(c, key, f"{rng(r.gpa, r.size)} ends beyond the 48-bit IPA space")


def rule_region_flags(ctx):
    """Known flag bits only; memory must be readable."""
    for c in ctx.vms:
        for i, r in enumerate(c.memory_regions):
            key = f"kernel.memory_regions[{i}]"
            if r.flags & ~m.MEM_FLAGS_ALL:
                yield err(c, key, f"unknown flag bits {r.flags & ~m.MEM_FLAGS_ALL:#x} in {r.flags:#x}",
                          "READ=0x1 WRITE=0x2 EXECUTE=0x4 USER=0x8 DEVICE=0x10 UNCACHED=0x20")
            elif not r.flags & m.MEM_READ:
                yield warn(c, key, f"flags {r.flags:#x} lack READ (0x1)")


def rule_region_map_type(ctx):
    for c in ctx.vms:
        for i, r in enumerate(c.memory_regions):
            if r.map_type not in m.MAP_NAMES:
                yield err(c, f"kernel.memory_regions[{i}]", f"unknown map_type {r.map_type}",
                          "0 = allocate, 1 = identity, 2 = reserved")


def rule_regions_disjoint_in_vm(ctx):
    """Guest-physical ranges of one VM do not overlap."""
    for c in ctx.vms:
        rs = c.memory_regions
        for i in range(len(rs)):
            for j in range(i):
                if rs[i].size and rs[j].size and overlaps(rs[i].gpa, rs[i].size, rs[j].gpa, rs[j].size):
                    yield err(c, f"kernel.memory_regions[{i}]",
                              f"{rng(rs[i].gpa, rs[i].size)} overlaps memory_regions[{j}] "
                              f"{rng(rs[j].gpa, rs[j].size)}")
                    break


def rule_image_location(ctx):
    """'memory' needs host files; 'fs' paths live on the target's filesystem."""
    for c in ctx.vms:
        if c.image_location == "fs":
            for im in c.images():
                if not os.path.isabs(im.path):
                    yield warn(c, im.key, f'relative path "{im.path}" with image_location = "fs"',
                               "the hypervisor loads it from its own filesystem: give an absolute path")


def rule_load_addresses_given(ctx):
    """Every ramdisk/bios path has a load address, and vice versa."""
    for c in ctx.vms:
        for kind in ("ramdisk", "bios"):
            p, a = getattr(c, f"{kind}_path"), getattr(c, f"{kind}_load_addr")
            if p and a is None:
                yield err(c, f"kernel.{kind}_path", f"{kind}_path given without {kind}_load_addr")
            elif a is not None and not p:
                yield warn(c, f"kernel.{kind}_load_addr", f"{kind}_load_addr given without {kind}_path; nothing is loaded")


def rule_emu_types(ctx):
    """Emulated device types are known; cfg_list has the length the type needs."""
    for c in ctx.vms:
        for i, e in enumerate(c.emu_devices):
            key = f"devices.emu_devices[{i}]"
            if e.emu_type not in m.EMU_TYPES:
                yield err(c, key, f"unknown emu_type {e.emu_type:#x}",
                          "known: " + ", ".join(f"{k:#x} {v[0]}" for k, v in m.EMU_TYPES.items()))
                continue
            name, want = m.EMU_TYPES[e.emu_type]
            if want is not None and len(e.cfg_list) != want:
                yield err(c, key, f"{name} (emu_type {e.emu_type:#x}) needs {want} cfg_list items, "
                          f"got {len(e.cfg_list)}")
            if e.length == 0:
                yield err(c, key, f"emulated device '{e.name}' has length 0")
            elif e.base_gpa % m.PAGE and e.emu_type != m.EMU_IVC:
                yield warn(c, key, f"base {e.base_gpa:#x} is not 4 KiB aligned; the whole page traps")


def rule_emu_gppt_cfg(ctx):
    """gppt-gicr cfg_list = [cpu_num, stride, pcpu_id] must match the VM."""
    for c in ctx.vms:
        for i, e in enumerate(c.emu_devices):
            if e.emu_type == m.EMU_GPPT_GICR and len(e.cfg_list) == 3:
                n, stride, _ = e.cfg_list
                if n != c.cpu_num:
                    yield err(c, f"devices.emu_devices[{i}]", f"gppt-gicr cfg_list cpu_num {n} "
                              f"!= base.cpu_num {c.cpu_num}")
                if stride == 0 or stride % 0x1_0000:
                    yield err(c, f"devices.emu_devices[{i}]",
                              f"gppt-gicr stride {stride:#x} is not a multiple of 0x10000")


def rule_interrupt_mode_vs_devices(ctx):
    """A VM without interrupts cannot have an interrupt-raising emulated device."""
    for c in ctx.vms:
        if c.interrupt_mode == m.IRQ_NONE:
            for i, e in enumerate(c.emu_devices):
                if e.irq_id:
                    yield warn(c, f"devices.emu_devices[{i}]", f"irq_id {e.irq_id} ignored: "
                               "interrupt_mode is none")


FORMAT_RULES = [rule_value_ranges, rule_unique_ids, rule_unique_names, rule_cpu_list_lengths,
                rule_cpu_sets_pinning, rule_region_shape,
                rule_region_flags, rule_region_map_type,
                rule_image_location, rule_load_addresses_given, rule_emu_types, rule_emu_gppt_cfg,
                rule_interrupt_mode_vs_devices]


# ---------------------------------------------------------------- board level
def rule_cpus_exist(ctx):
    """phys_cpu_ids are MPIDRs of the board; set bits are CPU indices of the board."""
    b = ctx.board
    known = ", ".join(f"{x:#x}" for x in b.cpu_mpidrs)
    for c in ctx.vms:
        for i, mp in enumerate(c.phys_cpu_ids or ()):
            if mp not in b.cpu_mpidrs:
                yield err(c, f"base.phys_cpu_ids[{i}]", f"no CPU with MPIDR {mp:#x} on board "
                          f"'{b.name}'", f"MPIDRs: {known}")
        for i, mask in enumerate(c.phys_cpu_sets or ()):
            if mask >> len(b.cpu_mpidrs):
                yield err(c, f"base.phys_cpu_sets[{i}]", f"CPU set {mask:#x} names CPUs beyond the "
                          f"board's {len(b.cpu_mpidrs)}")


def rule_cpu_ids_sets_agree(ctx):
    """When both phys_cpu_ids and phys_cpu_sets are given they name the same CPUs."""
    b = ctx.board
    for c in ctx.vms:
        if c.phys_cpu_ids is None or c.phys_cpu_sets is None:
            continue
        for i, (mp, mask) in enumerate(zip(c.phys_cpu_ids, c.phys_cpu_sets)):
            if mp in b.cpu_mpidrs and mask and not mask >> b.cpu_mpidrs.index(mp) & 1:
                yield err(c, f"base.phys_cpu_sets[{i}]", f"CPU set {mask:#x} does not contain CPU "
                          f"{b.cpu_mpidrs.index(mp)} (MPIDR {mp:#x} from phys_cpu_ids[{i}])")


def rule_cpus_one_owner(ctx):
    """Each physical CPU runs at most one vCPU of one VM."""
    owner = {}
    for rv in ctx.plan.vms:
        c = rv.cfg
        for i, (_, p) in enumerate(rv.vcpus):
            if p is None:
                continue
            if p in owner:
                oc, oi = owner[p]
                who = f"vCPU {oi} of the same VM" if oc is c else f"vm '{oc.name}' vCPU {oi}"
                yield err(c, _cpu_key(c, i), f"CPU {p} (MPIDR {ctx.board.cpu_mpidrs[p]:#x}) "
                          f"is already used by {who}")
            else:
                owner[p] = (c, i)


def _cpu_key(c, i):
    if c.phys_cpu_ids is not None:
        return f"base.phys_cpu_ids[{i}]"
    if c.phys_cpu_sets is not None:
        return f"base.phys_cpu_sets[{i}]"
    return "base.cpu_num"


def rule_cpus_available(ctx):
    """VMs without explicit CPUs get free ones; there must be enough."""
    for rv in ctx.plan.vms:
        c = rv.cfg
        if c.phys_cpu_ids is None and c.phys_cpu_sets is None and any(p is None for _, p in rv.vcpus):
            yield err(c, "base.cpu_num", f"not enough free CPUs for {c.cpu_num} vCPUs on board "
                      f"'{ctx.board.name}' ({len(ctx.board.cpu_mpidrs)} CPUs)")


def _bank_of(b, pa, size):
    for base, bs in b.ram_banks:
        if base <= pa and pa + size <= base + bs:
            return (base, bs)
    return None


def rule_region_in_ram(ctx):
    """Identity and reserved regions lie inside one RAM bank (or a reserved range).
    Regions flagged DEVICE (0x10) map MMIO and may lie outside RAM."""
    b = ctx.board
    for c in ctx.vms:
        for i, r in enumerate(c.memory_regions):
            if r.map_type not in (m.MAP_IDENTICAL, m.MAP_RESERVED) or not r.size \
                    or r.flags & m.MEM_DEVICE:
                continue
            if _bank_of(b, r.gpa, r.size):
                continue
            if r.map_type == m.MAP_RESERVED and any(base <= r.gpa and r.gpa + r.size <= base + s
                                                    for base, s in b.reserved):
                continue
            part = [x for x in b.ram_banks if overlaps(r.gpa, r.size, *x)]
            what = "spans two RAM banks" if len(part) > 1 else \
                "is partly outside RAM" if part else "is not in RAM"
            yield err(c, f"kernel.memory_regions[{i}]", f"{rng(r.gpa, r.size)} {what} of board "
                      f"'{b.name}'", "RAM: " + ", ".join(rng(*x) for x in b.ram_banks))


def rule_region_not_hypervisor(ctx):
    """No VM memory overlaps the hypervisor's own memory."""
    b = ctx.board
    for rv in ctx.plan.vms:
        for ipa, pa, size, _, mt, key in rv.regions:
            if pa is not None and size and overlaps(pa, size, b.hv_base, b.hv_size):
                yield err(rv.cfg, key, f"{rng(pa, size)} overlaps the hypervisor "
                          f"{rng(b.hv_base, b.hv_size)}",
                          "use map_type 0 (allocate) or move the region")


def rule_region_not_board_reserved(ctx):
    """Identity regions stay out of the board's reserved ranges."""
    b = ctx.board
    for c in ctx.vms:
        for i, r in enumerate(c.memory_regions):
            if r.map_type == m.MAP_IDENTICAL:
                for base, s in b.reserved:
                    if r.size and overlaps(r.gpa, r.size, base, s):
                        yield err(c, f"kernel.memory_regions[{i}]", f"{rng(r.gpa, r.size)} overlaps "
                                  f"board reserved range {rng(base, s)}",
                                  "map it with map_type 2 (reserved) if the VM should own it")


def rule_alloc_fits(ctx):
    """Every map_type 0 region found free RAM."""
    for rv in ctx.plan.vms:
        for ipa, pa, size, _, mt, key in rv.regions:
            if mt == m.MAP_ALLOC and pa is None and size and size % m.PAGE == 0:
                yield err(rv.cfg, key, f"no free RAM for {size:#x} bytes on board '{ctx.board.name}'")


def rule_regions_disjoint_between_vms(ctx):
    """Host-physical memory belongs to one VM, unless every VM maps it as reserved (shared)."""
    seen = []
    for rv in ctx.plan.vms:
        for ipa, pa, size, _, mt, key in rv.regions:
            if pa is None or not size:
                continue
            for oc, opa, osize, omt, okey in seen:
                if oc is not rv.cfg and overlaps(pa, size, opa, osize) and not (
                        mt == m.MAP_RESERVED and omt == m.MAP_RESERVED):
                    yield err(rv.cfg, key, f"{rng(pa, size)} overlaps vm '{oc.name}' "
                              f"{okey.split('.')[-1]}",
                              "memory shared between VMs must be map_type 2 in every VM")
                    break
            seen.append((rv.cfg, pa, size, mt, key))


def rule_total_resources(ctx):
    """The sum of vCPUs and memory fits the board."""
    b = ctx.board
    vcpus = sum(c.cpu_num for c in ctx.vms)
    if vcpus > len(b.cpu_mpidrs) and ctx.vms:
        yield err(ctx.vms[-1], "base.cpu_num", f"{vcpus} vCPUs in total, board '{b.name}' has "
                  f"{len(b.cpu_mpidrs)} CPUs")
    ram = sum(s for _, s in b.ram_banks) - b.hv_size
    need = sum(r.size for c in ctx.vms for r in c.memory_regions if r.map_type != m.MAP_RESERVED)
    if need > ram and ctx.vms:
        yield err(ctx.vms[-1], "kernel.memory_regions", f"{need:#x} bytes of VM memory in total, "
                  f"board '{b.name}' has {ram:#x} outside the hypervisor")


def rule_passthrough_resolved(ctx):
    """Every passthrough device exists on the board."""
    for rv in ctx.plan.vms:
        for key, name, why in rv.unresolved:
            yield err(rv.cfg, key, f"'{name}': {why}")


def rule_passthrough_dropped(ctx):
    """Entries the hypervisor keeps for itself are ignored with a warning."""
    for rv in ctx.plan.vms:
        for key, name, why in rv.dropped:
            yield warn(rv.cfg, key, f"'{name}': {why}")


def rule_mmio_not_ram(ctx):
    """Passthrough windows are not RAM: neither guest RAM (IPA) nor board RAM (PA)."""
    b = ctx.board
    for rv in ctx.plan.vms:
        for w in rv.mmios:
            for ipa, pa, size, _, _, key in rv.regions:
                if overlaps(w.ipa, w.size, ipa, size):
                    yield err(rv.cfg, w.key, f"device window {rng(w.ipa, w.size)} ({w.source}) "
                              f"overlaps guest RAM {key.split('.')[-1]}")
                    break
            for base, s in b.ram_banks:
                if overlaps(w.pa, w.size, base, s):
                    yield err(rv.cfg, w.key, f"device window {rng(w.pa, w.size)} ({w.source}) "
                              f"is board RAM {rng(base, s)}", "pass RAM as memory_regions")
                    break


def _emu_windows(rv, board):
    out = [(e.base_gpa, max(e.length, 1), f"emu_devices[{i}] '{e.name}'")
           for i, e in enumerate(rv.emus) if e.emu_type not in (m.EMU_GIC, m.EMU_GPPT_GICD,
                                                                 m.EMU_GPPT_GICR, m.EMU_GPPT_ITS)]
    if rv.vgicd:
        out.append((rv.vgicd, 0x1_0000, "the virtual GIC distributor"))
        out.append((rv.vgicr, len(rv.vcpus) * board.gicr_stride, "the virtual GIC redistributors"))
    return out


def rule_mmio_not_emulated(ctx):
    """Passthrough windows do not overlap emulated devices or the virtual GIC."""
    for rv in ctx.plan.vms:
        emus = _emu_windows(rv, ctx.board)
        for w in rv.mmios:
            for a, s, what in emus:
                if overlaps(w.ipa, w.size, a, s):
                    yield err(rv.cfg, w.key, f"device window {rng(w.ipa, w.size)} ({w.source}) "
                              f"overlaps {what} at {a:#x}")
                    break


def rule_emu_disjoint(ctx):
    """Emulated devices do not overlap each other or guest RAM."""
    for rv in ctx.plan.vms:
        emus = _emu_windows(rv, ctx.board)
        for i, (a, s, what) in enumerate(emus):
            for b2, s2, what2 in emus[:i]:
                if overlaps(a, s, b2, s2):
                    yield err(rv.cfg, "devices.emu_devices", f"{what} {rng(a, s)} overlaps {what2}")
            for ipa, _, size, _, _, key in rv.regions:
                if overlaps(a, s, ipa, size):
                    yield err(rv.cfg, "devices.emu_devices", f"{what} {rng(a, s)} overlaps guest "
                              f"RAM {key.split('.')[-1]}")


def rule_mmio_one_owner(ctx):
    """A device's registers belong to one VM."""
    seen = []
    for rv in ctx.plan.vms:
        for w in rv.mmios:
            for oc, ow in seen:
                if oc is not rv.cfg and overlaps(w.pa, w.size, ow.pa, ow.size):
                    yield err(rv.cfg, w.key, f"device window {rng(w.pa, w.size)} ({w.source}) is "
                              f"also passed through to vm '{oc.name}' ({ow.key.split('.')[-1]})")
                    break
        seen += [(rv.cfg, w) for w in rv.mmios]


def rule_dma_identity(ctx):
    """A DMA-capable passthrough device needs guest RAM mapped 1:1 (no IOMMU)."""
    b = ctx.board
    for rv in ctx.plan.vms:
        if all(mt != m.MAP_ALLOC or ipa == pa for ipa, pa, _, _, mt, _ in rv.regions):
            continue
        for w in rv.mmios:
            n = w.node
            if n is not None and ("dma-coherent" in n.props or
                                  any(x in b.dma_compatibles for x in n.compatible())):
                yield warn(rv.cfg, w.key, f"'{n.path}' can do DMA but the VM's RAM is not identity "
                          "mapped", "use map_type 1 for every memory region of this VM")
                break


def rule_irqs(ctx):
    """Passthrough irq_id values: SPIs in range; warn on the off-by-32 mistake."""
    b = ctx.board
    last = 32 + b.gic_spi_num - 1
    for rv in ctx.plan.vms:
        c = rv.cfg
        for i, d in enumerate(c.passthrough_devices):
            if not d.irq_id:
                continue
            key = f"devices.passthrough_devices[{i}]"
            node_irqs = {x for w in rv.mmios if w.key == key and w.node for x in w.node.irqs}
            if d.irq_id not in node_irqs and d.irq_id + 32 in node_irqs:
                yield warn(c, key, f"irq_id {d.irq_id} looks like the device-tree SPI number; the "
                           f"INTID is {d.irq_id + 32}", "irq_id is an interrupt ID (SPI n = 32 + n)")
            elif d.irq_id < 16:
                continue  # AxVisor's placeholder (0x1 in most configs): interrupts come from the DT
            elif d.irq_id < 32:
                yield warn(c, key, f"irq_id {d.irq_id} is a PPI and is not passed through",
                           "only SPIs (INTID >= 32) can be given to a VM")
            elif d.irq_id > last:
                yield err(c, key, f"irq_id {d.irq_id} is beyond the board's last SPI {last}")


def rule_emu_irqs(ctx):
    """Emulated devices raise SPIs in range that no passthrough device uses."""
    b = ctx.board
    last = 32 + b.gic_spi_num - 1
    for rv in ctx.plan.vms:
        pt = {i for i, _ in rv.irqs}
        for i, e in enumerate(rv.emus):
            key = f"devices.emu_devices[{i}]"
            if not e.irq_id or e.emu_type in (m.EMU_GIC, m.EMU_GPPT_GICD, m.EMU_GPPT_GICR, m.EMU_GPPT_ITS):
                continue
            if e.irq_id < 32:
                yield err(rv.cfg, key, f"irq_id {e.irq_id} is not an SPI (INTIDs 32..{last})")
            elif e.irq_id > last:
                yield err(rv.cfg, key, f"irq_id {e.irq_id} is beyond the board's last SPI {last}")
            elif e.irq_id in pt:
                yield err(rv.cfg, key, f"irq_id {e.irq_id} is also a passthrough interrupt of this VM")


def rule_irq_one_owner(ctx):
    """A passthrough SPI belongs to one VM."""
    owner = {}
    for rv in ctx.plan.vms:
        for intid, key in rv.irqs:
            if intid in owner and owner[intid][0] is not rv.cfg:
                yield err(rv.cfg, key.split(" ")[0], f"SPI {intid} is also passed through to vm "
                          f"'{owner[intid][0].name}'")
            owner.setdefault(intid, (rv.cfg, key))


def rule_irq_in_range(ctx):
    """Passthrough SPIs from the device tree exist on the board's GIC."""
    last = 32 + ctx.board.gic_spi_num - 1
    for rv in ctx.plan.vms:
        for intid, key in rv.irqs:
            if intid > last and "(" in key:
                yield err(rv.cfg, key.split(" ")[0], f"SPI {intid} of {key.split('(')[1][:-1]} is "
                          f"beyond the board's last SPI {last}")


def rule_console_shared(ctx):
    """Passing the hypervisor's console UART to a VM shares it with the hypervisor's log."""
    b = ctx.board
    for rv in ctx.plan.vms:
        for w in rv.mmios:
            if w.pa <= b.uart_base < w.pa + w.size:
                yield warn(rv.cfg, w.key, f"the hypervisor's console UART {b.uart_base:#x} is shared "
                           "with this VM", "its output interleaves with the hypervisor's log")
                break


def _image_size(ctx, path):
    return ctx.sizes.get(path)


def measure_images(vms) -> dict:
    """path -> size of every existing image file bound into the firmware."""
    out = {}
    for c in vms:
        for im in c.images():
            host = im.path if c.image_location == "memory" else fsimage.host_path(im.path)
            try:
                if os.path.isfile(host):
                    out[im.path] = os.path.getsize(host)
            except OSError:
                pass
    return out


def rule_images_exist(ctx):
    """Images bound into the firmware, and host copies of boot-disk ("fs") images, exist."""
    for c in ctx.vms:
        yield from fsimage.check_names(c)
        for im in c.images():
            host = im.path if c.image_location == "memory" else fsimage.host_path(im.path)
            if os.path.isfile(host):
                continue
            what = "is a directory" if os.path.isdir(host) else "does not exist"
            if host != im.path:
                what += f" (boot-disk file {im.path} under --fs-root)"
                im = dataclasses.replace(im, path=host)
            if ctx.images == "require":
                yield err(c, im.key, f"image file {im.path} {what}",
                          "build it first, or fix the path (relative to the TOML file)")
            else:
                yield warn(c, im.key, f"image file {im.path} {what} (size checks skipped)")


def _region_of(rv, addr, size=1):
    for ipa, _, s, _, _, key in rv.regions:
        if ipa <= addr and addr + size <= ipa + s:
            return key
    return None


def _vm_images(ctx, rv):
    """(kind, key, load, size or None) for each image of a VM, generated DTB included."""
    c, out = rv.cfg, []
    for im in c.images():
        size = _image_size(ctx, im.path)
        load = im.load_addr
        if im.kind == "dtb" and load is None:
            continue
        out.append((im.kind, im.key.replace("_path", "_load_addr"), load, size))
    if not c.dtb_path and c.dtb_load_addr is not None:
        out.append(("dtb", "kernel.dtb_load_addr", c.dtb_load_addr, GEN_DTB_SIZE))
    return out


def rule_images_fit_ram(ctx):
    """Each image lies inside one guest memory region."""
    for rv in ctx.plan.vms:
        if not rv.regions:
            continue  # reported once by rule_memory_regions_present
        for kind, key, load, size in _vm_images(ctx, rv):
            if load is None:
                continue
            if _region_of(rv, load, size or 1) is None:
                what = f"{rng(load, size)}" if size else f"{load:#x}"
                yield err(rv.cfg, key, f"{kind} at {what} is not inside one memory region")


def rule_images_disjoint(ctx):
    """Kernel, DTB, ramdisk and BIOS do not overlap once loaded."""
    for rv in ctx.plan.vms:
        ims = [x for x in _vm_images(ctx, rv) if x[2] is not None and x[3]]
        for i, (k, key, a, s) in enumerate(ims):
            for k2, _, a2, s2 in ims[:i]:
                if overlaps(a, s, a2, s2):
                    yield err(rv.cfg, key, f"{k} {rng(a, s)} overlaps the {k2} {rng(a2, s2)}")


def rule_entry_in_kernel(ctx):
    """The entry point lies inside the loaded kernel (or, size unknown, in guest RAM)."""
    for rv in ctx.plan.vms:
        c = rv.cfg
        size = _image_size(ctx, c.kernel_path)
        if not rv.regions:
            continue
        if size:
            if not c.kernel_load_addr <= c.entry_point < c.kernel_load_addr + size:
                yield err(c, "kernel.entry_point", f"entry point {c.entry_point:#x} is outside the "
                          f"kernel {rng(c.kernel_load_addr, size)}")
        elif _region_of(rv, c.entry_point) is None:
            yield err(c, "kernel.entry_point", f"entry point {c.entry_point:#x} is not in guest RAM")


BOARD_RULES = [rule_memory_regions_present, rule_regions_disjoint_in_vm, rule_cpus_exist, rule_cpu_ids_sets_agree, rule_cpus_one_owner, rule_cpus_available,
               rule_region_in_ram, rule_region_not_hypervisor, rule_region_not_board_reserved,
               rule_alloc_fits, rule_regions_disjoint_between_vms, rule_total_resources,
               rule_passthrough_resolved, rule_passthrough_dropped, rule_mmio_not_ram,
               rule_mmio_not_emulated, rule_emu_disjoint, rule_mmio_one_owner, rule_dma_identity,
               rule_irqs, rule_emu_irqs, rule_irq_one_owner, rule_irq_in_range,
               rule_images_exist, rule_images_fit_ram, rule_images_disjoint,
               rule_entry_in_kernel]


def run(ctx: Ctx) -> list:
    rules = FORMAT_RULES + (BOARD_RULES if ctx.board is not None else [])
    out = []
    for r in rules:
        out.extend(r(ctx))
    return out

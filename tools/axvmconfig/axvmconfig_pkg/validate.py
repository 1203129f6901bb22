"""Validation rules. Each rule is a small function (ctx) -> iterable of Diagnostic.

`ctx` is a Ctx: the loaded VM configs, the board (None for --syntax-only) and
the resolved plan. Rules never raise on odd input; they only describe it.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from . import bootimage, fsimage, hints, placement
from . import contract as contract_mod
from . import model as m
from .resolve import last_spi as resolve_last_spi
from .resolve import overlaps

U32 = (1 << 32) - 1
GIC_EMUS = (m.EMU_GIC, m.EMU_GPPT_GICD, m.EMU_GPPT_GICR, m.EMU_GPPT_ITS)
GEN_DTB_SIZE = placement.GEN_DTB_SIZE


@dataclass
class Ctx:
    vms: list                     # VmConfig, sorted by id
    board: m.Board = None
    plan: m.Plan = None
    images: str = "require"       # require | allow-missing
    sizes: dict = field(default_factory=dict)  # image path -> size in bytes (existing files)
    kernels: dict = None          # kernel path -> bootimage.KernelInfo (read when None)
    dtbs: dict = field(default_factory=dict)  # id(ResolvedVm) -> (generated DTB or None, error)

    def __post_init__(self):
        if self.kernels is None:
            self.kernels = measure_kernels(self.vms) if self.board is not None else {}


def _d(sev, cfg, key, msg, hint=""):
    return m.Diagnostic(sev, cfg.file, cfg.line(key), key, msg, hint)


def err(cfg, key, msg, hint=""):
    return _d(m.ERROR, cfg, key, msg, hint)


def warn(cfg, key, msg, hint=""):
    return _d(m.WARNING, cfg, key, msg, hint)


def board_err(b, key, msg, hint=""):
    """An error about the board description: names board.toml and the key's line."""
    return m.Diagnostic(m.ERROR, b.toml(), b.line(key), key, msg, hint)


def board_warn(b, key, msg, hint=""):
    return m.Diagnostic(m.WARNING, b.toml(), b.line(key), key, msg, hint)


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
    """Every bios path has a load address (a ramdisk gets a default), and vice versa."""
    for c in ctx.vms:
        if c.ramdisk_load_addr is not None and not c.ramdisk_path:
            yield warn(c, "kernel.ramdisk_load_addr", "ramdisk_load_addr given without ramdisk_path; "
                       "nothing is loaded")
        for kind in ("bios",):
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


def rule_upstream_keys(ctx):
    """AxVisor's newest keys: accepted where they change nothing here, else rejected with the reason."""
    no_fw = "this hypervisor enters the kernel directly (Linux boot protocol); it has no BIOS/UEFI flow"
    for c in ctx.vms:
        if c.enable_bios:
            yield err(c, "kernel.enable_bios", f"enable_bios = true is not supported: {no_fw}",
                      "remove it (or set false) and boot the kernel image itself")
        if c.boot_protocol is not None:
            yield err(c, "kernel.boot_protocol", f'boot_protocol "{c.boot_protocol}" is not supported: '
                      f"{no_fw}", "remove the key")
        if c.uefi_firmware_path is not None:
            yield err(c, "kernel.uefi_firmware_path", f"UEFI firmware is not supported: {no_fw}",
                      "remove the key")
        if c.passthrough_ports:
            yield err(c, "devices.passthrough_ports", "I/O-port passthrough (x86 port I/O) is not "
                      "supported: this hypervisor passes devices through by MMIO only")
        if c.address_space_policy is not None:
            yield err(c, "devices.address_space_policy", f'address_space_policy '
                      f'"{c.address_space_policy}" is not supported: the guest address space is '
                      "exactly memory_regions plus the device windows", "remove the key")
        if not c.interrupt_mode_given:
            yield warn(c, "devices.interrupt_mode", "interrupt_mode not given: this tool uses "
                       '"emulated", AxVisor\'s newest format means "no_irq"',
                       'write interrupt_mode = "emulated" (or "no_irq") explicitly')


def rule_paths_nameable(ctx):
    """Paths end up in axvm.d (make) and guests.S: make cannot name a file whose name
    holds a newline, carriage return or other control character."""
    for c in ctx.vms:
        things = [("", c.file)] + ([(im.key, im.path) for im in c.images()]
                                    if c.image_location == "memory" else [])
        for key, p in things:
            bad = next((ch for ch in p if not ch.isprintable()), None)
            if bad is not None:
                what = f"path {p!r}" if key else f"config file name {p!r}"
                yield err(c, key, f"{what} contains the control character {bad!r}: make "
                          "(axvm.d) cannot name such a file", "rename the file")


FORMAT_RULES = [rule_paths_nameable, rule_upstream_keys, rule_value_ranges, rule_unique_ids, rule_unique_names, rule_cpu_list_lengths,
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


def rule_passthrough_references(ctx):
    """A passed-through node whose properties reference nodes the guest does not get
    (phandles: PHY, GRF/syscon, resets, power domains, DMA, pinctrl...) is copied
    without them: say exactly what the guest lacks."""
    from .emit_dts import lost_references
    from .resolve import device_nodes_of
    for rv in ctx.plan.vms:
        nodes = device_nodes_of(ctx.board, rv)
        passed = {n.path for n in nodes}
        keys = {w.node.path: w.key for w in rv.mmios if w.node is not None}
        for n in nodes:
            lost = lost_references(ctx.board, n, passed)
            if lost and n.regs:
                yield warn(rv.cfg, keys.get(n.path, "devices.passthrough_devices"),
                           f"'{n.path}' loses {', '.join(lost)}: the guest tree has no node "
                           "they reference; its driver may not probe",
                           "pass the referenced nodes too, or give the guest a dtb_path")


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
    last = last_spi(ctx)
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
                yield err(c, key, f"irq_id {d.irq_id} is beyond the last SPI {last} a VM can have")


def rule_emu_irqs(ctx):
    """Emulated devices raise SPIs in range that no passthrough device uses."""
    last = last_spi(ctx)
    for rv in ctx.plan.vms:
        pt = {i for i, _ in rv.irqs}
        for i, e in enumerate(rv.emus):
            key = f"devices.emu_devices[{i}]"
            if not e.irq_id or e.emu_type in (m.EMU_GIC, m.EMU_GPPT_GICD, m.EMU_GPPT_GICR, m.EMU_GPPT_ITS):
                continue
            if e.irq_id < 32:
                yield err(rv.cfg, key, f"irq_id {e.irq_id} is not an SPI (INTIDs 32..{last})")
            elif e.irq_id > last:
                yield err(rv.cfg, key, f"irq_id {e.irq_id} is beyond the last SPI {last} a VM can have")
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
    last = last_spi(ctx)
    for rv in ctx.plan.vms:
        for intid, key in rv.irqs:
            if intid > last and "(" in key:
                yield err(rv.cfg, key.split(" ")[0], f"SPI {intid} of {key.split('(')[1][:-1]} is "
                          f"beyond the last SPI {last} a VM can have")


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


def measure_kernels(vms) -> dict:
    """kernel path -> bootimage.KernelInfo for every kernel file that exists (a boot-disk
    ("fs") kernel is read from its host copy under --fs-root)."""
    out = {}
    for c in vms:
        if c.kernel_path not in out:
            host = c.kernel_path if c.image_location == "memory" else fsimage.host_path(c.kernel_path)
            ki = bootimage.read(host)
            if ki is not None:
                out[c.kernel_path] = ki
    return out


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
                          hints.image_hint(im.path))
            else:
                yield warn(c, im.key, f"image file {im.path} {what} (size checks skipped)")


def _region_of(rv, addr, size=1):
    for ipa, _, s, _, _, key in rv.regions:
        if ipa <= addr and addr + size <= ipa + s:
            return key
    return None


def kernel_info(ctx, c):
    """KernelInfo of the VM's kernel file (its host copy for "fs"; None: missing)."""
    return ctx.kernels.get(c.kernel_path)


def placements(ctx, rv) -> list:
    """Every image of the VM with its address (given or default) and size (placement.py);
    a generated DTB counts with the size it really has (as in `gen`)."""
    c = rv.cfg
    ki = kernel_info(ctx, c)
    blob, _ = guest_dtb(ctx, rv)
    gsize = len(blob) if blob else placement.GEN_DTB_SIZE
    return placement.place(rv, ctx.sizes, ki.footprint if ki else None, gsize)


def guest_dtb(ctx, rv):
    """(DTB bytes, '') of the device tree `gen` would generate for the VM, or (None, dtc's
    error); (None, '') when the VM brings its own dtb_path (a generated DTB is bound into
    the firmware for "fs" VMs too)."""
    key = id(rv)
    if key not in ctx.dtbs:
        ctx.dtbs[key] = (None, "")
        c = rv.cfg
        if not c.dtb_path and rv.regions:
            ctx.dtbs[key] = _compile_guest_dtb(ctx, rv)
    return ctx.dtbs[key]


def _compile_guest_dtb(ctx, rv):
    from .devtree import DtError, dtc
    from .emit_common import banner
    from .emit_dts import guest_dts
    from .resolve import device_nodes_of
    ki = kernel_info(ctx, rv.cfg)
    ps = {p.kind: p for p in placement.place(rv, ctx.sizes, ki.footprint if ki else None)}
    rd = ps.get("ramdisk")
    initrd = (rd.load, rd.load + rd.size) if rd and rd.load is not None and rd.size else None
    try:
        dts = guest_dts(banner([rv.cfg.file]), ctx.board, rv, device_nodes_of(ctx.board, rv), initrd)
        return dtc(dts.encode(), "dts", "dtb"), ""
    except DtError as e:
        return None, str(e)


def rule_image_location_bootable(ctx):
    """`check` against a board means `gen` builds it and the board boots it: "fs" images
    need the boot-loader flow (U-Boot, images/disk.mk), which only some architectures have."""
    arch = ctx.board.arch
    for c in ctx.vms:
        if c.image_location == "fs" and arch not in m.FS_BOOT_ARCHES:
            msg, hint = m.fs_not_bootable(arch)
            yield err(c, "kernel.image_location", msg,
                      hint + ' (check --syntax-only accepts "fs" configs)')


def rule_guest_dtb(ctx):
    """The guest device tree `gen` derives from config + board compiles (dtc)."""
    for rv in ctx.plan.vms:
        _, e = guest_dtb(ctx, rv)
        if e:
            yield err(rv.cfg, "devices", f"the generated guest device tree does not compile: {e}")


def _what(p, ki=None) -> str:
    """How an image is named in messages: defaults say so, kernels say where the size is from."""
    what = {"dtb": "DTB", "bios": "BIOS"}.get(p.kind, p.kind)
    if not p.given:
        what = f"default {what} address (no {p.key.split('.')[-1]})"
    if p.kind == "kernel" and ki is not None and ki.declared:
        what += f" (footprint from its {ki.fmt} header)"
    return what


def _key(p, c) -> str:
    """Blame the key the user wrote: the load address if given, else the image's path."""
    if p.given or p.kind == "dtb" and not c.dtb_path:
        return p.key if p.given else "kernel"
    return f"kernel.{p.kind}_path"


def _vm_images(ctx, rv):
    """(kind, key, load, size or None) for each placed image of a VM, generated DTB included."""
    return [(p.kind, _key(p, rv.cfg), p.load, p.size) for p in placements(ctx, rv)
            if p.load is not None]


def rule_defaults_placed(ctx):
    """An image without a load address gets a default in free guest RAM; there must be room."""
    for rv in ctx.plan.vms:
        if not rv.regions:
            continue
        for p in placements(ctx, rv):
            if p.load is None and not p.given and (p.kind == "dtb" or p.size is not None):
                yield err(rv.cfg, _key(p, rv.cfg), f"no free guest RAM for the {p.kind} "
                          f"({(p.size or 0):#x} bytes) beside the kernel and the other images",
                          f"set {p.key.split('.')[-1]} explicitly or enlarge the memory regions")


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
    """Kernel (its whole footprint), DTB, ramdisk and BIOS do not overlap once loaded."""
    for rv in ctx.plan.vms:
        ki = kernel_info(ctx, rv.cfg)
        ims = [p for p in placements(ctx, rv) if p.load is not None and p.size != 0]
        for i, p in enumerate(ims):
            for q in ims[:i]:
                # A missing image (--allow-missing-images) holds at least its first byte:
                # two images starting inside each other collide whatever the files turn out to be.
                if overlaps(p.load, p.size or 1, q.load, q.size or 1):
                    yield err(rv.cfg, _key(p, rv.cfg), f"{_what(p, ki)} {_span(p)} "
                              f"overlaps the {_what(q, ki)} {_span(q)}")


def _span(p) -> str:
    """'load+size' of a placed image, or 'at load (size unknown)' for a missing file."""
    return rng(p.load, p.size) if p.size else f"at {p.load:#x} (size unknown)"


def rule_boot_protocol(ctx):
    """Alignment and placement rules of the Linux arm64 boot protocol
    (Documentation/arch/arm64/booting.rst, sections 3-4)."""
    if ctx.board.arch != "aarch64":
        return
    for rv in ctx.plan.vms:
        c = rv.cfg
        ki = kernel_info(ctx, c)
        ps = {p.kind: p for p in placements(ctx, rv)}
        d = ps.get("dtb")
        if d and d.load is not None and d.load % 8:
            yield err(c, _key(d, c), f"DTB at {d.load:#x} is not 8-byte aligned (arm64 boot protocol)",
                      "use an 8-byte (better 4 KiB) aligned dtb_load_addr")
        if d and d.size and d.size > 2 * bootimage.MiB:
            yield err(c, "kernel.dtb_path", f"DTB of {d.size:#x} bytes exceeds the 2 MiB the arm64 "
                      "boot protocol allows")
        if ki is None or ki.fmt != "arm64 Image":
            continue
        base = c.kernel_load_addr - ki.text_offset
        if base % m.BLOCK_2M:
            yield err(c, "kernel.kernel_load_addr", f"arm64 Image at {c.kernel_load_addr:#x}: must "
                      f"sit text_offset ({ki.text_offset:#x}) above a 2 MiB-aligned address",
                      f"use {((base + m.BLOCK_2M - 1) & ~(m.BLOCK_2M - 1)) + ki.text_offset:#x}")
        if c.entry_point != c.kernel_load_addr:
            yield err(c, "kernel.entry_point", f"entry point {c.entry_point:#x} is not the start of "
                      f"the arm64 Image {c.kernel_load_addr:#x}", "an Image is entered at its first byte")
        r = ps.get("ramdisk")
        if r and r.load is not None and r.size:
            lo = min(r.load, c.kernel_load_addr) & ~((1 << 30) - 1)
            hi = max(r.load + r.size, c.kernel_load_addr + ki.footprint)
            if hi - lo > 32 << 30:
                yield err(c, _key(r, c), f"ramdisk {rng(r.load, r.size)} and the kernel do not fit "
                          "one 1 GiB-aligned window of up to 32 GiB (arm64 boot protocol)")


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


# ---------------------------------------------------------------- the contract
# Every limit below comes from hypervisor/include/hv/contract.h and
# hypervisor/arch/<arch>/include/arch/contract.h (contract.py), never from here.
def _contract(ctx):
    return contract_mod.load(ctx.board.arch)


def last_spi(ctx) -> int:
    """Highest INTID a VM can be given: the board's GIC and the vGIC both model it."""
    return resolve_last_spi(ctx.board)


def rule_contract_gic(ctx):
    """The board's GIC version is one the vGIC implements (AXV_ARCH_GIC_VERSIONS)."""
    b, k = ctx.board, _contract(ctx)
    if not k.gic_supported(b.gic_version):
        have = ", ".join(f"GICv{v}" for v in range(64) if k.gic_supported(v)) or "none"
        yield board_err(b, "gic.version", f"board '{b.name}' has a GICv{b.gic_version}; the "
                        f"hypervisor's virtual GIC implements {have} only (AXV_ARCH_GIC_VERSIONS)",
                        "no vGICv2 exists yet: this board cannot run VMs")


def rule_contract_spis(ctx):
    """SPIs beyond what the vGIC models (AXV_ARCH_MAX_SPIS) cannot reach a VM."""
    b, mx = ctx.board, _contract(ctx).get("AXV_ARCH_MAX_SPIS")
    if b.gic_spi_num > mx:
        yield board_warn(b, "gic.spi_num", f"board '{b.name}' has {b.gic_spi_num} SPIs, the "
                         f"virtual GIC models {mx} (AXV_ARCH_MAX_SPIS): INTIDs above {31 + mx} "
                         "cannot be given to a VM")


def rule_contract_flags(ctx):
    """Memory flags the hypervisor honours (AXV_MEM_FLAGS_SUPPORTED)."""
    k = _contract(ctx)
    ok = k.get("AXV_MEM_FLAGS_SUPPORTED")
    unc = k.get("AXV_MEM_FLAG_UNCACHED")
    for c in ctx.vms:
        for i, r in enumerate(c.memory_regions):
            bad = r.flags & ~ok & m.MEM_FLAGS_ALL
            if not bad:
                continue
            what = "UNCACHED (0x20)" if bad == unc else f"flag bits {bad:#x}"
            yield err(c, f"kernel.memory_regions[{i}]", f"{what} in flags {r.flags:#x} is not "
                      "supported by the hypervisor (AXV_MEM_FLAGS_SUPPORTED "
                      f"{ok:#x}); the region would be mapped cacheable",
                      "drop the flag, or use DEVICE (0x10) for MMIO")


def rule_contract_emu_types(ctx):
    """Emulated device types the hypervisor implements (AXV_EMU_TYPES_SUPPORTED)."""
    k = _contract(ctx)
    have = ", ".join(f"{t:#x} {v[0]}" for t, v in sorted(m.EMU_TYPES.items()) if k.emu_supported(t))
    for c in ctx.vms:
        for i, e in enumerate(c.emu_devices):
            if e.emu_type in m.EMU_TYPES and not k.emu_supported(e.emu_type):
                name = m.EMU_TYPES[e.emu_type][0]
                yield err(c, f"devices.emu_devices[{i}]", f"emu_type {e.emu_type:#x} ({name}) is not "
                          f"implemented by this hypervisor; it would refuse the VM at boot",
                          f"supported: {have}" + ("; the virtual GIC always sits at the board's "
                                                  "GIC address" if e.emu_type in GIC_EMUS else ""))


def rule_contract_ipa(ctx):
    """Guest-physical addresses fit the stage-2 input size (AXV_ARCH_IPA_BITS)."""
    bits = _contract(ctx).get("AXV_ARCH_IPA_BITS")
    lim = 1 << bits
    for rv in ctx.plan.vms:
        things = [(key, ipa, size) for ipa, _, size, _, _, key in rv.regions]
        things += [(w.key, w.ipa, w.size) for w in rv.mmios]
        things += [(f"devices.emu_devices[{i}]", e.base_gpa, e.length) for i, e in enumerate(rv.emus)]
        for key, a, s in things:
            if a + s > lim and a + s <= 1 << 48:
                yield err(rv.cfg, key, f"{rng(a, s)} ends beyond the {bits}-bit guest-physical "
                          f"space of stage 2 (AXV_ARCH_IPA_BITS): the hypervisor cannot map it",
                          f"keep guest addresses below {lim:#x}")


CONTRACT_RULES = [rule_contract_gic, rule_contract_spis, rule_contract_flags,
                  rule_contract_emu_types, rule_contract_ipa]


BOARD_RULES = [rule_memory_regions_present, rule_regions_disjoint_in_vm, rule_cpus_exist, rule_cpu_ids_sets_agree, rule_cpus_one_owner, rule_cpus_available,
               rule_region_in_ram, rule_region_not_hypervisor, rule_region_not_board_reserved,
               rule_alloc_fits, rule_regions_disjoint_between_vms, rule_total_resources,
               rule_passthrough_resolved, rule_passthrough_dropped, rule_passthrough_references,
               rule_mmio_not_ram,
               rule_mmio_not_emulated, rule_emu_disjoint, rule_mmio_one_owner, rule_dma_identity,
               rule_irqs, rule_emu_irqs, rule_irq_one_owner, rule_irq_in_range,
               rule_images_exist, rule_defaults_placed, rule_images_fit_ram, rule_images_disjoint,
               rule_boot_protocol, rule_entry_in_kernel, rule_guest_dtb,
               rule_image_location_bootable]


def _about(key: str, failed: str) -> bool:
    """The diagnostic key names the failed key, a part of it, a table holding it, or its
    partner (an image's *_path and *_load_addr are judged together)."""
    key, failed = (k.replace("_load_addr", "_path") for k in (key, failed))
    return key == failed or key.startswith((failed + "[", failed + ".")) or \
        failed.startswith((key + ".", key + "["))


def run_salvaged(vms: list) -> list:
    """Format-level rules over configs some of which loaded with errors (failed_keys):
    their other problems are reported; nothing is said about a key that failed to load."""
    out = []
    for d in run(Ctx(vms=vms)):
        bad = next((v.failed_keys for v in vms if v.file == d.file and v.failed_keys), ())
        if not any(_about(d.key, f) for f in bad):
            out.append(d)
    return out


def run(ctx: Ctx) -> list:
    rules = FORMAT_RULES + (BOARD_RULES + CONTRACT_RULES if ctx.board is not None else [])
    if ctx.board is not None and ctx.board.arch == "riscv64":
        from .arch_riscv64 import adapt_rules
        rules = adapt_rules(rules)
    out = []
    for r in rules:
        out.extend(r(ctx))
    return out

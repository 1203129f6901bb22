"""x86_64 boards (AMD SVM, issue 13): `check` and `gen` for a board whose
board.toml says arch = "x86_64".

x86 has no device tree: the board lists its CPUs by local APIC id, its RAM
banks (the firmware's E820 map), the hypervisor's range, COM1, the I/O APIC
and the local APIC. VM configs are AxVisor's TOML, read by loader.load_vm;
`devices.passthrough_ports = [[base, count]]` (AxVisor 2026) gives I/O-port
ranges. `gen` writes config.c (the neutral core's tables,
hypervisor/include/hv/vmconfig.h with the x86 part of
hypervisor/arch/x86_64/include/arch/vmconfig.h), config.h, guests.S (the
images) and axvm.d into the output directory.

What the x86 firmware supports today (checked here, so a config the
hypervisor cannot run is refused with a reason): one vCPU per VM, each VM
on its own CPU, RAM regions below 4 GiB of host memory (the hypervisor
identity-maps 0..4 GiB), guests entered in 32-bit protected mode at
entry_point (flat segments, paging off).
"""
from __future__ import annotations

import hashlib
import os
import re

from . import model as m
from .loader import load_vm, parse_toml

COM1 = (0x3F8, 8)
# Ports the hypervisor keeps: its console, the shutdown/reset ports it
# emulates for every VM, and PCI configuration mechanism #1 (one register
# pair for the whole bus: it cannot be split between VMs).
HV_PORTS = (
    (0x3F8, 8, "COM1, the hypervisor console (guests get an emulated one)"),
    (0x604, 2, "the shutdown port (ACPI PM1a_CNT), emulated per VM"),
    (0x64, 1, "the keyboard controller reset, emulated per VM"),
    (0xCF8, 8, "PCI configuration space (shared by the whole bus)"),
)
# Passthrough device names AxVisor's x86 configs use for what this
# hypervisor emulates per VM instead.
EMULATED_NAMES = {"local apic": "the local APIC", "io apic": "the I/O APIC"}
FOUR_GIB = 1 << 32
ALLOC_ALIGN = m.BLOCK_2M


def _contract() -> dict:
    """AXV_* integers of the neutral and x86_64 contract headers."""
    root = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    out = {}
    for rel in ("hypervisor/include/hv/contract.h",
                "hypervisor/arch/x86_64/include/arch/contract.h"):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for mo in re.finditer(r"^#define (AXV_\w+) (0x[0-9a-fA-F]+|\d+)[uUlL]*\s*$",
                                  f.read(), re.M):
                out[mo.group(1)] = int(mo.group(2), 0)
    return out


class X86Board:
    """An x86_64 board.toml."""

    def __init__(self, bdir: str, doc: dict, path: str):
        self.dir, self.path = bdir, path
        b = doc.get("board", {})
        self.name = str(b.get("name", os.path.basename(bdir)))
        self.apic_ids = tuple(int(x) for x in _need(doc, "cpus", "apic_id", path))
        mem = doc.get("memory", {})
        self.ram_banks = tuple((int(a), int(s)) for a, s in _need(doc, "memory", "banks", path))
        self.reserved = tuple((int(a), int(s)) for a, s in mem.get("reserved", []))
        self.hv_base = int(_need(doc, "hypervisor", "base", path))
        self.hv_size = int(_need(doc, "hypervisor", "size", path))
        con = doc.get("console", {})
        self.uart_base = int(con.get("base", COM1[0]))
        self.uart_irq = int(con.get("irq", 4))
        self.ioapic = int(doc.get("ioapic", {}).get("base", 0xFEC0_0000))
        self.lapic = int(doc.get("lapic", {}).get("base", 0xFEE0_0000))


class BoardError(Exception):
    pass


def _need(doc, table, key, path):
    t = doc.get(table, {})
    if key not in t:
        raise BoardError(f"{path}: missing [{table}] {key}")
    return t[key]


def board_dir(name: str):
    """The board directory if `name` is an x86_64 board, else None."""
    for c in (name, os.path.join("boards", name),
              os.path.join(os.path.dirname(__file__), "..", "..", "..", "boards", name)):
        p = os.path.join(c, "board.toml")
        if os.path.isfile(p):
            diags: list = []
            doc, _ = parse_toml(p, diags)
            head = doc.get("board") if isinstance(doc, dict) else None
            if isinstance(head, dict) and head.get("arch") == "x86_64":
                return os.path.normpath(os.path.relpath(c))
            return None
    return None


def handles(args) -> bool:
    """True for `check`/`gen` against an x86_64 board (cli.main's hook)."""
    return getattr(args, "cmd", None) in ("check", "gen") and \
        not getattr(args, "syntax_only", False) and board_dir(getattr(args, "board", "")) is not None


def load_board(bdir: str) -> X86Board:
    path = os.path.join(bdir, "board.toml")
    diags: list = []
    doc, _ = parse_toml(path, diags)
    if doc is None:
        raise BoardError(diags[0].text())
    try:
        return X86Board(bdir, doc, path)
    except (TypeError, ValueError) as e:
        raise BoardError(f"{path}: malformed value: {e}") from None


# --------------------------------------------------------------- resolution
def _overlap(a, asz, b, bsz) -> bool:
    return a < b + bsz and b < a + asz


def _ports_of(path: str, diags: list) -> tuple:
    """devices.passthrough_ports as ((base, count, line), ...)."""
    doc, lines = parse_toml(path, [])
    raw = (doc or {}).get("devices", {}).get("passthrough_ports", [])
    out = []
    line = lines.get("devices.passthrough_ports", 0)
    for i, item in enumerate(raw if isinstance(raw, list) else [raw]):
        key = f"devices.passthrough_ports[{i}]"
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, int) for x in item)):
            diags.append(m.Diagnostic(m.ERROR, path, line, key,
                                      f"expected [base, count] integers, got {item!r}"))
            continue
        out.append((item[0], item[1], key))
    return tuple(out)


class Vm:
    """One VM as the x86 firmware runs it."""

    def __init__(self, cfg: m.VmConfig, pcpu: int, ports: tuple):
        self.cfg, self.pcpu, self.ports = cfg, pcpu, ports
        self.regions = []   # [gpa, hpa, size, flags, key, map_type]
        self.mmios = []     # (gpa, hpa, size, name)
        self.image = None   # (path, load gpa, data or None)


def _err(diags, cfg, key, msg, hint=""):
    diags.append(m.Diagnostic(m.ERROR, cfg.file, cfg.line(key), key, msg, hint))


def _warn(diags, cfg, key, msg, hint=""):
    diags.append(m.Diagnostic(m.WARNING, cfg.file, cfg.line(key), key, msg, hint))


def _pcpu(board, cfg, diags):
    """Board CPU index of the VM's one vCPU (APIC id or CPU-set bitmask)."""
    if cfg.cpu_num != 1:
        _err(diags, cfg, "base.cpu_num", f"cpu_num = {cfg.cpu_num}: the x86_64 hypervisor runs "
             "one vCPU per VM so far", "use cpu_num = 1")
        return None
    if cfg.phys_cpu_ids:
        apic = cfg.phys_cpu_ids[0]
        if apic not in board.apic_ids:
            _err(diags, cfg, "base.phys_cpu_ids", f"APIC id {apic:#x} is not a CPU of board "
                 f"{board.name}", "board CPUs (APIC ids): " + ", ".join(map(str, board.apic_ids)))
            return None
        return board.apic_ids.index(apic)
    if cfg.phys_cpu_sets:
        mask = cfg.phys_cpu_sets[0]
        idx = (mask & -mask).bit_length() - 1
        if idx < 0 or idx >= len(board.apic_ids):
            _err(diags, cfg, "base.phys_cpu_sets", f"CPU set {mask:#x} names no CPU of board "
                 f"{board.name} ({len(board.apic_ids)} CPUs)")
            return None
        return idx
    return 0


def _host_free(board, taken):
    """Free host RAM below 4 GiB, as (base, end) intervals."""
    busy = sorted([(board.hv_base, board.hv_base + board.hv_size)] +
                  [(a, a + s) for a, s in board.reserved] + taken)
    free = []
    for base, size in board.ram_banks:
        cur, end = base, min(base + size, FOUR_GIB)
        for b0, b1 in busy:
            if b1 <= cur or b0 >= end:
                continue
            if b0 > cur:
                free.append((cur, b0))
            cur = max(cur, b1)
        if cur < end:
            free.append((cur, end))
    return free


def _alloc(board, taken, size):
    for b0, b1 in _host_free(board, taken):
        a = -(-b0 // ALLOC_ALIGN) * ALLOC_ALIGN
        if a + size <= b1:
            return a
    return None


def _regions(board, vm, taken, limits, diags):
    cfg = vm.cfg
    ipa_top = 1 << limits["AXV_ARCH_IPA_BITS"]
    for i, r in enumerate(cfg.memory_regions):
        key = f"kernel.memory_regions[{i}]"
        if r.size <= 0 or r.gpa % m.PAGE or r.size % m.PAGE:
            _err(diags, cfg, key, f"region {r.gpa:#x}+{r.size:#x} is empty or not 4 KiB aligned")
            continue
        if r.gpa + r.size > ipa_top:
            _err(diags, cfg, key, f"region {r.gpa:#x}+{r.size:#x} ends above the guest-physical "
                 f"limit 2^{limits['AXV_ARCH_IPA_BITS']} (AXV_ARCH_IPA_BITS)")
            continue
        if r.flags & ~limits["AXV_MEM_FLAGS_SUPPORTED"] or not r.flags & m.MEM_READ:
            _err(diags, cfg, key, f"flags {r.flags:#x}: RAM must be readable and use only "
                 f"flags {limits['AXV_MEM_FLAGS_SUPPORTED']:#x}",
                 "nested page tables cannot map memory write- or execute-only")
            continue
        if any(_overlap(r.gpa, r.size, g, s) for g, _, s, _, _, _ in vm.regions):
            _err(diags, cfg, key, f"region {r.gpa:#x}+{r.size:#x} overlaps another region of this VM")
            continue
        if r.map_type == m.MAP_ALLOC:
            hpa = _alloc(board, taken, r.size)
            if hpa is None:
                _err(diags, cfg, key, f"no {r.size:#x} bytes of free RAM below 4 GiB left on "
                     f"board {board.name}")
                continue
        elif r.map_type == m.MAP_IDENTICAL:
            hpa = r.gpa
            if not _identity_ok(board, taken, cfg, key, r, diags):
                continue
        else:
            _err(diags, cfg, key, f"map_type {r.map_type} is not supported on x86_64",
                 "use 0 (allocate) or 1 (identity)")
            continue
        taken.append((hpa, hpa + r.size))
        vm.regions.append([r.gpa, hpa, r.size, r.flags, key, r.map_type])


def _identity_ok(board, taken, cfg, key, r, diags):
    inside = any(b <= r.gpa and r.gpa + r.size <= b + s for b, s in board.ram_banks)
    if not inside or r.gpa + r.size > FOUR_GIB:
        _err(diags, cfg, key, f"identity region {r.gpa:#x}+{r.size:#x} is not in the board's "
             "RAM below 4 GiB")
        return False
    for a, s, what in [(board.hv_base, board.hv_size, "the hypervisor")] + \
            [(a, s, "reserved memory") for a, s in board.reserved] + \
            [(a, b - a, "another VM's memory") for a, b in taken]:
        if _overlap(r.gpa, r.size, a, s):
            _err(diags, cfg, key, f"identity region {r.gpa:#x}+{r.size:#x} overlaps {what} "
                 f"({a:#x}+{s:#x})")
            return False
    return True


def _ports(vm, owners, diags):
    cfg = vm.cfg
    for base, count, key in vm.ports:
        if count <= 0 or base < 0 or base + count > 0x10000:
            _err(diags, cfg, key, f"ports {base:#x}+{count:#x} are not within 0x0..0xffff")
            continue
        hv = next((w for b, c, w in HV_PORTS if _overlap(base, count, b, c)), None)
        if hv:
            _err(diags, cfg, key, f"ports {base:#x}+{count:#x} include {hv}: not passable")
            continue
        other = next((n for b, c, n in owners if _overlap(base, count, b, c)), None)
        if other:
            _err(diags, cfg, key, f"ports {base:#x}+{count:#x} are already owned by VM '{other}'")
            continue
        owners.append((base, count, cfg.name))


def _mmio(board, vm, d, key, mmio_owners, taken, diags):
    """A passthrough MMIO window [name, gpa, hpa, length]: device memory of
    the board owned by this VM alone."""
    cfg = vm.cfg
    if None in (d.base_gpa, d.base_hpa, d.length) or d.length <= 0 or \
            (d.base_gpa | d.base_hpa | d.length) % m.PAGE:
        _err(diags, cfg, key, f"'{d.name}': x86_64 passthrough needs page-aligned "
             "[name, base_gpa, base_hpa, length]", "x86 has no device tree to look names up in")
        return
    hpa, size = d.base_hpa, d.length
    if any(_overlap(hpa, size, b, z) for b, z in board.ram_banks) or \
            _overlap(hpa, size, board.hv_base, board.hv_size):
        _err(diags, cfg, key, f"'{d.name}': {hpa:#x}+{size:#x} is RAM or the hypervisor, not a device")
        return
    for base, what in ((board.lapic, "the local APICs"), (board.ioapic, "the I/O APIC")):
        if _overlap(hpa, size, base, 0x1000):
            _err(diags, cfg, key, f"'{d.name}': {hpa:#x}+{size:#x} covers {what}, which the "
                 "hypervisor keeps (guests get emulated ones)")
            return
    other = next((n for b, z, n in mmio_owners if _overlap(hpa, size, b, z)), None)
    if other:
        _err(diags, cfg, key, f"'{d.name}': {hpa:#x}+{size:#x} is already passed to VM '{other}'")
        return
    if any(_overlap(d.base_gpa, size, g, z) for g, _, z, _, _, _ in vm.regions):
        _err(diags, cfg, key, f"'{d.name}': gpa {d.base_gpa:#x}+{size:#x} overlaps the VM's RAM")
        return
    mmio_owners.append((hpa, size, cfg.name))
    vm.mmios.append((d.base_gpa, hpa, size, d.name))


def _devices(board, vm, mmio_owners, diags):
    cfg = vm.cfg
    for i, d in enumerate(cfg.passthrough_devices):
        key = f"devices.passthrough_devices[{i}]"
        what = EMULATED_NAMES.get(d.name.strip().lower())
        if what:
            _warn(diags, cfg, key, f"'{d.name}': {what} is emulated per VM on x86_64, "
                  "not passed through (entry ignored)")
        else:
            _mmio(board, vm, d, key, mmio_owners, None, diags)
    for i, d in enumerate(cfg.emu_devices):
        key = f"devices.emu_devices[{i}]"
        if d.emu_type == m.EMU_CONSOLE and d.base_gpa == COM1[0]:
            _warn(diags, cfg, key, f"'{d.name}': every x86_64 VM has the emulated 16550 at "
                  "COM1 (entry ignored)")
        else:
            _err(diags, cfg, key, f"'{d.name}': emulated devices of type {d.emu_type:#x} are "
                 "not supported on x86_64 yet")


def _image(vm, images: str, diags):
    cfg = vm.cfg
    key = "kernel.kernel_path"
    if cfg.image_location != "memory":
        _err(diags, cfg, "kernel.image_location", 'image_location "fs" cannot be built: this '
             "hypervisor has no filesystem", 'use image_location = "memory"')
        return
    data = None
    try:
        with open(cfg.kernel_path, "rb") as f:
            data = f.read()
    except OSError as e:
        (_warn if images == "allow-missing" else _err)(
            diags, cfg, key, f"cannot read image file {cfg.kernel_path}: {e.strerror}")
    size = len(data) if data is not None else 1
    load = cfg.kernel_load_addr
    if not any(g <= load and load + size <= g + s for g, _, s, _, _, _ in vm.regions):
        _err(diags, cfg, "kernel.kernel_load_addr", f"kernel {load:#x}+{size:#x} is not inside "
             "one memory region of this VM")
    if not any(g <= cfg.entry_point < g + s and fl & m.MEM_EXEC for g, _, s, fl, _, _ in vm.regions):
        _err(diags, cfg, "kernel.entry_point", f"entry point {cfg.entry_point:#x} is not in "
             "executable memory of this VM")
    for kind in ("dtb", "ramdisk", "bios"):
        if getattr(cfg, f"{kind}_path"):
            _err(diags, cfg, f"kernel.{kind}_path", f"{kind} images are not supported on x86_64 yet")
    vm.image = (cfg.kernel_path, load, data)


def _counts(cfg, vm, limits, diags):
    for key, n, lim in (("kernel.memory_regions", len(cfg.memory_regions), "AXV_ARCH_MAX_VM_REGIONS"),
                        ("devices.passthrough_ports", len(vm.ports), "AXV_ARCH_MAX_VM_PORT_RANGES")):
        if n > limits[lim]:
            _err(diags, cfg, key, f"{n} entries, the x86_64 hypervisor holds at most "
                 f"{limits[lim]} ({lim})")


def resolve(board, cfgs, images: str, diags: list) -> list:
    limits = _contract()
    if len(cfgs) > limits["AXV_ARCH_MAX_VMS"]:
        _err(diags, cfgs[-1], "base.id", f"{len(cfgs)} VMs, the x86_64 hypervisor holds at most "
             f"{limits['AXV_ARCH_MAX_VMS']} (AXV_ARCH_MAX_VMS)")
    vms, taken, owners, used, mmio_owners = [], [], [], {}, []
    ids, names = set(), set()
    for cfg in sorted(cfgs, key=lambda c: c.id):
        if cfg.id in ids or cfg.name in names:
            _err(diags, cfg, "base.id", f"VM id {cfg.id} / name '{cfg.name}' used twice")
            continue
        ids.add(cfg.id)
        names.add(cfg.name)
        pcpu = _pcpu(board, cfg, diags)
        if pcpu is not None and pcpu in used:
            _err(diags, cfg, "base.phys_cpu_ids", f"CPU {pcpu} (APIC id {board.apic_ids[pcpu]}) "
                 f"already runs VM '{used[pcpu]}'", "each VM needs CPUs of its own")
            pcpu = None
        if pcpu is None:
            continue
        used[pcpu] = cfg.name
        vm = Vm(cfg, pcpu, _ports_of(cfg.file, diags))
        _counts(cfg, vm, limits, diags)
        _regions(board, vm, taken, limits, diags)
        _ports(vm, owners, diags)
        _devices(board, vm, mmio_owners, diags)
        _image(vm, images, diags)
        vms.append(vm)
    return vms


# ------------------------------------------------------------------- output
def _c_str(s: str) -> str:
    return '"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else f"\\{ord(c) & 0xff:03o}"
                         for c in s) + '"'


def _sha_rows(data: bytes) -> list:
    d = hashlib.sha256(data).digest()
    return [", ".join(f"{b:#04x}" for b in d[i:i + 8]) + "," for i in range(0, 32, 8)]


def emit_config_h(banner: str, board, vms) -> str:
    """Sizing constants of the neutral core (hv/vmconfig.h)."""
    mx = lambda f: max([f(vm) for vm in vms] + [1])
    lines = [f"/* {banner} */", "#ifndef AXVM_GENERATED_CONFIG_H", "#define AXVM_GENERATED_CONFIG_H", "",
             f"#define AXVM_BOARD_NAME {_c_str(board.name)}",
             f"#define AXVM_VM_NUM {len(vms)}",
             f"#define AXVM_CPU_NUM {len(board.apic_ids)}",
             "#define AXVM_MAX_VCPUS 1",
             f"#define AXVM_MAX_REGIONS {mx(lambda v: len(v.regions))}",
             "#define AXVM_MAX_EMU_DEVS 4",
             f"#define AXVM_MAX_MMIOS {mx(lambda v: len(v.mmios))}",
             "#define AXVM_MAX_IRQS 1",
             f"#define AXVM_HV_BASE {board.hv_base:#x}",
             f"#define AXVM_HV_SIZE {board.hv_size:#x}",
             "#define AXVM_HV_TEXT_OFFSET 0x0",
             f"#define AXVM_UART_BASE {board.uart_base:#x}",
             "", "#endif /* AXVM_GENERATED_CONFIG_H */", ""]
    return "\n".join(lines)


def _emit_vmcfg(board, vms) -> list:
    """The neutral tables (hv/vmconfig.h) with the x86 parts (arch/vmconfig.h)."""
    out = ["static const uint64_t board_cpu_hwids[] = {" +
           ", ".join(f"{a:#x}" for a in board.apic_ids) + "};",
           "static const struct vmcfg_ram_bank board_ram_banks[] = {"]
    out += [f"\t{{ .base = {b:#x}, .size = {z:#x} }}," for b, z in board.ram_banks]
    out += ["};", "", "const struct vmcfg_board vmcfg_board = {",
            f"\t.name = {_c_str(board.name)},", f"\t.cpu_num = {len(board.apic_ids)},",
            "\t.cpu_hwids = board_cpu_hwids,", f"\t.ram_bank_num = {len(board.ram_banks)},",
            "\t.ram_banks = board_ram_banks,", f"\t.hv_base = {board.hv_base:#x},",
            f"\t.hv_size = {board.hv_size:#x},", f"\t.uart_base = {board.uart_base:#x},",
            "\t.uart_kind = VMCFG_UART_NS16550,", f"\t.uart_irq = {board.uart_irq},",
            "\t.timer_freq = 0,",
            f"\t.arch = {{ .ioapic_base = {board.ioapic:#x}, .lapic_base = {board.lapic:#x} }},",
            "};", ""]
    for vm in vms:
        c, i = vm.cfg, vm.cfg.id
        data = vm.image[2] or b""
        out += [f"/* VM {i} {_c_str(c.name)} from {c.file} */",
                f"static const struct vmcfg_vcpu vm{i}_vcpus[] = {{ {{ .hwid = "
                f"{board.apic_ids[vm.pcpu]:#x}, .pcpu = {vm.pcpu} }} }};",
                f"static const struct vmcfg_mem_region vm{i}_regions[] = {{"]
        out += [f"\t{{ .ipa = {g:#x}, .pa = {h:#x}, .size = {z:#x}, .flags = {f:#x}, "
                f".map_type = {mt} }}," for g, h, z, f, _, mt in vm.regions]
        out += ["};", f"static const struct vmcfg_image vm{i}_images[] = {{ {{",
                f"\t.start = __axvm_vm{i}_kernel_start, .end = __axvm_vm{i}_kernel_end,",
                f"\t.size = {len(data):#x}, .load_ipa = {vm.image[1]:#x}, .kind = VMCFG_IMAGE_KERNEL,",
                "\t.sha256 = {"] + [f"\t\t{r}" for r in _sha_rows(data)] + ["\t},", "} };"]
        if vm.mmios:
            out += [f"static const struct vmcfg_mmio vm{i}_mmios[] = {{"]
            out += [f"\t{{ .ipa = {g:#x}, .pa = {h:#x}, .size = {z:#x} }}, /* {n.replace('*/', '')} */"
                    for g, h, z, n in vm.mmios]
            out += ["};"]
        if vm.ports:
            out += [f"static const struct vmcfg_port_range vm{i}_ports[] = {{"]
            out += [f"\t{{ .base = {b:#x}, .count = {n:#x} }}," for b, n, _ in vm.ports]
            out += ["};"]
        out.append("")
    out.append("const struct vmcfg_vm vmcfg_vms[] = {")
    for vm in vms:
        c, i = vm.cfg, vm.cfg.id
        out += ["\t{", f"\t\t.id = {i}, .name = {_c_str(c.name)}, .vm_type = {c.vm_type},",
                f"\t\t.entry_ipa = {c.entry_point:#x}, .dtb_ipa = 0x0, .irq_mode = VMCFG_IRQ_NONE,",
                f"\t\t.vcpu_num = 1, .vcpus = vm{i}_vcpus,",
                f"\t\t.region_num = {len(vm.regions)}, .regions = vm{i}_regions,",
                f"\t\t.image_num = 1, .images = vm{i}_images,",
                f"\t\t.mmio_num = {len(vm.mmios)}, .mmios = {f'vm{i}_mmios' if vm.mmios else '0'},",
                "\t\t.irq_num = 0, .emu_num = 0,",
                f"\t\t.arch = {{ .port_num = {len(vm.ports)}, .ports = "
                f"{f'vm{i}_ports' if vm.ports else '0'} }},", "\t},"]
    out += ["};", f"const uint32_t vmcfg_vm_num = {len(vms)};", ""]
    return out


def emit_config_c(banner: str, board, vms) -> str:
    out = [f"/* {banner} */", "#include <hv/vmconfig.h>", '#include "config.h"', ""]
    for vm in vms:
        out.append(f"extern const uint8_t __axvm_vm{vm.cfg.id}_kernel_start[], "
                   f"__axvm_vm{vm.cfg.id}_kernel_end[];")
    out.append("")
    out += _emit_vmcfg(board, vms)
    return "\n".join(out)


def emit_guests_s(banner: str, vms) -> str:
    out = [f"/* {banner} */"]
    for vm in vms:
        i = vm.cfg.id
        out += [f'\t.section .rodata.axvm.vm{i}.kernel, "a"', "\t.balign 4096",
                f"\t.global __axvm_vm{i}_kernel_start, __axvm_vm{i}_kernel_end",
                f"__axvm_vm{i}_kernel_start:", f"\t.incbin {_c_str(vm.image[0])}",
                f"__axvm_vm{i}_kernel_end:"]
    out.append('\t.section .note.GNU-stack, "", @progbits')
    return "\n".join(out) + "\n"


def emit_depfile(target: str, prereqs: list) -> str:
    esc = lambda p: p.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")
    seen = list(dict.fromkeys(prereqs))
    return f"{esc(target)}: " + " ".join(esc(p) for p in seen) + "\n" + \
        "".join(f"{esc(p)}:\n" for p in seen)


# ------------------------------------------------------------------ commands
def analyse(args) -> tuple:
    """(board, resolved VMs, diagnostics) of `args.vms` on x86 board `args.board`
    (check of one VM set; cli.cmd_check calls it for x86 set files too)."""
    from .cli import _errors, load_all
    diags: list = []
    cfgs = load_all(args.vms, diags)
    # passthrough_ports is read here (AxVisor 2026 key the generic loader
    # does not know yet): drop the loader's "unknown key" warning for it.
    diags = [d for d in diags if not d.key.startswith("devices.passthrough_ports")]
    bdir = board_dir(args.board)
    try:
        board = load_board(bdir)
    except BoardError as e:
        diags.append(m.Diagnostic(m.ERROR, os.path.join(bdir, "board.toml"), 0, "", str(e)))
        board = None
    images = "allow-missing" if getattr(args, "allow_missing_images", False) else "require"
    vms = resolve(board, cfgs, images, diags) if board and not _errors(diags) else []
    return board, vms, diags


def run(args) -> int:
    """check / gen for an x86_64 board; returns the CLI exit code."""
    from .cli import EXIT_INVALID, EXIT_OK, Reporter, _errors, _strict
    from .generate import write_files
    from .emit_common import banner as make_banner
    board, vms, diags = analyse(args)
    diags = _strict(diags, args.strict)
    rep = Reporter(args.format)
    if args.cmd == "check" or _errors(diags):
        rep.emit(diags)
        return EXIT_INVALID if _errors(diags) else EXIT_OK
    outdir = os.path.normpath(args.output or os.path.join("generated", board.name))
    inputs = [os.path.normpath(p) for p in args.vms] + [board.dir]
    ban = make_banner(inputs)
    prereqs = [os.path.normpath(p) for p in args.vms] + [board.path] + [vm.image[0] for vm in vms]
    files = {"config.c": emit_config_c(ban, board, vms).encode(),
             "config.h": emit_config_h(ban, board, vms).encode(),
             "guests.S": emit_guests_s(ban, vms).encode(),
             "axvm.d": emit_depfile(os.path.join(outdir, "config.c"), prereqs).encode()}
    written = write_files(outdir, files)
    if diags:
        rep.emit(diags)
    if not args.quiet:
        print(f"axvmconfig: {outdir}: {len(written)} of {len(files)} files updated (x86_64)",
              file=__import__("sys").stderr)
    return EXIT_OK

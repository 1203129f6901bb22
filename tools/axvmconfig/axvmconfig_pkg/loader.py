"""AxVisor VM TOML -> VmConfig, with diagnostics for every malformed value."""
from __future__ import annotations

import dataclasses
import difflib
import os
import re

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

from . import model as m
from .tomllines import key_lines

U64 = (1 << 64) - 1

# Record layouts: (field, type, required). Items may be positional or inline tables.
RECORDS = {
    "memory_regions": (("gpa", "int", True), ("size", "int", True),
                       ("flags", "int", True), ("map_type", "int", True)),
    "passthrough_devices": (("name", "str", True), ("base_gpa", "int", False),
                            ("base_hpa", "int", False), ("length", "int", False),
                            ("irq_id", "int", False)),
    "emu_devices": (("name", "str", True), ("base_gpa", "int", True),
                    ("length", "int", True), ("irq_id", "int", True),
                    ("emu_type", "int", True), ("cfg_list", "intlist", False)),
    "excluded_devices": (("name", "str", True),),
    "passthrough_addresses": (("base_gpa", "int", True), ("length", "int", True)),
    "passthrough_ports": (("base_port", "int", True), ("length", "int", True)),
}

# table -> key -> (type, required, description)
SCHEMA = {
    "base": {
        "id": ("int", True, "VM id, unique"),
        "name": ("str", True, "VM name, unique"),
        "vm_type": ("int", True, "0 host VM, 1 RTOS, 2 Linux"),
        "cpu_num": ("int", True, "number of vCPUs"),
        "phys_cpu_ids": ("intlist", False, "physical MPIDR affinity of each vCPU's CPU"),
        "phys_cpu_sets": ("intlist", False, "bitmask of physical CPU indices per vCPU"),
    },
    "kernel": {
        "entry_point": ("int", False, "guest physical entry address (default: kernel_load_addr)"),
        "kernel_path": ("str", True, "kernel image file"),
        "kernel_load_addr": ("int", False, "guest physical load address of the kernel "
                             "(default: first memory region + 2 MiB)"),
        "image_location": ("str", False, '"memory" (bound into the firmware) or "fs"'),
        "dtb_path": ("str", False, "device tree blob used as-is instead of a generated one"),
        "dtb_load_addr": ("int", False, "guest physical address of the DTB (x0 at entry)"),
        "ramdisk_path": ("str", False, "initial ramdisk"),
        "ramdisk_load_addr": ("int", False, "guest physical address of the ramdisk"),
        "bios_path": ("str", False, "firmware/BIOS image"),
        "bios_load_addr": ("int", False, "guest physical address of the BIOS"),
        "cmdline": ("str", False, "kernel command line (chosen/bootargs)"),
        "disk_path": ("str", False, "disk image (unused here)"),
        "enable_bios": ("bool", False, "AxVisor x86: load bios_path and boot through it "
                        "(only false is supported)"),
        "boot_protocol": ("str", False, 'AxVisor x86: "multiboot" or "uefi" (not supported)'),
        "uefi_firmware_path": ("str", False, "AxVisor x86: UEFI firmware image (not supported)"),
        "memory_regions": ("records", False, "[gpa, size, flags, map_type]"),
    },
    "devices": {
        "passthrough_devices": ("records", False, "[name, base_gpa, base_hpa, length, irq_id]"),
        "emu_devices": ("records", False, "[name, base_gpa, length, irq_id, emu_type, cfg_list]"),
        "interrupt_mode": ("str", False, '"no_irq"|"no"|"none", "emu"|"emulated", "passthrough"|"pt"'),
        "excluded_devices": ("records", False, "[[device tree path]]"),
        "passthrough_addresses": ("records", False, "[base_gpa, length]"),
        "passthrough_ports": ("records", False, "AxVisor x86: [base_port, length] I/O ports "
                              "(not supported)"),
        "address_space_policy": ("str", False, "AxVisor: guest address-space policy (not supported)"),
    },
}

TYPE_WORDS = {"int": "an integer", "str": "a string", "bool": "a boolean", "intlist": "an array of integers",
              "records": "an array", "table": "a table"}


def describe(v) -> str:
    """How a TOML value is named in messages: its type and a short rendering."""
    if isinstance(v, bool):
        return f"a boolean ({str(v).lower()})"
    if isinstance(v, int):
        return f"an integer ({v:#x})"
    if isinstance(v, float):
        return f"a float ({v})"
    if isinstance(v, str):
        s = v if len(v) <= 40 else v[:37] + "..."
        return f'a string ("{s}")'
    if isinstance(v, list):
        return f"an array of {len(v)} items"
    if isinstance(v, dict):
        return "a table"
    return f"a {type(v).__name__}"


class _Ctx:
    def __init__(self, file: str, lines: dict, diags: list):
        self.file, self.lines, self.diags = file, lines, diags
        self.failed, self.required_failed = set(), False

    def line(self, key: str) -> int:
        k = key
        while k:
            if k in self.lines:
                return self.lines[k]
            cut = max(k.rfind("["), k.rfind("."))
            k = k[:cut] if cut > 0 else ""
        return 0

    def err(self, key, msg, hint=""):
        self.diags.append(m.Diagnostic(m.ERROR, self.file, self.line(key), key, msg, hint))

    def warn(self, key, msg, hint=""):
        self.diags.append(m.Diagnostic(m.WARNING, self.file, self.line(key), key, msg, hint))


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_int(ctx, key, v):
    if isinstance(v, bool) or not isinstance(v, int):
        ctx.err(key, f"expected an integer, got {describe(v)}")
        return None
    if v < 0 or v > U64:
        ctx.err(key, f"{v} is out of range (0 .. 0xffff_ffff_ffff_ffff)")
        return None
    return v


def _check_str(ctx, key, v):
    if not isinstance(v, str):
        ctx.err(key, f"expected a string, got {describe(v)}")
        return None
    return v


def _check_intlist(ctx, key, v):
    if not isinstance(v, list):
        ctx.err(key, f"expected an array of integers, got {describe(v)}")
        return None
    out = [_check_int(ctx, f"{key}[{i}]", x) for i, x in enumerate(v)]
    return None if any(x is None for x in out) else tuple(out)


def _check_bool(ctx, key, v):
    if not isinstance(v, bool):
        ctx.err(key, f"expected a boolean, got {describe(v)}")
        return None
    return v


CHECKERS = {"int": _check_int, "str": _check_str, "intlist": _check_intlist, "bool": _check_bool}


def _record(ctx, key, layout, item):
    """One array item, positional or inline table -> dict of field values."""
    names = [f for f, _, _ in layout]
    need = sum(1 for _, _, r in layout if r)
    form = "[" + ", ".join(names) + "]"
    if isinstance(item, str) and len(layout) == 1:
        item = [item]
    if isinstance(item, dict):
        for k in item:
            if k not in names:
                ctx.warn(f"{key}.{k}", f"unknown field '{k}' (ignored){_suggest(k, names)}",
                         f"fields: {form}")
        vals = {f: item.get(f) for f in names}
        sub = {f: f"{key}.{f}" for f in names}
        for f, _, req in layout:
            if req and f not in item:
                ctx.err(key, f"missing field '{f}'", f"fields: {form}")
                return None
    elif isinstance(item, list):
        if len(item) < need:
            ctx.err(key, f"expected {need} items {form}, got {len(item)}")
            return None
        if len(item) > len(layout):
            ctx.err(key, f"expected at most {len(layout)} items {form}, got {len(item)}")
            return None
        vals = {f: (item[i] if i < len(item) else None) for i, f in enumerate(names)}
        sub = {f: f"{key}[{i}]" for i, f in enumerate(names)}
    else:
        ctx.err(key, f"expected an array {form} or an inline table, got {describe(item)}")
        return None
    out, ok = {}, True
    for f, typ, _ in layout:
        if vals[f] is None:
            out[f] = None
            continue
        out[f] = CHECKERS[typ](ctx, sub[f], vals[f])
        ok = ok and out[f] is not None
    return out if ok else None


def _records(ctx, key, name, v):
    if not isinstance(v, list):
        ctx.err(key, f"expected an array, got {describe(v)}")
        return None
    if name == "excluded_devices":
        return _excluded(ctx, key, v)
    layout = RECORDS[name]
    out = [_record(ctx, f"{key}[{i}]", layout, item) for i, item in enumerate(v)]
    return None if any(x is None for x in out) else out


def _excluded(ctx, key, v):
    """excluded_devices items: "path", ["path"], or (AxVisor's newest format) ["p1", "p2", ...]."""
    out = []
    for i, item in enumerate(v):
        if isinstance(item, dict):
            r = _record(ctx, f"{key}[{i}]", RECORDS["excluded_devices"], item)
            if r is None:
                return None
            out.append(r)
            continue
        names = [item] if isinstance(item, str) else item
        if not isinstance(names, list) or not names:
            ctx.err(f"{key}[{i}]", f"expected a device path or an array of paths, got {describe(item)}")
            return None
        for j, n in enumerate(names):
            if not isinstance(n, str):
                ctx.err(f"{key}[{i}][{j}]", f"expected a string, got {describe(n)}")
                return None
            out.append({"name": n})
    return out


def _table(ctx, doc, table):
    raw = doc.get(table)
    if raw is None:
        ctx.err(table, f"missing required table [{table}]")
        return None
    if not isinstance(raw, dict):
        ctx.err(table, f"expected a table, got {describe(raw)}")
        return None
    spec = SCHEMA[table]
    for k in raw:
        if k not in spec:
            ctx.warn(f"{table}.{k}", f"unknown key '{k}' (ignored){_suggest(k, spec)}")
    out = {}
    for k, (typ, req, _) in spec.items():
        key = f"{table}.{k}"
        if k not in raw:
            if req:
                ctx.err(key, "missing required key", f"add `{k} = ...` to [{table}]")
                ctx.required_failed = True
            out[k] = None
            continue
        n0 = len(ctx.diags)
        out[k] = _records(ctx, key, k, raw[k]) if typ == "records" else CHECKERS[typ](ctx, key, raw[k])
        if any(d.severity == m.ERROR for d in ctx.diags[n0:]):
            out[k] = None  # read as absent by a salvaged config (load_vm(salvage=True))
            ctx.failed.add(key)
            ctx.required_failed |= req
    return out


def resolve_path(p: str, toml_dir: str) -> str:
    """A config path, relative to the TOML's directory, as a cwd-relative path
    (absolute only when no relative path exists, e.g. another drive)."""
    full = os.path.abspath(os.path.join(toml_dir, p))
    try:
        return os.path.normpath(os.path.relpath(full))
    except ValueError:
        return full


_LINE_RE = re.compile(r"at line (\d+)")


def parse_toml(path: str, diags: list):
    """Read and parse; on failure append a diagnostic and return (None, {})."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        diags.append(m.Diagnostic(m.ERROR, path, 0, "", f"cannot read file: {e.strerror}"))
        return None, {}
    try:
        text = data.decode("utf-8")
        doc = tomllib.loads(text)
    except UnicodeDecodeError:
        diags.append(m.Diagnostic(m.ERROR, path, 0, "", "not UTF-8 text"))
        return None, {}
    except tomllib.TOMLDecodeError as e:
        mo = _LINE_RE.search(str(e))
        # "(at end of document)": the error is on the last line, not "line 0".
        line = int(mo.group(1)) if mo else max(text.count("\n") + (not text.endswith("\n")), 1)
        diags.append(m.Diagnostic(m.ERROR, path, line, "", f"TOML syntax error: {e}"))
        return None, {}
    except RecursionError:
        diags.append(m.Diagnostic(m.ERROR, path, 0, "", "TOML nesting too deep"))
        return None, {}
    return doc, key_lines(text)


def load_vm(path: str, diags: list, salvage: bool = False):
    """Load one VM config. Returns a VmConfig, or None if it has errors. With `salvage`,
    a config whose only errors are values of optional keys is still returned, those keys
    read as absent and listed in `failed_keys`, so the rules can report its other problems."""
    n0 = sum(1 for d in diags if d.severity == m.ERROR)
    doc, lines = parse_toml(path, diags)
    if doc is None:
        return None
    ctx = _Ctx(path, lines, diags)
    for k in doc:
        if k not in SCHEMA:
            ctx.warn(k, f"unknown key '{k}' (ignored){_suggest(k, SCHEMA)}",
                     "a VM config has the tables [base], [kernel], [devices]")
    base, kern, dev = (_table(ctx, doc, t) for t in ("base", "kernel", "devices"))
    if None in (base, kern, dev):
        return None
    if sum(1 for d in diags if d.severity == m.ERROR) > n0:
        if not salvage or ctx.required_failed or not ctx.failed:
            return None
        n1 = len(diags)
        cfg = _build(ctx, path, lines, base, kern, dev)
        if cfg is None or len(diags) > n1:
            return None
        return dataclasses.replace(cfg, failed_keys=tuple(sorted(ctx.failed)))
    return _build(ctx, path, lines, base, kern, dev)


def _build(ctx, path, lines, base, kern, dev):
    loc = kern["image_location"] or "memory"
    if loc not in ("memory", "fs"):
        ctx.err("kernel.image_location", f'unknown image_location "{loc}"',
                'use "memory" (bound into the firmware) or "fs"')
        return None
    mode_s = dev["interrupt_mode"]
    if mode_s is not None and mode_s not in m.IRQ_MODES:
        ctx.err("devices.interrupt_mode", f'unknown interrupt_mode "{mode_s}"{_suggest(mode_s, m.IRQ_MODES)}',
                "one of: " + ", ".join(m.IRQ_MODES))
        return None
    tdir = os.path.dirname(path) or "."

    def img(p):
        if p is None:
            return None
        return resolve_path(p, tdir) if loc == "memory" else p

    regions = tuple(m.MemRegion(**r) for r in (kern["memory_regions"] or ()))
    load = kern["kernel_load_addr"]
    if load is None:
        load = regions[0].gpa + m.BLOCK_2M if regions else 0
    entry = kern["entry_point"] if kern["entry_point"] is not None else load
    recs = lambda k: tuple(dev[k] or ()) if k in dev else tuple(kern[k] or ())
    return m.VmConfig(
        file=path, lines=lines,
        id=base["id"], name=base["name"], vm_type=base["vm_type"], cpu_num=base["cpu_num"],
        phys_cpu_ids=base["phys_cpu_ids"], phys_cpu_sets=base["phys_cpu_sets"],
        entry_point=entry, image_location=loc,
        kernel_path=img(kern["kernel_path"]), kernel_load_addr=load,
        dtb_path=img(kern["dtb_path"]), dtb_load_addr=kern["dtb_load_addr"],
        ramdisk_path=img(kern["ramdisk_path"]), ramdisk_load_addr=kern["ramdisk_load_addr"],
        bios_path=img(kern["bios_path"]), bios_load_addr=kern["bios_load_addr"],
        cmdline=kern["cmdline"], disk_path=kern["disk_path"],
        memory_regions=regions,
        passthrough_devices=tuple(m.PassthroughDev(**r) for r in recs("passthrough_devices")),
        emu_devices=tuple(m.EmuDev(**{**r, "cfg_list": tuple(r["cfg_list"] or ())})
                          for r in recs("emu_devices")),
        interrupt_mode=m.IRQ_MODES[mode_s] if mode_s is not None else m.IRQ_EMULATED,
        interrupt_mode_given=mode_s is not None,
        excluded_devices=tuple(r["name"] for r in recs("excluded_devices")),
        passthrough_addresses=tuple(m.PassthroughAddr(**r) for r in recs("passthrough_addresses")),
        passthrough_ports=tuple((r["base_port"], r["length"]) for r in recs("passthrough_ports")),
        enable_bios=kern["enable_bios"], boot_protocol=kern["boot_protocol"],
        uefi_firmware_path=kern["uefi_firmware_path"],
        address_space_policy=dev["address_space_policy"],
    )

"""Device trees: compile DTS with dtc, read DTBs with libfdt, print DTS."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile

from . import model as m


class DtError(Exception):
    pass


def dtc(src: bytes, in_fmt: str, out_fmt: str) -> bytes:
    """Run dtc on bytes; raises DtError with dtc's message on failure."""
    exe = shutil.which("dtc")
    if not exe:
        raise DtError("dtc not found (Debian package device-tree-compiler)")
    with tempfile.TemporaryDirectory(prefix="axvmconfig-") as tmp:
        out = os.path.join(tmp, "out")
        try:
            p = subprocess.run([exe, "-q", "-I", in_fmt, "-O", out_fmt, "-o", out, "-"],
                               input=src, capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise DtError(f"cannot run dtc: {e}") from None
        if p.returncode != 0:
            msg = p.stderr.decode("utf-8", "replace").strip().replace("<stdin>", "dts")
            raise DtError(f"dtc failed: {msg}")
        with open(out, "rb") as f:
            return f.read()


def cells(raw: bytes) -> list:
    n = len(raw) // 4
    return list(struct.unpack(f">{n}I", raw[:n * 4]))


def _num(cs: list) -> int:
    v = 0
    for c in cs:
        v = (v << 32) | c
    return v


def _u32(props: dict, name: str, default: int) -> int:
    raw = props.get(name)
    return cells(raw)[0] if raw and len(raw) >= 4 else default


class _Raw:
    """Intermediate node while the tree is read (before addresses are translated)."""

    def __init__(self, path, name, props, parent):
        self.path, self.name, self.props, self.parent = path, name, props, parent
        self.kids = []


def _read(fdt, libfdt) -> _Raw:
    def props_of(off):
        out = {}
        p = fdt.first_property_offset(off, libfdt.QUIET_NOTFOUND)
        while p >= 0:
            pr = fdt.get_property_by_offset(p)
            out[pr.name] = bytes(pr)
            p = fdt.next_property_offset(p, libfdt.QUIET_NOTFOUND)
        return out

    def walk(off, path, name, parent):
        node = _Raw(path, name, props_of(off), parent)
        sub = fdt.first_subnode(off, libfdt.QUIET_NOTFOUND)
        while sub >= 0:
            cname = fdt.get_name(sub)
            node.kids.append(walk(sub, (path.rstrip("/") + "/" + cname), cname, node))
            sub = fdt.next_subnode(sub, libfdt.QUIET_NOTFOUND)
        return node

    return walk(0, "/", "", None)


def _translate(node: _Raw, addr: int):
    """Child bus address -> CPU address through the parents' `ranges`."""
    bus = node.parent
    while bus is not None and bus.parent is not None:
        if "ranges" not in bus.props:
            return None
        raw = bus.props["ranges"]
        if raw:
            ca = _u32(bus.props, "#address-cells", 2)
            pa = _u32(bus.parent.props, "#address-cells", 2)
            sz = _u32(bus.props, "#size-cells", 1)
            cs, step, hit = cells(raw), ca + pa + sz, None
            if not ca or not pa or ca > 4 or pa > 4 or sz > 4:
                return None  # no address to translate (e.g. #address-cells = 0): not MMIO
            for i in range(0, len(cs) - step + 1, step):
                c0, p0, ln = _num(cs[i:i + ca]), _num(cs[i + ca:i + ca + pa]), _num(cs[i + ca + pa:i + step])
                if ca == 3:  # PCI: drop the space code cell
                    c0 = _num(cs[i + 1:i + ca])
                if c0 <= addr < c0 + ln:
                    hit = addr - c0 + p0
                    break
            if hit is None:
                return None
            addr = hit
        bus = bus.parent
    return addr


def _regs(node: _Raw) -> tuple:
    if node.parent is None or "reg" not in node.props:
        return ()
    ac = _u32(node.parent.props, "#address-cells", 2)
    sc = _u32(node.parent.props, "#size-cells", 1)
    if sc == 0 or ac == 0 or ac > 2:
        return ()
    cs, step, out = cells(node.props["reg"]), ac + sc, []
    for i in range(0, len(cs) - step + 1, step):
        a = _translate(node, _num(cs[i:i + ac]))
        if a is not None:
            out.append((a, _num(cs[i + ac:i + step])))
    return tuple(out)


def _bus_windows(node: _Raw) -> tuple:
    """A PCI host bridge's `ranges` (3 child cells, parent cells, size cells) as CPU
    windows: the BARs of the devices behind it are mapped there."""
    if node.parent is None or "ranges" not in node.props or \
            node.props.get("device_type", b"").split(b"\0")[0] != b"pci":
        return ()
    pa = _u32(node.parent.props, "#address-cells", 2)
    sz = _u32(node.props, "#size-cells", 2)
    if not 1 <= pa <= 2 or not 1 <= sz <= 2:
        return ()
    cs, step, out = cells(node.props["ranges"]), 3 + pa + sz, []
    for i in range(0, len(cs) - step + 1, step):
        a = _translate(node, _num(cs[i + 3:i + 3 + pa]))
        size = _num(cs[i + 3 + pa:i + step])
        if a is not None and size:  # I/O space too: on Arm it is an MMIO window
            out.append((a, size))
    return tuple(out)


def _irq_parent(node: _Raw, by_phandle: dict):
    n = node
    while n is not None:
        if "interrupt-parent" in n.props:
            return by_phandle.get(_u32(n.props, "interrupt-parent", 0))
        n = n.parent
    return None


def _is_gic(n) -> bool:
    return n is not None and "interrupt-controller" in n.props and any(
        b"gic" in c for c in n.props.get("compatible", b"").split(b"\0"))


def _irqs(node: _Raw, by_phandle: dict) -> tuple:
    raw = node.props.get("interrupts")
    parent = _irq_parent(node, by_phandle)
    if not raw or not _is_gic(parent) or _u32(parent.props, "#interrupt-cells", 3) < 3:
        return ()
    n = _u32(parent.props, "#interrupt-cells", 3)
    cs, out = cells(raw), []
    for i in range(0, len(cs) - n + 1, n):
        kind, num = cs[i], cs[i + 1]
        out.append(32 + num if kind == 0 else 16 + num if kind == 1 else 0)
    return tuple(x for x in out if x)


def check_blob(blob: bytes) -> None:
    """Raise DtError unless libfdt's full structural check (fdt_check_full) accepts the blob.
    Walking an unchecked blob with libfdt can read out of bounds (a crash, not an error)."""
    try:
        import libfdt
    except ImportError:
        raise DtError("python3-libfdt is not installed") from None
    if len(blob) < 40:
        raise DtError(f"invalid device tree blob: {len(blob)} bytes, shorter than a header")
    buf = bytearray(blob)
    rc = libfdt.fdt_check_full(buf, len(buf))
    if rc != 0:
        raise DtError(f"invalid device tree blob: {libfdt.fdt_strerror(rc)}")


def parse_dtb(blob: bytes) -> m.DtNode:
    """DTB bytes -> DtNode tree. Raises DtError if libfdt rejects the blob."""
    import libfdt
    check_blob(blob)
    try:
        root = _read(libfdt.Fdt(blob), libfdt)
    except Exception as e:  # libfdt raises FdtException or others on garbage
        raise DtError(f"invalid device tree blob: {e}") from None
    by_phandle, stack = {}, [root]
    while stack:
        n = stack.pop()
        ph = _u32(n.props, "phandle", 0) or _u32(n.props, "linux,phandle", 0)
        if ph:
            by_phandle[ph] = n
        stack.extend(n.kids)

    def freeze(n: _Raw) -> m.DtNode:
        return m.DtNode(path=n.path, name=n.name, props=dict(n.props),
                        children=tuple(freeze(k) for k in n.kids), regs=_regs(n),
                        irqs=_irqs(n, by_phandle),
                        phandle=_u32(n.props, "phandle", 0), bus_windows=_bus_windows(n))
    return freeze(root)


# --- DTS text ------------------------------------------------------------------
_STRING_PROPS = {"compatible", "status", "device_type", "model", "label", "stdout-path",
                 "bootargs", "method", "enable-method", "clock-output-names"}


def _looks_like_strings(raw: bytes) -> bool:
    if not raw or raw[-1] != 0 or raw[0] == 0 or b"\0\0" in raw:
        return False
    return all(32 <= b < 127 or b == 0 for b in raw)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def prop_value(name: str, raw: bytes) -> str:
    """DTS right-hand side for a raw property value ('' for an empty property)."""
    if not raw:
        return ""
    if name in _STRING_PROPS or name.endswith("-names") or _looks_like_strings(raw):
        if _looks_like_strings(raw):
            return ", ".join(_quote(s.decode()) for s in raw[:-1].split(b"\0"))
    if len(raw) % 4 == 0:
        return "<" + " ".join(f"{c:#x}" for c in cells(raw)) + ">"
    return "[" + " ".join(f"{b:02x}" for b in raw) + "]"

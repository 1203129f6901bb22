"""Where each guest image goes: given load addresses, or defaults placed in
free guest RAM the way the boot protocol wants them. `check` and `gen` both
use this, so a default `check` accepted is the one `gen` writes.

Defaults (Linux arm64 boot protocol, Documentation/arch/arm64/booting.rst):
the kernel at its region + 2 MiB (loader.py); a ramdisk after the kernel's
footprint, 2 MiB aligned when room allows; the DTB in the lowest free
2 MiB-aligned spot of the kernel's region (else the lowest free 4 KiB one),
never inside the kernel's footprint, a ramdisk or a BIOS.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import model as m

GEN_DTB_SIZE = 0x1_0000  # room reserved for a generated DTB (gen re-checks the real size)


@dataclass(frozen=True)
class Placed:
    kind: str       # kernel | dtb | ramdisk | bios
    key: str        # the *_load_addr key (for diagnostics)
    load: int       # None when no default fits
    size: int       # bytes occupied (kernel: footprint); None if unknown
    given: bool     # the config states the address


def _ram(rv):
    return sorted((ipa, size) for ipa, _, size, flags, _, _ in rv.regions
                  if size and not flags & m.MEM_DEVICE)


def _free_spot(ranges, taken, size, align):
    """Lowest `align`-aligned address in `ranges` where [a, a+size) misses `taken`."""
    for base, rsize in ranges:
        a = (base + align - 1) & ~(align - 1)
        while a + size <= base + rsize:
            hit = [e for s, e in taken if a < e and s < a + size]
            if not hit:
                return a
            a = (max(hit) + align - 1) & ~(align - 1)
    return None


def _region_first(rv, addr):
    """RAM ranges with the one holding `addr` first."""
    ram = _ram(rv)
    return sorted(ram, key=lambda r: not (r[0] <= addr < r[0] + r[1]))


def place(rv, sizes: dict, kernel_size, gen_dtb_size: int = GEN_DTB_SIZE) -> list:
    """[Placed] for kernel, dtb, ramdisk, bios of one VM. `sizes`: path -> bytes
    (missing files absent); `kernel_size`: the kernel's footprint or None.
    Given addresses are taken first; defaults then go around all of them."""
    c = rv.cfg
    items = {"kernel": Placed("kernel", "kernel.kernel_load_addr", c.kernel_load_addr,
                              kernel_size, True)}
    dsize = sizes.get(c.dtb_path) if c.dtb_path else max(gen_dtb_size, GEN_DTB_SIZE)
    want = []
    for kind in ("ramdisk", "bios"):
        path = getattr(c, f"{kind}_path")
        if path:
            want.append((kind, getattr(c, f"{kind}_load_addr"), sizes.get(path)))
    want.append(("dtb", c.dtb_load_addr, dsize))  # last: a default DTB goes around a default ramdisk
    taken = [(c.kernel_load_addr, c.kernel_load_addr + (kernel_size or m.PAGE))]
    for kind, addr, size in want:
        if addr is not None:
            items[kind] = Placed(kind, f"kernel.{kind}_load_addr", addr, size, True)
            taken.append((addr, addr + (size or m.PAGE)))
    kend = taken[0][1]
    for kind, addr, size in want:
        if addr is not None or kind == "bios" or size is None:
            if addr is None:
                items[kind] = Placed(kind, f"kernel.{kind}_load_addr", None, size, False)
            continue
        if kind == "ramdisk":  # after the kernel's footprint, as bootloaders do
            ranges = [(max(b, kend), b + s - max(b, kend)) for b, s in _region_first(rv, kend - 1)
                      if b + s > kend]
        else:
            ranges = _region_first(rv, c.kernel_load_addr)
        addr = _free_spot(ranges, taken, size, m.BLOCK_2M)
        if addr is None:
            addr = _free_spot(ranges, taken, size, m.PAGE)
        items[kind] = Placed(kind, f"kernel.{kind}_load_addr", addr, size, False)
        if addr is not None:
            taken.append((addr, addr + size))
    return [items[k] for k in ("kernel", "dtb", "ramdisk", "bios") if k in items]

"""`new`: a commented VM config from command-line arguments, for a given board.

Addresses left out are chosen the way Linux's arm64 boot protocol wants them
(Documentation/arch/arm64/booting.rst): the kernel 2 MiB aligned at
mem_base + 2 MiB, the DTB (8-byte aligned, at most 2 MiB) in the 2 MiB
below it, the initramfs after the kernel's whole footprint (image_size from
the Image header when the file is readable).
"""
from __future__ import annotations

import json
import os

from .emit_common import render
from .show import image_footprint

MIB2 = 0x20_0000
DEFAULT_MEM_SIZE = 0x1000_0000


def _u(v: int) -> str:
    """0x8000_0000-style hex, as AxVisor configs are written."""
    h = f"{v:x}"
    groups = []
    while h:
        groups.insert(0, h[-4:])
        h = h[:-4]
    return "0x" + "_".join(groups or ["0"])


def toml_str(s: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except DEL, which TOML wants escaped."""
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _align_up(v: int, a: int = MIB2) -> int:
    return (v + a - 1) // a * a


def free_ram(board, size: int) -> int:
    """The lowest 2 MiB-aligned RAM address where `size` bytes miss the hypervisor and reserved ranges."""
    taken = [(board.hv_base, board.hv_size)] + list(board.reserved)
    cands = sorted({_align_up(a) for a, _ in board.ram_banks} | {_align_up(a + s) for a, s in taken})
    for c in cands:
        inside = any(b <= c and c + size <= b + s for b, s in board.ram_banks)
        if inside and not any(c < a + s and a < c + size for a, s in taken):
            return c
    return _align_up(board.ram_banks[0][0]) if board.ram_banks else 0


def rel_to(path: str, output) -> str:
    """`path` as typed (cwd-relative) rewritten relative to the output file, as configs want it."""
    if not path or os.path.isabs(path) or output in (None, "-"):
        return path
    return os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(output)))


def _ramdisk_addr(args, load: int) -> int:
    """After the kernel's footprint (2 MiB aligned); without a readable kernel, the region's middle."""
    _, foot = image_footprint(args.kernel)
    if foot is not None:
        return _align_up(load + foot)
    return _align_up(args.mem_base + args.mem_size // 2)


def fill_defaults(args, board) -> None:
    """Complete args in place with the board's and the boot protocol's defaults."""
    if args.mem_base is None:
        args.mem_base = free_ram(board, args.mem_size)
    if args.vm_type is None:
        args.vm_type = 2 if (args.ramdisk or args.cmdline is not None) else 1
    if args.kernel_addr is None:
        args.kernel_addr = args.mem_base + MIB2
    if args.entry is None:
        args.entry = args.kernel_addr
    if args.dtb_addr is None:
        args.dtb_addr = args.mem_base
    if args.ramdisk and args.ramdisk_addr is None:
        args.ramdisk_addr = _ramdisk_addr(args, args.kernel_addr)


def new_config(args, board) -> str:
    fill_defaults(args, board)
    paths = {k: toml_str(rel_to(getattr(args, k), args.output)) for k in ("kernel", "ramdisk") if getattr(args, k)}
    schema = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "vm.schema.json")
    return render("new.toml.j2", a=args, u=_u, q=toml_str, cpu_ids=args.cpu_ids, paths=paths,
                  board=board, schema=rel_to(schema, args.output) if args.output not in (None, "-") else schema)

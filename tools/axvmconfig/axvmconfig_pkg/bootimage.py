"""Kernel image headers: how much guest memory a kernel really occupies.

A kernel's file is not its footprint: an arm64 or riscv64 `Image` declares
`image_size` (text + data + BSS + initial page tables) in its header, and
Linux clears that whole range at boot. An x86 bzImage declares `init_size`.
Anything placed inside the footprint (ramdisk, DTB) is overwritten.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

MiB = 1 << 20
HEADER_BYTES = 0x270  # enough for the x86 setup header (init_size at 0x260)


@dataclass(frozen=True)
class KernelInfo:
    fmt: str            # "arm64 Image", "riscv64 Image", "x86 bzImage" or "raw"
    text_offset: int    # offset of the image above its 2 MiB-aligned base (Image formats)
    footprint: int      # bytes from the load address the running kernel may touch
    declared: bool      # footprint comes from the header (not only the file size)


def _u(data: bytes, off: int, fmt: str) -> int:
    return struct.unpack_from("<" + fmt, data, off)[0]


def parse(head: bytes, file_size: int) -> KernelInfo:
    """KernelInfo from the first HEADER_BYTES of a kernel file of `file_size` bytes."""
    if len(head) >= 64 and head[56:60] == b"ARM\x64":
        # Linux Documentation/arch/arm64/booting.rst, "Call the kernel image":
        # text_offset @8, image_size @16 (little endian); image_size 0 = pre-3.17
        # kernel, text_offset then is 0x80000.
        text, size = _u(head, 8, "Q"), _u(head, 16, "Q")
        if size == 0:
            return KernelInfo("arm64 Image", 0x80000, file_size, False)
        return KernelInfo("arm64 Image", text, max(size, file_size), True)
    if len(head) >= 64 and (head[56:60] == b"RSC\x05" or head[48:56] == b"RISCV\0\0\0"):
        # Documentation/arch/riscv/boot-image-header.rst: same layout as arm64.
        text, size = _u(head, 8, "Q"), _u(head, 16, "Q")
        return KernelInfo("riscv64 Image", text, max(size, file_size), size != 0)
    if len(head) >= 0x264 and head[0x202:0x206] == b"HdrS" and _u(head, 0x206, "H") >= 0x20A:
        # Documentation/arch/x86/boot.rst: init_size (protocol 2.10+) is the
        # linear memory the kernel needs from its load address.
        return KernelInfo("x86 bzImage", 0, max(_u(head, 0x260, "I"), file_size), True)
    return KernelInfo("raw", 0, file_size, False)


def read(path: str):
    """KernelInfo of a kernel file, or None if it cannot be read."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER_BYTES)
            f.seek(0, 2)
            return parse(head, f.tell())
    except OSError:
        return None

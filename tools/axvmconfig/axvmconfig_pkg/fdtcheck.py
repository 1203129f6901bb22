"""Structural check of a flattened device tree blob before libfdt walks it.

pylibfdt checks only the header; a flipped bit in the structure block can
make libfdt read out of bounds (a segfault, not an exception). This walks
the blob the way dtc's fdt_check_full() does (Devicetree Specification
v0.4, chapter 5): header fields inside the blob, every token, name and
property inside the structure block, every name offset inside the strings
block, nodes balanced, FDT_END last.
"""
from __future__ import annotations

import struct

MAGIC = 0xD00DFEED
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
HEADER = 40          # v17 header: ten big-endian u32 (spec 5.2)
MAX_DEPTH = 64


class FdtBlobError(Exception):
    pass


def _u32(b: bytes, off: int) -> int:
    return struct.unpack_from(">I", b, off)[0]


def _header(blob: bytes) -> dict:
    if len(blob) < HEADER:
        raise FdtBlobError(f"truncated: {len(blob)} bytes, a header alone is {HEADER}")
    names = ("magic", "totalsize", "off_struct", "off_strings", "off_rsvmap", "version",
             "last_comp", "boot_cpu", "size_strings", "size_struct")
    h = dict(zip(names, struct.unpack_from(">10I", blob, 0)))
    if h["magic"] != MAGIC:
        raise FdtBlobError(f"bad magic {h['magic']:#x} (a DTB starts with 0xd00dfeed)")
    if h["totalsize"] > len(blob):
        raise FdtBlobError(f"truncated: header says {h['totalsize']} bytes, file has {len(blob)}")
    if h["version"] < 16 or h["last_comp"] > 17:
        raise FdtBlobError(f"unsupported version {h['version']} (last compatible {h['last_comp']})")
    for what, off, size in (("structure block", h["off_struct"], h["size_struct"]),
                            ("strings block", h["off_strings"], h["size_strings"])):
        if off < HEADER or off + size > h["totalsize"]:
            raise FdtBlobError(f"{what} [{off:#x}, +{size:#x}) lies outside the blob")
    if h["off_struct"] % 4 or h["off_rsvmap"] % 8 or not HEADER <= h["off_rsvmap"] <= h["totalsize"]:
        raise FdtBlobError("misaligned or out-of-bounds block offset")
    return h


def _rsvmap(blob: bytes, h: dict) -> None:
    off = h["off_rsvmap"]
    while True:
        if off + 16 > h["totalsize"]:
            raise FdtBlobError("memory reservation map is not terminated")
        addr, size = struct.unpack_from(">QQ", blob, off)
        off += 16
        if addr == 0 and size == 0:
            return


def _cstr_end(blob: bytes, off: int, limit: int, what: str) -> int:
    end = blob.find(b"\0", off, limit)
    if end < 0:
        raise FdtBlobError(f"{what} at {off:#x} is not terminated inside its block")
    return end


def _walk(blob: bytes, h: dict) -> None:
    off, end = h["off_struct"], h["off_struct"] + h["size_struct"]
    s0, s1 = h["off_strings"], h["off_strings"] + h["size_strings"]
    depth, seen_root = 0, False
    while True:
        if off + 4 > end:
            raise FdtBlobError("structure block ends without FDT_END")
        tok, off = _u32(blob, off), off + 4
        if tok == BEGIN_NODE:
            if seen_root and depth == 0:
                raise FdtBlobError("more than one root node")
            seen_root, depth = True, depth + 1
            if depth > MAX_DEPTH:
                raise FdtBlobError(f"nodes nested deeper than {MAX_DEPTH}")
            off = (_cstr_end(blob, off, end, "node name") + 4) & ~3
        elif tok == END_NODE:
            depth -= 1
            if depth < 0:
                raise FdtBlobError(f"unbalanced FDT_END_NODE at {off - 4:#x}")
        elif tok == PROP:
            if depth == 0 or off + 8 > end:
                raise FdtBlobError(f"property outside a node or truncated at {off - 4:#x}")
            ln, nameoff = _u32(blob, off), _u32(blob, off + 4)
            if off + 8 + ln > end:
                raise FdtBlobError(f"property value at {off + 8:#x} ({ln} bytes) runs past the block")
            if s0 + nameoff >= s1:
                raise FdtBlobError(f"property name offset {nameoff:#x} outside the strings block")
            _cstr_end(blob, s0 + nameoff, s1, "property name")
            off = (off + 8 + ln + 3) & ~3
        elif tok == NOP:
            continue
        elif tok == END:
            if depth != 0 or not seen_root:
                raise FdtBlobError("FDT_END inside a node (unbalanced nodes)")
            return
        else:
            raise FdtBlobError(f"unknown token {tok:#x} at {off - 4:#x}")
        if not seen_root:
            raise FdtBlobError("the structure block does not start with the root node")


def check_blob(blob: bytes) -> None:
    """Raise FdtBlobError (one line) unless the blob is structurally sound."""
    h = _header(blob)
    _rsvmap(blob, h)
    _walk(blob, h)

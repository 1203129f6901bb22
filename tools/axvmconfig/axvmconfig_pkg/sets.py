"""VM set files: which VM configs form one firmware, and for which board.

A set file (configs/sets/<name>.toml) has a top-level `board` string and a
`vms` array of VM config paths relative to the set file, and no [base]
table. `check`/`gen`/`show` take set files beside plain VM files: each set
file is one VM set with its own board; the plain VM files given together
form one more set, on --board (as before sets existed).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from . import model as m
from .loader import parse_toml

SET_KEYS = ("board", "vms", "fs_root")


@dataclass
class VmSet:
    """One firmware's VM list: `source` is the set file ('' for plain files)."""
    source: str
    board: str
    vms: list
    fs_root: str = ""  # image_location = "fs" host copies (fsimage.py), relative to the cwd


def _peek(path: str):
    """The parsed document if `path` is a set file, else None (a VM file or unreadable)."""
    diags: list = []
    doc, lines = parse_toml(path, diags)
    if doc is None or "base" in doc or not isinstance(doc.get("vms"), list):
        return None
    return doc, lines


def set_vm_path(set_path: str, entry: str) -> str:
    """A set entry, relative to the set file, as a path relative to the cwd."""
    if os.path.isabs(entry):
        return entry
    return os.path.normpath(os.path.join(os.path.dirname(set_path), entry))


def _bad(diags, path, lines, key, msg, hint=""):
    line = lines.get(key) or lines.get(key.split("[")[0], 0)
    diags.append(m.Diagnostic(m.ERROR, path, line, key, msg, hint))


def _read_set(path: str, doc: dict, lines: dict, diags: list):
    """Check one set document; returns a VmSet or None (diagnostics appended)."""
    n = len(diags)
    for k in doc:
        if k not in SET_KEYS:
            _bad(diags, path, lines, k, f"unknown key in a VM set file (value {doc[k]!r})",
                 'a set file has only board = "<name>" and vms = ["<vm>.toml", ...]')
    board = doc.get("board")
    if not isinstance(board, str) or not board:
        _bad(diags, path, lines, "board", f"must be a board name string, not {board!r}",
             'e.g. board = "qemu-virt-aarch64" (see `axvmconfig board list`)')
    vms = []
    for i, e in enumerate(doc["vms"]):
        key = f"vms[{i}]"
        if not isinstance(e, str) or not e:
            _bad(diags, path, lines, key, f"must be a path string, not {e!r}")
            continue
        p = set_vm_path(path, e)
        if not os.path.isfile(p):
            _bad(diags, path, lines, key, f"{e!r}: no such file ({p})",
                 "paths in a set file are relative to the set file")
        vms.append(p)
    if not doc["vms"]:
        _bad(diags, path, lines, "vms", "empty: a VM set needs at least one VM config")
    root = doc.get("fs_root", "")
    if not isinstance(root, str):
        _bad(diags, path, lines, "fs_root", f"must be a directory path string, not {root!r}",
             'the host directory holding the image_location = "fs" files, relative to the set file')
    elif root:
        root = set_vm_path(path, root)
    return VmSet(path, board, vms, root) if len(diags) == n else None


def split_inputs(paths: list, board: str, diags: list) -> list:
    """Group command-line inputs into VM sets: one per set file, one for the plain files."""
    sets, plain = [], []
    for p in paths:
        peeked = _peek(p)
        if peeked is None:
            plain.append(p)
            continue
        s = _read_set(p, *peeked, diags)
        if s is not None:
            sets.append(s)
    if plain:
        sets.append(VmSet("", board, plain))
    return sets


def dedup(diags: list) -> list:
    """A VM file in several sets reports its own problems once."""
    seen, out = set(), []
    for d in diags:
        k = (d.severity, d.file, d.line, d.key, d.message)
        if k not in seen:
            seen.add(k)
            out.append(d)
    return out

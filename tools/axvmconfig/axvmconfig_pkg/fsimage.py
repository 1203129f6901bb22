"""image_location = "fs": images on the boot disk, loaded by U-Boot, not bound in.

A VM whose `image_location` is "fs" names its images by their path on the
boot disk's FAT partition (`/images/hello.bin`; a relative path counts from
the partition root). The host copy `gen` hashes, and `make disk` copies to
the disk, is that path under the fs root (`--fs-root DIR`, default the
current directory). `gen` writes boot.cmd (the U-Boot script: fatload each
file to the physical address behind its load IPA, then the firmware, then
booti) and disk.list (host path, disk path: what `make disk` copies).
"""
from __future__ import annotations

import os
import posixpath
import re

from . import model as m

_root = ["."]
# Characters a FAT long name and a U-Boot script word both take as they are.
_SAFE = re.compile(r"^[A-Za-z0-9._+/-]+$")


def set_root(path) -> None:
    _root[0] = path or "."


def disk_path(path: str) -> str:
    """The file's absolute path on the boot partition."""
    return "/" + posixpath.normpath(path.lstrip("/")).lstrip("/")


def host_path(path: str) -> str:
    """Where `gen` finds the file to hash and `make disk` copies it from."""
    return os.path.normpath(os.path.join(_root[0], disk_path(path).lstrip("/")))


def name_problem(path: str) -> str:
    """Why `path` cannot be a boot-disk file name, or ''."""
    d = disk_path(path)
    if d == "/" or ".." in d.split("/"):
        return "it names no file inside the partition"
    if not _SAFE.match(d):
        return "use letters, digits and . _ + - / only (it goes into a U-Boot script)"
    if d == "/axvisor.bin" or d == "/boot.scr":
        return "the firmware and the boot script use that name"
    return ""


def check_names(c) -> list:
    """Diagnostics for fs image names a VM cannot use."""
    out = []
    for im in c.images():
        why = name_problem(im.path) if c.image_location == "fs" else ""
        if why:
            out.append(m.Diagnostic(m.ERROR, c.file, c.line(im.key), im.key,
                                    f'"{im.path}" cannot be a boot-disk file: {why}'))
    return out


def pa_of(rv, ipa: int) -> int:
    """Host physical address behind a guest address of the VM (validated in a region)."""
    for r_ipa, r_pa, size, _, _, _ in rv.regions:
        if r_ipa <= ipa < r_ipa + size:
            return r_pa + (ipa - r_ipa)
    raise ValueError(f"{ipa:#x} is in no region")


def emit_boot_cmd(banner: str, board, files: list) -> str:
    """The firmware is loaded at the address it is linked at (hypervisor base + text_offset):
    its Image header sets flags bit 3, so booti leaves it there (arm64 booting.rst)."""
    from .emit_common import render
    return render("boot.cmd.j2", banner=banner, files=files,
                  fw_addr=board.hv_base + board.hv_text_offset)


def emit_disk_list(files: list) -> str:
    return "".join(f"{f['host']}\t{f['disk']}\n" for f in files)

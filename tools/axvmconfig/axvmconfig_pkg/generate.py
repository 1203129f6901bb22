"""`gen`: plan -> every output file, in memory first; written only if all succeed."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from . import fsimage
from . import model as m
from .devtree import DtError, dtc
from .emit_c import emit_config_c, emit_config_h, vm_view
from .emit_common import banner as make_banner
from .emit_dep import emit_depfile
from .emit_dts import dts_view, emit_vm_dts
from .emit_ld import emit_guests_ld, emit_guests_s
from .resolve import device_nodes_of


@dataclass(frozen=True)
class GenImage:
    kind: str
    path: str
    load: int
    data: bytes
    file: str = ""  # path on the boot disk (image_location = "fs"), "" if bound in

    @property
    def sha256(self) -> bytes:
        return hashlib.sha256(self.data).digest()


def default_dtb_addr(rv) -> int:
    """No dtb_load_addr: the start of the region holding the kernel (kernel at +2 MiB)."""
    c = rv.cfg
    for ipa, _, size, _, _, _ in rv.regions:
        if ipa <= c.kernel_load_addr < ipa + size:
            return ipa
    return rv.regions[0][0] if rv.regions else 0


def _read(path: str, cfg, key: str, diags: list):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        diags.append(m.Diagnostic(m.ERROR, cfg.file, cfg.line(key), key,
                                  f"cannot read image file {path}: {e.strerror}"))
        return None


def generate(plan: m.Plan, outdir: str, inputs: list) -> tuple:
    """Returns ({file name: bytes}, diagnostics). Nothing is written here."""
    board, diags, files, disk_files = plan.board, [], {}, []
    ban = make_banner(inputs)
    views, prereqs = [], [c for c in inputs if c.endswith(".toml")] + list(board.files)
    for rv in plan.vms:
        c = rv.cfg
        fs = c.image_location == "fs"
        host = fsimage.host_path if fs else (lambda p: p)
        disk = fsimage.disk_path if fs else (lambda p: "")
        images = []
        for im in c.images():
            if im.kind == "dtb":
                continue
            data = _read(host(im.path), c, im.key, diags)
            if data is not None:
                images.append(GenImage(im.kind, host(im.path), im.load_addr, data, disk(im.path)))
                prereqs.append(host(im.path))
        dtb_addr = c.dtb_load_addr if c.dtb_load_addr is not None else default_dtb_addr(rv)
        dtb_file = os.path.join(outdir, f"vm{c.id}.dtb")
        if c.dtb_path:
            data = _read(host(c.dtb_path), c, "kernel.dtb_path", diags)
            prereqs.append(host(c.dtb_path))
        else:
            rd = next((i for i in images if i.kind == "ramdisk"), None)
            initrd = (rd.load, rd.load + len(rd.data)) if rd else None
            dts = emit_vm_dts(ban, dts_view(board, rv, device_nodes_of(board, rv), initrd))
            files[f"vm{c.id}.dts"] = dts.encode()
            try:
                data = dtc(dts.encode(), "dts", "dtb")
            except DtError as e:
                diags.append(m.Diagnostic(m.ERROR, c.file, 0, "", f"generated device tree: {e}"))
                data = None
            if data is not None:
                files[f"vm{c.id}.dtb"] = data
        if data is not None:
            images.insert(1, GenImage("dtb", dtb_file if not c.dtb_path else host(c.dtb_path), dtb_addr,
                                      data, disk(c.dtb_path) if c.dtb_path else ""))
            diags.extend(_dtb_fits(rv, dtb_addr, len(data), images))
        views.append(vm_view(rv, images))
        disk_files.extend(dict(host=i.path, disk=i.file, size=len(i.data), vm=c.name,
                               pa=fsimage.pa_of(rv, i.load)) for i in images if i.file)
    if any(d.severity == m.ERROR for d in diags):
        return {}, diags
    files["boot.cmd"] = fsimage.emit_boot_cmd(ban, disk_files).encode()
    files["disk.list"] = fsimage.emit_disk_list(disk_files).encode()
    files["config.c"] = emit_config_c(ban, board, views).encode()
    files["config.h"] = emit_config_h(ban, board, views).encode()
    files["guests.S"] = emit_guests_s(ban, views).encode()
    files["guests.ld"] = emit_guests_ld(ban, views).encode()
    files["axvm.d"] = emit_depfile(ban, os.path.join(outdir, "config.c"), prereqs).encode()
    return files, diags


def _dtb_fits(rv, addr, size, images):
    """The DTB actually produced must fit its region and miss the other images."""
    c, out = rv.cfg, []
    key = "kernel.dtb_load_addr"
    if not any(ipa <= addr and addr + size <= ipa + s for ipa, _, s, _, _, _ in rv.regions):
        out.append(m.Diagnostic(m.ERROR, c.file, c.line(key), key,
                                f"DTB {addr:#x}+{size:#x} is not inside one memory region"))
    for im in images:
        if im.kind != "dtb" and addr < im.load + len(im.data) and im.load < addr + size:
            out.append(m.Diagnostic(m.ERROR, c.file, c.line(key), key,
                                    f"DTB {addr:#x}+{size:#x} overlaps the {im.kind} "
                                    f"{im.load:#x}+{len(im.data):#x}"))
    return out


def write_files(outdir: str, files: dict) -> list:
    """Write files whose content changed (atomically). Returns the names written."""
    os.makedirs(outdir, exist_ok=True)
    written = []
    for name in sorted(files):
        path = os.path.join(outdir, name)
        try:
            with open(path, "rb") as f:
                if f.read() == files[name]:
                    continue
        except OSError:
            pass
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(files[name])
        os.replace(tmp, path)
        written.append(name)
    return written

"""`gen`: plan -> every output file, in memory first; written only if all succeed."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass

from . import bootimage, fsimage, placement
from . import model as m
from .devtree import DtError, dtc
from .emit_c import emit_config_c, emit_config_h, vm_view
from .emit_common import banner as make_banner
from .emit_dep import emit_depfile
from .emit_dts import guest_dts
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


def _kernel_footprint(images):
    k = next((i for i in images if i.kind == "kernel"), None)
    return bootimage.parse(k.data[:bootimage.HEADER_BYTES], len(k.data)).footprint if k else None


def _placed(rv, images: list, dtb_size, gen_size=placement.GEN_DTB_SIZE) -> dict:
    """kind -> load address, from placement.py with the bytes actually read (as `check` did)."""
    c = rv.cfg
    sizes = {getattr(c, f"{i.kind}_path"): len(i.data) for i in images}  # keyed as in the config
    if c.dtb_path and dtb_size is not None:
        sizes[c.dtb_path] = dtb_size
    return {p.kind: p.load for p in placement.place(rv, sizes, _kernel_footprint(images), gen_size)}


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
        dtb_file = os.path.join(outdir, f"vm{c.id}.dtb")
        data = _read(host(c.dtb_path), c, "kernel.dtb_path", diags) if c.dtb_path else None
        where = _placed(rv, images, len(data) if data is not None else None)
        if None in (where.get(i.kind) for i in images) or where.get("dtb") is None:
            diags.append(m.Diagnostic(m.ERROR, c.file, c.line("kernel"), "kernel",
                                      "no free guest RAM for an image without a load address"))
            continue
        images = [GenImage(i.kind, i.path, where[i.kind], i.data, i.file) for i in images]
        dtb_addr = where["dtb"]
        if c.dtb_path:
            prereqs.append(host(c.dtb_path))
        else:
            rd = next((i for i in images if i.kind == "ramdisk"), None)
            initrd = (rd.load, rd.load + len(rd.data)) if rd else None
            dts = guest_dts(ban, board, rv, device_nodes_of(board, rv), initrd)
            files[f"vm{c.id}.dts"] = dts.encode()
            try:
                data = dtc(dts.encode(), "dts", "dtb")
            except DtError as e:
                diags.append(m.Diagnostic(m.ERROR, c.file, 0, "", f"generated device tree: {e}"))
                data = None
            if data is not None:
                files[f"vm{c.id}.dtb"] = data
                if c.dtb_load_addr is None and len(data) > placement.GEN_DTB_SIZE:
                    dtb_addr = _placed(rv, images, None, len(data)).get("dtb") or dtb_addr
        if data is not None:
            images.insert(1, GenImage("dtb", dtb_file if not c.dtb_path else host(c.dtb_path), dtb_addr,
                                      data, disk(c.dtb_path) if c.dtb_path else ""))
            diags.extend(_dtb_fits(rv, dtb_addr, len(data), images))
        views.append(vm_view(rv, images, board))
        disk_files.extend(dict(host=i.path, disk=i.file, size=len(i.data), vm=c.name,
                               pa=fsimage.pa_of(rv, i.load)) for i in images if i.file)
    if any(d.severity == m.ERROR for d in diags):
        return {}, diags
    files["boot.cmd"] = fsimage.emit_boot_cmd(ban, board, disk_files).encode()
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
    key = "kernel.dtb_load_addr" if c.dtb_load_addr is not None else "kernel"
    if not any(ipa <= addr and addr + size <= ipa + s for ipa, _, s, _, _, _ in rv.regions):
        out.append(m.Diagnostic(m.ERROR, c.file, c.line(key), key,
                                f"DTB {addr:#x}+{size:#x} is not inside one memory region"))
    for im in images:
        n = _kernel_footprint([im]) if im.kind == "kernel" else len(im.data)
        if im.kind != "dtb" and addr < im.load + n and im.load < addr + size:
            out.append(m.Diagnostic(m.ERROR, c.file, c.line(key), key,
                                    f"DTB {addr:#x}+{size:#x} overlaps the {im.kind} "
                                    f"{im.load:#x}+{n:#x}"))
    return out


def write_files(outdir: str, files: dict) -> list:
    """Write files whose content changed. Every file is first written into a
    temporary folder beside DIR, then renamed into place: a failed write
    leaves DIR as it was (no `.tmp` files, no half-updated set). Returns the names written."""
    changed = {}
    for name in sorted(files):
        try:
            with open(os.path.join(outdir, name), "rb") as f:
                if f.read() == files[name]:
                    continue
        except OSError:
            pass
        changed[name] = files[name]
    if changed:
        _replace_files(outdir, changed)
    _remove_stale(outdir, files)
    return list(changed)


def _replace_files(outdir: str, changed: dict) -> None:
    """Write into a temporary folder beside DIR, then rename into place."""
    parent = os.path.dirname(os.path.abspath(outdir))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".axvmconfig-", dir=parent)
    try:
        for name, data in changed.items():
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data)
        if not os.path.isdir(outdir):
            os.rename(tmp, outdir)
            return
        for name in changed:
            os.replace(os.path.join(tmp, name), os.path.join(outdir, name))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _remove_stale(outdir: str, files: dict) -> None:
    """Per-VM outputs of VMs no longer in the set go (a VM of an earlier set)."""
    if not os.path.isdir(outdir):
        return
    for name in sorted(os.listdir(outdir)):
        if _PER_VM_FILE.fullmatch(name) and name not in files:
            os.remove(os.path.join(outdir, name))


# Per-VM outputs; only these are removed when a VM leaves the set (-o may be
# any directory, so nothing else there is touched).
_PER_VM_FILE = re.compile(r"vm\d+\.dt[bs]")

"""Helpers for rule tests: write small configs, run load -> resolve -> validate in process."""
import os
import shutil

from conftest import REPO

BASE = """\
[base]
id = 1
name = "a"
vm_type = 1
cpu_num = 1
phys_cpu_ids = [0x0]

[kernel]
entry_point = 0x5000_0000
image_location = "memory"
kernel_path = "k.bin"
kernel_load_addr = 0x5000_0000
dtb_load_addr = 0x5020_0000
memory_regions = [[0x5000_0000, 0x100_0000, 0x7, 1]]

[devices]
passthrough_devices = [["/pl011@9000000"]]
emu_devices = []
interrupt_mode = "passthrough"
"""


def vm(*subs, base=BASE):
    """BASE with (old, new) substitutions applied; each old must occur."""
    text = base
    for old, new in subs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def second(*subs):
    """A second VM (id 2, name b, CPU 1, RAM at 0x6000_0000, no devices) with substitutions."""
    return vm(("id = 1", "id = 2"), ('name = "a"', 'name = "b"'), ("[0x0]", "[0x1]"),
              ("0x5000_0000", "0x6000_0000"), ("0x5020_0000", "0x6020_0000"),
              ('[["/pl011@9000000"]]', "[]"), *subs)


def diagnose(tmp_path, *texts, board="qemu-virt-aarch64", syntax_only=False,
             images="require", strict=False, kernel_size=0x1000):
    """All diagnostics for the configs, as (severity, 'key: message') pairs."""
    from axvmconfig_pkg import validate
    from axvmconfig_pkg.board import load_board
    from axvmconfig_pkg.cli import _strict, load_all
    from axvmconfig_pkg.resolve import resolve
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        if kernel_size is not None:
            (tmp_path / "k.bin").write_bytes(b"\x5a" * kernel_size)
        paths = []
        for i, t in enumerate(texts):
            (tmp_path / f"vm{i}.toml").write_text(t)
            paths.append(f"vm{i}.toml")
        diags = []
        vms = load_all(paths, diags)
        if not any(d.severity == "error" for d in diags):
            if syntax_only:
                diags += validate.run(validate.Ctx(vms=vms))
            else:
                b = load_board(board if os.path.isabs(board) else os.path.join(REPO, "boards", board))
                plan = resolve(b, vms)
                diags += validate.run(validate.Ctx(vms=[rv.cfg for rv in plan.vms], board=b,
                                                   plan=plan, images=images,
                                                   sizes=validate.measure_images(vms)))
        return [(d.severity, d.short()) for d in _strict(diags, strict)]
    finally:
        os.chdir(cwd)


def custom_board(tmp_path, *subs, name="qemu-virt-aarch64"):
    """A copy of a board directory with substitutions in board.toml; returns its path."""
    dst = tmp_path / "board"
    shutil.copytree(os.path.join(REPO, "boards", name), dst)
    t = (dst / "board.toml").read_text()
    for old, new in subs:
        assert old in t, old
        t = t.replace(old, new)
    (dst / "board.toml").write_text(t)
    return str(dst)

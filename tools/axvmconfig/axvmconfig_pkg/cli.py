"""Command line: check, gen, paths, new, show, schema, board import."""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys

from . import fsimage
from . import model as m
from .board import BoardError, find_board_dir, load_board
from .loader import load_vm

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_BOARD = "qemu-virt-aarch64"


class Reporter:
    """Prints diagnostics in text, json or GitHub Actions form."""

    def __init__(self, fmt: str, stream=None):
        self.fmt, self.stream = fmt, stream or sys.stderr
        self.color = fmt == "text" and hasattr(self.stream, "isatty") and self.stream.isatty() \
            and not os.environ.get("NO_COLOR")

    def emit(self, diags: list, summary: bool = True) -> None:
        errs = sum(1 for d in diags if d.severity == m.ERROR)
        warns = len(diags) - errs
        if self.fmt == "json":
            json.dump({"diagnostics": [dict(severity=d.severity, file=d.file, line=d.line,
                                            key=d.key, message=d.message, hint=d.hint)
                                       for d in diags], "errors": errs, "warnings": warns},
                      sys.stdout, indent=2)
            sys.stdout.write("\n")
            return
        for d in diags:
            if self.fmt == "github":
                line = f",line={d.line}" if d.line else ""
                msg = d.short() + (f" (hint: {d.hint})" if d.hint else "")
                msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                print(f"::{d.severity} file={d.file}{line}::{msg}", file=self.stream)
            else:
                t = d.text()
                if self.color:
                    col = "\033[31m" if d.severity == m.ERROR else "\033[33m"
                    t = t.replace(f": {d.severity}:", f": {col}{d.severity}\033[0m:", 1)
                print(t, file=self.stream)
        if summary and (diags or self.fmt == "text"):
            print(f"{errs} error{'s' * (errs != 1)}, {warns} warning{'s' * (warns != 1)}",
                  file=self.stream)


def _strict(diags: list, strict: bool) -> list:
    if not strict:
        return diags
    return [m.Diagnostic(m.ERROR, d.file, d.line, d.key, d.message, d.hint)
            if d.severity == m.WARNING else d for d in diags]


def _errors(diags) -> bool:
    return any(d.severity == m.ERROR for d in diags)


def load_all(paths: list, diags: list, salvage: bool = False) -> list:
    vms = []
    for p in paths:
        v = load_vm(p, diags, salvage)
        if v is not None:
            vms.append(v)
    return sorted(vms, key=lambda v: v.id)


def _board_or_diag(args, diags):
    """The board, or None with a diagnostic naming board.toml, line and key.
    An unknown board name is a usage error (exit 2): args.usage_error is set."""
    try:
        return load_board(args.board)
    except BoardError as e:
        diags.append(e.diagnostic(args.board))
        args.usage_error = e.usage
        return None


def _exit(args, diags) -> int:
    if getattr(args, "usage_error", False):
        return EXIT_USAGE
    return EXIT_INVALID if _errors(diags) else EXIT_OK


def analyse(args, images: str) -> tuple:
    """Load, resolve and validate. Returns (vms, board, plan, diagnostics)."""
    from . import validate
    from .resolve import resolve
    diags: list = []
    if not getattr(args, "syntax_only", False):
        try:  # an unknown board is a usage error (exit 2) whatever the configs hold
            find_board_dir(args.board)
        except BoardError as e:
            args.usage_error = True
            return [], None, None, [e.diagnostic(args.board)]
    vms = load_all(args.vms, diags, salvage=True)
    if _errors(diags) or getattr(args, "syntax_only", False):
        # A loader error does not hide the format-level rule errors of the same VM
        # (its failed keys read as absent; rule diagnostics about them are dropped).
        diags += validate.run_salvaged(vms)
        return [v for v in vms if not v.failed_keys], None, None, _strict(diags, args.strict)
    board = _board_or_diag(args, diags)
    if board is None:
        return vms, None, None, diags
    plan = resolve(board, vms)
    ctx = validate.Ctx(vms=list(plan.vms and [rv.cfg for rv in plan.vms]), board=board, plan=plan,
                       images=images, sizes=validate.measure_images(vms))
    diags += validate.run(ctx)
    return vms, board, plan, _strict(diags, args.strict)


# ------------------------------------------------------------------ commands
def _set_args(args, vset) -> argparse.Namespace:
    """args with the VM list and board of one VM set."""
    sub = argparse.Namespace(**vars(args))
    sub.vms, sub.board, sub.set_file = vset.vms, vset.board, vset.source
    fsimage.set_root(vset.fs_root or getattr(args, "fs_root", "."))
    return sub


def _vm_sets(args, diags: list) -> list:
    from .sets import split_inputs
    return split_inputs(args.vms, getattr(args, "board", DEFAULT_BOARD), diags)


def _one_set(args):
    """gen/show build one firmware: at most one set file, not mixed with VM files."""
    diags: list = []
    sets = _vm_sets(args, diags)
    if diags:
        Reporter(args.format).emit(diags)
        return None, EXIT_INVALID
    if len(sets) != 1:
        print(f"axvmconfig {args.cmd}: give one VM set (one set file, or VM files) per run; "
              f"got {len(sets)} (use `check` for several)", file=sys.stderr)
        return None, EXIT_USAGE
    return _set_args(args, sets[0]), EXIT_OK


def _analyse_set(sub, images: str) -> list:
    """Diagnostics of one VM set; x86_64 boards have their own resolver (issue 13)."""
    from . import arch_x86_64
    if not getattr(sub, "syntax_only", False) and arch_x86_64.board_dir(sub.board or ""):
        return arch_x86_64.analyse(sub)[2]
    return analyse(sub, images)[3]


def cmd_check(args) -> int:
    from .sets import dedup
    images = "allow-missing" if args.allow_missing_images else "require"
    diags: list = []
    sets = _vm_sets(args, diags)
    rep = Reporter(args.format)
    usage = False
    for vset in sets:
        sub = _set_args(args, vset)
        d = _analyse_set(sub, images)
        usage = usage or getattr(sub, "usage_error", False)  # e.g. an unknown board name
        new = dedup(diags + d)[len(dedup(diags)):]
        if vset.source and args.format == "text" and len(sets) > 1:
            e = sum(1 for x in new if x.severity == m.ERROR)
            print(f"{vset.source}: board {vset.board}, {len(vset.vms)} VM{'s' * (len(vset.vms) != 1)}"
                  f": {e} error{'s' * (e != 1)}, {len(new) - e} warning{'s' * (len(new) - e != 1)}",
                  file=sys.stderr)
        diags = dedup(diags + d)
    diags = _strict(diags, args.strict)
    rep.emit(diags)
    if usage:
        return EXIT_USAGE
    return EXIT_INVALID if _errors(diags) else EXIT_OK


def cmd_gen(args) -> int:
    from .generate import generate, write_files
    args, rc = _one_set(args)
    if args is None:
        return rc
    vms, board, plan, diags = analyse(args, "require")
    rep = Reporter(args.format)
    if _errors(diags) or plan is None:
        rep.emit(diags)
        return EXIT_USAGE if getattr(args, "usage_error", False) else EXIT_INVALID
    outdir = os.path.normpath(args.output or os.path.join("generated", board.name))
    inputs = [os.path.normpath(p) for p in args.vms + [args.set_file] if p] + [board.dir]
    files, gdiags = generate(plan, outdir, inputs)
    diags += _strict(gdiags, args.strict)
    if _errors(diags):
        rep.emit(diags)
        return EXIT_INVALID
    try:
        written = write_files(outdir, files)
    except OSError as e:
        print(f"axvmconfig: cannot write {outdir}: {e.strerror}", file=sys.stderr)
        return EXIT_INVALID
    if diags:
        rep.emit(diags)
    if not args.quiet:
        print(f"axvmconfig: {outdir}: {len(written)} of {len(files)} files updated", file=sys.stderr)
    return EXIT_OK


def cmd_paths(args) -> int:
    diags: list = []
    for vset in _vm_sets(args, diags):
        _set_args(args, vset)  # its fs root
        for v in load_all(vset.vms, diags):
            for im in v.images():
                print(im.path if v.image_location == "memory" else fsimage.host_path(im.path))
    if diags and _errors(diags):
        Reporter("text").emit(diags)
        return EXIT_INVALID
    return EXIT_OK


def cmd_show(args) -> int:
    from .show import partition_map, render_table
    from .show_svg import draw
    args, rc = _one_set(args)
    if args is None:
        return rc
    _, board, plan, diags = analyse(args, "allow-missing")
    if plan is None:
        Reporter(args.format).emit(diags)
        return EXIT_USAGE if getattr(args, "usage_error", False) else EXIT_INVALID
    pmap = partition_map(plan, args.set_file)
    if args.format == "json":
        pmap["diagnostics"] = [dict(severity=d.severity, file=d.file, line=d.line, key=d.key,
                                    message=d.message, hint=d.hint) for d in diags]
        json.dump(pmap, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_table(plan), end="")
    if args.svg:
        try:
            with open(args.svg, "w", encoding="utf-8") as f:
                f.write(draw(pmap))
        except OSError as e:
            print(f"axvmconfig: cannot write {args.svg}: {e.strerror}", file=sys.stderr)
            return EXIT_INVALID
    if diags and args.format != "json":
        Reporter(args.format).emit(diags)
    return EXIT_INVALID if _errors(diags) else EXIT_OK


def cmd_schema(args) -> int:
    from .schema import json_schema
    json.dump(json_schema(), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_new(args) -> int:
    from .new import new_config
    try:
        board = load_board(args.board)
    except BoardError as e:
        print(f"axvmconfig new: {e}", file=sys.stderr)
        return EXIT_USAGE if getattr(e, "usage", False) else EXIT_INVALID
    if args.console == "passthrough" and not board.uart_path:
        print(f"axvmconfig new: board {board.name} names no console UART ([console] path in "
              f"{board.dir}/board.toml): cannot pass it through", file=sys.stderr)
        return EXIT_INVALID
    text = new_config(args, board)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    if os.path.exists(args.output) and not args.force:
        print(f"axvmconfig: {args.output} exists (use --force)", file=sys.stderr)
        return EXIT_INVALID
    try:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        print(f"axvmconfig: cannot write {args.output}: {e.strerror}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def cmd_board_import(args) -> int:
    from .board_import import import_board
    return import_board(args)


def cmd_board_list(args) -> int:
    from .board import list_boards
    for b in list_boards():
        print(b)
    return EXIT_OK


# ------------------------------------------------------------------ parser
def _int(s: str) -> int:
    try:
        v = int(s.replace("_", ""), 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {s!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"negative: {s!r}")
    return v


def _int_list(s: str) -> list:
    """--cpu-ids 0x0,0x1: a usage error (exit 2) when an item is not an integer."""
    return [_int(x.strip()) for x in s.split(",")]


def _ram_bank(s: str) -> tuple:
    """--ram BASE,SIZE (a usage error otherwise)."""
    parts = s.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"expected BASE,SIZE, got {s!r}")
    base, size = (_int(p.strip()) for p in parts)
    if size == 0:
        raise argparse.ArgumentTypeError(f"empty RAM bank: {s!r}")
    return base, size


@functools.lru_cache(maxsize=1)
def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="diagnostics format (default: text)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--fs-root", metavar="DIR", default=".",
                        help='host directory holding the image_location = "fs" files under their '
                            "boot-disk paths (default: the current directory; a set file's "
                            "fs_root wins)")
    withboard = argparse.ArgumentParser(add_help=False)
    withboard.add_argument("--board", "-b", default=DEFAULT_BOARD,
                           help=f"board name under boards/ or a directory (default: {DEFAULT_BOARD})")
    vms = argparse.ArgumentParser(add_help=False)
    vms.add_argument("vms", nargs="+", metavar="VM.toml",
                     help="AxVisor VM configs (together: one VM set on --board) and/or VM set files "
                          "(configs/sets/*.toml: board = \"...\", vms = [...]; each one set on its board)")

    p = argparse.ArgumentParser(prog="axvmconfig", description="AxVisor (C) configuration compiler")
    p.add_argument("--version", action="version", version="axvmconfig 0.3.0")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser("check", parents=[common, withboard, vms], help="validate VM configs",
                       description="Validate VM configs against a board; report every problem.")
    s.add_argument("--syntax-only", action="store_true", help="format-level checks only, no board")
    s.add_argument("--allow-missing-images", action="store_true",
                   help="missing image files are warnings (size checks skipped)")
    s.set_defaults(fn=cmd_check)

    s = sub.add_parser("gen", parents=[common, withboard, vms], help="generate C tables, ld, DTBs",
                       description="Write config.c, config.h, guests.S, guests.ld, vm<ID>.dts/.dtb "
                                   "and axvm.d into DIR (default generated/<board>/).")
    s.add_argument("-o", "--output", metavar="DIR", help="output directory")
    s.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    s.set_defaults(fn=cmd_gen)

    s = sub.add_parser("paths", parents=[common, vms], help="print image paths (for make)",
                       description="Print the resolved image paths of the configs, one per line.")
    s.set_defaults(fn=cmd_paths)

    s = sub.add_parser("show", parents=[common, withboard, vms], help="partition map (table, JSON, SVG)",
                       description="Print the partition map: which CPUs, memory (with kernel, DTB and "
                                   "ramdisk placement), devices and IRQs each VM owns, and the "
                                   "hypervisor's memory. --format json prints the same map as data "
                                   "(diagnostics included) instead of the table.")
    s.add_argument("--svg", metavar="FILE",
                   help="also draw the map as an SVG picture (CPUs, physical memory, one card per VM)")
    s.set_defaults(fn=cmd_show)

    s = sub.add_parser("schema", help="JSON Schema of the VM format",
                       description="Print a JSON Schema of the AxVisor VM config format.")
    s.set_defaults(fn=cmd_schema)

    s = sub.add_parser("new", parents=[withboard], help="commented VM config for a board",
                       description="Write a commented VM config. Addresses left out follow the board "
                                   "and Linux's arm64 boot protocol: memory at the board's first free "
                                   "RAM, kernel at +2 MiB, DTB at the region start, ramdisk after the "
                                   "kernel's footprint. Paths are given as seen from the current "
                                   "directory and written relative to -o FILE. Example (a Linux VM): "
                                   "axvmconfig new --name linux --cpus 2 --kernel build/images/linux/Image "
                                   "--ramdisk build/images/linux/initramfs.cpio.gz --cmdline "
                                   "'console=ttyAMA0' -o configs/vms/my-linux.toml")
    s.add_argument("--id", type=_int, default=1, help="VM id, unique in the VM set (default 1)")
    s.add_argument("--name", default="guest", help="VM name, unique in the VM set (default guest)")
    s.add_argument("--vm-type", type=_int, default=None, choices=(0, 1, 2),
                   help="0 host, 1 RTOS/bare metal, 2 Linux (default: 2 with --ramdisk or --cmdline, else 1)")
    s.add_argument("--cpus", type=_int, default=1, help="number of vCPUs (default 1)")
    s.add_argument("--cpu-ids", type=_int_list, default=None, metavar="MPIDR,...",
                   help="physical CPU MPIDRs, one per vCPU, e.g. 0x2,0x3 (default: free CPUs in order)")
    s.add_argument("--kernel", default="guest.bin", metavar="PATH",
                   help="kernel image (an arm64 Image or a flat binary; default guest.bin)")
    s.add_argument("--kernel-addr", type=_int, default=None, metavar="ADDR",
                   help="kernel load address (default: memory base + 2 MiB)")
    s.add_argument("--entry", type=_int, default=None, metavar="ADDR",
                   help="entry point (default: the kernel load address)")
    s.add_argument("--dtb-addr", type=_int, default=None, metavar="ADDR",
                   help="where the generated device tree goes (default: memory base)")
    s.add_argument("--ramdisk", default=None, metavar="PATH", help="initial ramdisk (initramfs) image")
    s.add_argument("--ramdisk-addr", type=_int, default=None, metavar="ADDR",
                   help="ramdisk load address (default: after the kernel's footprint, 2 MiB aligned)")
    s.add_argument("--cmdline", default=None, help="kernel command line (chosen/bootargs)")
    s.add_argument("--mem-base", type=_int, default=None, metavar="ADDR",
                   help="guest physical base of the VM's memory (default: the board's first free RAM)")
    s.add_argument("--mem-size", type=_int, default=0x1000_0000, metavar="BYTES",
                   help="size of the VM's memory (default 0x1000_0000, 256 MiB)")
    s.add_argument("--map-type", type=_int, default=1, choices=(0, 1, 2),
                   help="0 allocated anywhere, 1 identity (pa = gpa, default), 2 reserved/shared")
    s.add_argument("--console", choices=("passthrough", "emulated", "none"), default="emulated",
                   help="emulated: a virtual PL011 multiplexed onto the UART (default); passthrough: "
                        "the board's own UART (its path from board.toml); none: no console, no GIC")
    s.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    s.add_argument("--force", action="store_true", help="overwrite FILE")
    s.set_defaults(fn=cmd_new)

    s = sub.add_parser("board", help="board descriptions", description="Board descriptions.")
    bsub = s.add_subparsers(dest="bcmd", metavar="SUBCOMMAND")
    bsub.required = True
    bi = bsub.add_parser("import", help="write a board description from a DTB",
                         description="Read a device tree blob and write DIR/board.toml (CPUs, RAM "
                                     "banks, reserved memory, a proposed hypervisor location, GIC, "
                                     "console UART, timer IRQs; lines marked CHECK need a human) and "
                                     "DIR/board.dtb (a copy of DTB). DIR defaults to boards/<name>/ "
                                     "under the current directory. Nothing is written when the blob "
                                     "is malformed or the board could not be used: a DTB without a "
                                     "/memory node needs --ram BASE,SIZE.")
    bi.add_argument("dtb", metavar="DTB", help="the board's flattened device tree (.dtb)")
    bi.add_argument("--name", help="board name (default: from the DTB model)")
    bi.add_argument("--ram", type=_ram_bank, action="append", metavar="BASE,SIZE",
                    help="a RAM bank, e.g. 0x0,0x8000_0000 (repeatable); replaces the DT's /memory")
    bi.add_argument("-o", "--output", metavar="DIR", help="directory (default boards/<name>/)")
    bi.add_argument("--force", action="store_true", help="overwrite an existing board.toml")
    bi.set_defaults(fn=cmd_board_import)
    bl = bsub.add_parser("list", help="list known boards", description="List known boards.")
    bl.set_defaults(fn=cmd_board_list)
    return p


def main(argv=None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    fsimage.set_root(getattr(args, "fs_root", "."))
    try:
        from . import arch_x86_64  # x86_64 boards: own check/gen (issue 13)
        if arch_x86_64.handles(args):
            return arch_x86_64.run(args)
        return args.fn(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except RecursionError:
        print("axvmconfig: input nested too deeply", file=sys.stderr)
        return EXIT_INVALID
    except Exception as e:  # a bug of ours: one line, no traceback
        print(f"axvmconfig: internal error: {type(e).__name__}: {e} (please report; "
              "AXVMCONFIG_DEBUG=1 for a traceback)", file=sys.stderr)
        if os.environ.get("AXVMCONFIG_DEBUG"):
            raise
        return EXIT_INTERNAL

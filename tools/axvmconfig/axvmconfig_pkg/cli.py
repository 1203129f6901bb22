"""Command line: check, gen, paths, new, show, schema, board import."""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys

from . import model as m
from .board import BoardError, load_board
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


def load_all(paths: list, diags: list) -> list:
    vms = []
    for p in paths:
        v = load_vm(p, diags)
        if v is not None:
            vms.append(v)
    return sorted(vms, key=lambda v: v.id)


def _board_or_diag(name, diags):
    try:
        return load_board(name)
    except BoardError as e:
        diags.append(m.Diagnostic(m.ERROR, name, 0, "", str(e)))
        return None


def analyse(args, images: str) -> tuple:
    """Load, resolve and validate. Returns (vms, board, plan, diagnostics)."""
    from . import validate
    from .resolve import resolve
    diags: list = []
    vms = load_all(args.vms, diags)
    if _errors(diags) or getattr(args, "syntax_only", False):
        if not _errors(diags):
            diags += validate.run(validate.Ctx(vms=vms))
        return vms, None, None, _strict(diags, args.strict)
    board = _board_or_diag(args.board, diags)
    if board is None:
        return vms, None, None, diags
    plan = resolve(board, vms)
    ctx = validate.Ctx(vms=list(plan.vms and [rv.cfg for rv in plan.vms]), board=board, plan=plan,
                       images=images, sizes=validate.measure_images(vms))
    diags += validate.run(ctx)
    return vms, board, plan, _strict(diags, args.strict)


# ------------------------------------------------------------------ commands
def cmd_check(args) -> int:
    _, _, _, diags = analyse(args, "allow-missing" if args.allow_missing_images else "require")
    Reporter(args.format).emit(diags)
    return EXIT_INVALID if _errors(diags) else EXIT_OK


def cmd_gen(args) -> int:
    from .generate import generate, write_files
    vms, board, plan, diags = analyse(args, "require")
    rep = Reporter(args.format)
    if _errors(diags) or plan is None:
        rep.emit(diags)
        return EXIT_INVALID
    outdir = os.path.normpath(args.output or os.path.join("generated", board.name))
    inputs = [os.path.normpath(p) for p in args.vms] + [board.dir]
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
    for v in load_all(args.vms, diags):
        if v.image_location == "memory":
            for im in v.images():
                print(im.path)
    if diags and _errors(diags):
        Reporter("text").emit(diags)
        return EXIT_INVALID
    return EXIT_OK


def cmd_show(args) -> int:
    from .show import render_svg, render_table
    _, board, plan, diags = analyse(args, "allow-missing")
    if plan is None:
        Reporter(args.format).emit(diags)
        return EXIT_INVALID
    print(render_table(plan), end="")
    if args.svg:
        try:
            with open(args.svg, "w", encoding="utf-8") as f:
                f.write(render_svg(plan))
        except OSError as e:
            print(f"axvmconfig: cannot write {args.svg}: {e.strerror}", file=sys.stderr)
            return EXIT_INVALID
    if diags:
        Reporter(args.format).emit(diags)
    return EXIT_INVALID if _errors(diags) else EXIT_OK


def cmd_schema(args) -> int:
    from .schema import json_schema
    json.dump(json_schema(), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_new(args) -> int:
    from .new import new_config
    text = new_config(args)
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


@functools.lru_cache(maxsize=1)
def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="diagnostics format (default: text)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    withboard = argparse.ArgumentParser(add_help=False)
    withboard.add_argument("--board", "-b", default=DEFAULT_BOARD,
                           help=f"board name under boards/ or a directory (default: {DEFAULT_BOARD})")
    vms = argparse.ArgumentParser(add_help=False)
    vms.add_argument("vms", nargs="+", metavar="VM.toml", help="AxVisor VM config(s)")

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

    s = sub.add_parser("paths", parents=[vms], help="print image paths (for make)",
                       description="Print the resolved image paths of the configs, one per line.")
    s.set_defaults(fn=cmd_paths)

    s = sub.add_parser("show", parents=[common, withboard, vms], help="partition map",
                       description="Print the partition map (memory, CPUs, devices, IRQs per VM).")
    s.add_argument("--svg", metavar="FILE", help="also draw the physical memory map as SVG")
    s.set_defaults(fn=cmd_show)

    s = sub.add_parser("schema", help="JSON Schema of the VM format",
                       description="Print a JSON Schema of the AxVisor VM config format.")
    s.set_defaults(fn=cmd_schema)

    s = sub.add_parser("new", help="commented VM config template",
                       description="Write a commented VM config from arguments.")
    s.add_argument("--id", type=_int, default=1)
    s.add_argument("--name", default="guest")
    s.add_argument("--vm-type", type=_int, default=1)
    s.add_argument("--cpus", type=_int, default=1, help="number of vCPUs")
    s.add_argument("--cpu-ids", default=None, help="comma-separated physical MPIDRs")
    s.add_argument("--kernel", default="guest.bin", help="kernel image path")
    s.add_argument("--entry", type=_int, default=None)
    s.add_argument("--mem-base", type=_int, default=0x8000_0000)
    s.add_argument("--mem-size", type=_int, default=0x1000_0000)
    s.add_argument("--map-type", type=_int, default=1, choices=(0, 1, 2))
    s.add_argument("--console", choices=("passthrough", "emulated", "none"), default="emulated")
    s.add_argument("--cmdline", default=None)
    s.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    s.add_argument("--force", action="store_true", help="overwrite FILE")
    s.set_defaults(fn=cmd_new)

    s = sub.add_parser("board", help="board descriptions", description="Board descriptions.")
    bsub = s.add_subparsers(dest="bcmd", metavar="SUBCOMMAND")
    bsub.required = True
    bi = bsub.add_parser("import", help="write a board description from a DTB",
                         description="Write boards/<name>/board.toml (+ board.dts) from a DTB.")
    bi.add_argument("dtb", metavar="DTB")
    bi.add_argument("--name", help="board name (default: from the DTB model)")
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

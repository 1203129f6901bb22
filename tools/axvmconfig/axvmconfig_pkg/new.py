"""`new`: a commented VM config from command-line arguments."""
from __future__ import annotations

from .emit_common import render


def _u(v: int) -> str:
    """0x8000_0000-style hex, as AxVisor configs are written."""
    h = f"{v:x}"
    groups = []
    while h:
        groups.insert(0, h[-4:])
        h = h[:-4]
    return "0x" + "_".join(groups or ["0"])


def new_config(args) -> str:
    ids = [int(x.replace("_", ""), 0) for x in args.cpu_ids.split(",")] if args.cpu_ids else None
    load = args.mem_base + 0x20_0000
    return render("new.toml.j2", a=args, u=_u, cpu_ids=ids, load=load,
                  entry=args.entry if args.entry is not None else load,
                  dtb=args.mem_base, console_ipa=0x0900_0000)

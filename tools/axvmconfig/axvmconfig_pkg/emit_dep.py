"""axvm.d: make depfile so a change to any input re-runs `gen`."""
from __future__ import annotations

from .emit_common import render


def emit_depfile(banner: str, target: str, prereqs: list) -> str:
    seen = []
    for p in prereqs:
        if p not in seen:
            seen.append(p)
    return render("axvm.d.j2", banner=banner, target=target, prereqs=seen)

"""guests.S (.incbin of every image) and guests.ld (their output sections)."""
from __future__ import annotations

from .emit_common import render


def emit_guests_s(banner: str, vms: list) -> str:
    return render("guests.S.j2", banner=banner, vms=vms)


def emit_guests_ld(banner: str, vms: list) -> str:
    return render("guests.ld.j2", banner=banner, vms=vms)

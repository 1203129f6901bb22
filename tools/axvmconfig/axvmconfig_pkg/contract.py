"""The contract with the hypervisor: every limit the validator enforces, read
from the C headers the hypervisor itself is built with.

`hypervisor/include/hv/contract.h` (architecture-neutral) and
`hypervisor/arch/<arch>/include/arch/contract.h` hold lines
`#define AXV_<NAME> <integer literal>`; nothing else in them is read. The
board's `arch` picks the second file. A name the validator needs but the
headers lack is a ContractError naming the file (an internal error of the
project, not of the user's config).
"""
from __future__ import annotations

import functools
import os
import re

_DEFINE = re.compile(r"^\s*#\s*define\s+(AXV_[A-Z0-9_]+)\s+(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\s*"
                     r"(?:/\*.*\*/\s*)?$")


class ContractError(Exception):
    pass


def repo_root() -> str:
    return os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def header_paths(arch: str) -> tuple:
    """(neutral header, arch header) of the contract for `arch`."""
    root = repo_root()
    return (os.path.join(root, "hypervisor", "include", "hv", "contract.h"),
            os.path.join(root, "hypervisor", "arch", arch, "include", "arch", "contract.h"))


def parse_header(text: str) -> dict:
    """AXV_* name -> integer for every `#define AXV_<NAME> <literal>` line."""
    out = {}
    for line in text.splitlines():
        mo = _DEFINE.match(line)
        if mo:
            out[mo.group(1)] = int(mo.group(2), 0)
    return out


class Contract:
    """The values of one architecture's contract; `get` raises ContractError on a missing name."""

    def __init__(self, values: dict, files: tuple):
        self.values, self.files = values, files

    def get(self, name: str) -> int:
        if name not in self.values:
            raise ContractError(f"{name} is not defined in {' or '.join(self.files)} "
                                "(the hypervisor/axvmconfig contract)")
        return self.values[name]

    def ipa_limit(self) -> int:
        return 1 << self.get("AXV_ARCH_IPA_BITS")

    def gic_supported(self, version: int) -> bool:
        return 0 <= version < 64 and bool(self.get("AXV_ARCH_GIC_VERSIONS") >> version & 1)

    def emu_supported(self, emu_type: int) -> bool:
        return 0 <= emu_type < 64 and bool(self.get("AXV_EMU_TYPES_SUPPORTED") >> emu_type & 1) \
            or self.emu_places_irqchip(emu_type)

    def emu_places_irqchip(self, emu_type: int) -> bool:
        """emu_type N only places the arch's virtual interrupt controller (no device)."""
        return 0 <= emu_type < 64 and bool(self.values.get("AXV_ARCH_EMU_GIC_PLACEMENT", 0) >> emu_type & 1)


@functools.lru_cache(maxsize=8)
def load(arch: str) -> Contract:
    """The contract of `arch`. Raises ContractError if a header is missing or unreadable."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", arch or ""):
        raise ContractError(f"architecture {arch!r} has no contract header")
    values, files = {}, header_paths(arch)
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                values.update(parse_header(fh.read()))
        except (OSError, UnicodeDecodeError) as e:
            raise ContractError(f"cannot read the contract header {f}: "
                                f"{getattr(e, 'strerror', None) or e} (architecture {arch!r} "
                                "is not supported by this hypervisor)") from None
    return Contract(values, files)

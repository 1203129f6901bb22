"""How to build a missing guest image: image path (in this checkout) -> make target.

The project's own configs bind images that its Makefile builds under
build/images/; a user who has not built them yet is told the exact target.
Images elsewhere (a user's own kernel) get the generic advice.
"""
from __future__ import annotations

import os

# Longest prefix first; paths are relative to the repository root.
MAKE_TARGETS = (
    ("build/images/linux/", "linux-image"),
    ("build/images/bench-", "bench-images"),
    ("build/images/", "images"),
)
GENERIC = "build it first, or fix the path (relative to the TOML file)"


def repo_root() -> str:
    """The checkout this tool runs from (tools/axvmconfig/axvmconfig_pkg/../../..)."""
    return os.path.normpath(os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", ".."))


def make_target(path: str) -> str:
    """The make target that builds `path` (cwd-relative or absolute), or ''."""
    # Lexically first (build/ may be a symlink to another disk), then with links resolved.
    for norm in (os.path.abspath, os.path.realpath):
        rel = os.path.relpath(norm(path), norm(repo_root())).replace(os.sep, "/")
        target = next((t for prefix, t in MAKE_TARGETS if rel.startswith(prefix)), "")
        if target:
            return target
    return ""


def image_hint(path: str) -> str:
    """The hint for a missing image: the exact make command, or the generic advice."""
    target = make_target(path)
    if not target:
        return GENERIC
    root = repo_root()
    here = os.path.realpath(os.getcwd()) == os.path.realpath(root)
    return f"build it with `make {target}`" + ("" if here else f" in {root}")

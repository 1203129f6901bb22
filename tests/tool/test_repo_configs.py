"""The project's own configs/vms/*.toml: each alone, and each -a/-b/-c family together."""
import glob
import io
import os
from contextlib import redirect_stderr, redirect_stdout

import pytest

from conftest import REPO

CONFIGS = sorted(os.path.relpath(p, REPO) for p in glob.glob(os.path.join(REPO, "configs", "vms", "*.toml")))


# VM sets the integration tests and benchmarks build together (as of this commit);
# configs/vms/console-test-c.toml runs alone.
GROUPS = {
    "console-test": ["console-test-a", "console-test-b"],
    "console-cmd": ["ticker-aarch64", "console-hello"],
    "heartbeat": ["heartbeat-a", "heartbeat-b"],
    "bench-boot": ["bench-boot-a", "bench-boot-b", "bench-boot-c"],
    "bench-boot30": ["bench-boot30-a", "bench-boot30-b", "bench-boot30-c"],
    "bench-hammer": ["bench-hammer-a", "bench-hammer-b"],
    # The default VM sets of the real boards (boards/<b>/board.mk).
    "rk3568": ["rk3568-linux", "rk3568-ticker"],
    "rk3588": ["rk3588-linux", "rk3588-ticker"],
    "e2000": ["e2000-linux", "e2000-ticker"],
}
# Configs written for a real board, by file-name prefix (others: the default board).
BOARD_OF = {"rk3568": "roc-rk3568-pc", "rk3588": "orangepi-5-plus", "e2000": "phytium-pi"}


def _board(path):
    b = BOARD_OF.get(os.path.basename(path).split("-")[0])
    return ["--board", b] if b else []


def _families():
    out = {}
    for k, names in GROUPS.items():
        paths = [f"configs/vms/{n}.toml" for n in names]
        if all(p in CONFIGS for p in paths):
            out[k] = paths
    return out


def check(paths, monkeypatch):
    from axvmconfig_pkg.cli import main
    monkeypatch.chdir(REPO)
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(["check", "--allow-missing-images", *_board(paths[0]), *paths])
    return rc, err.getvalue()


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
def test_repo_config_checks(path, monkeypatch):
    rc, out = check([path], monkeypatch)
    assert rc == 0, out


@pytest.mark.parametrize("family", list(_families()))
def test_repo_config_family_checks_together(family, monkeypatch):
    rc, out = check(_families()[family], monkeypatch)
    assert rc == 0, out

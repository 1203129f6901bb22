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
    "heartbeat": ["heartbeat-a", "heartbeat-b"],
    "bench-boot": ["bench-boot-a", "bench-boot-b", "bench-boot-c"],
    "bench-boot30": ["bench-boot30-a", "bench-boot30-b", "bench-boot30-c"],
    "bench-hammer": ["bench-hammer-a", "bench-hammer-b"],
}


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
        rc = main(["check", "--allow-missing-images", *paths])
    return rc, err.getvalue()


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
def test_repo_config_checks(path, monkeypatch):
    rc, out = check([path], monkeypatch)
    assert rc == 0, out


@pytest.mark.parametrize("family", list(_families()))
def test_repo_config_family_checks_together(family, monkeypatch):
    rc, out = check(_families()[family], monkeypatch)
    assert rc == 0, out

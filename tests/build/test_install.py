"""`make install` puts an `axvmconfig` launcher on PATH (PREFIX honoured),
the tool then works from any directory, `make uninstall` removes it."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import REPO, make

CONFIG = REPO / "configs" / "vms" / "hello-aarch64.toml"


def run_installed(bindir, cwd, *args):
    env = dict(os.environ, PATH=f"{bindir}:/usr/bin:/bin")
    return subprocess.run(["axvmconfig", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_install_run_from_elsewhere_uninstall(tmp_path):
    # A space in PREFIX: the launcher and the Makefile must quote paths.
    prefix = tmp_path / "my prefix"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = make("install", f"PREFIX={prefix}").stdout
    launcher = prefix / "bin" / "axvmconfig"
    assert launcher.is_file() and os.access(launcher, os.X_OK), out
    assert str(REPO / "tools" / "axvmconfig" / "axvmconfig") in launcher.read_text()

    r = run_installed(prefix / "bin", elsewhere, "--help")
    assert r.returncode == 0, r.stderr
    assert "usage: axvmconfig" in r.stdout
    r = run_installed(prefix / "bin", elsewhere, "check", str(CONFIG))
    assert r.returncode == 0, r.stdout + r.stderr

    make("uninstall", f"PREFIX={prefix}")
    assert not launcher.exists()
    assert list((prefix / "bin").iterdir()) == []


def test_uninstall_leaves_foreign_file_alone(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "axvmconfig").write_text("#!/bin/sh\necho someone else's\n")
    r = make("uninstall", f"PREFIX={tmp_path}", check=False)
    assert r.returncode != 0
    assert "not written by make install" in r.stderr
    assert (bindir / "axvmconfig").exists()


def test_install_as_user_into_home_dot_local():
    """PREFIX=$HOME/.local as an ordinary user: nobody when the suite runs as
    root (CI, the fresh-machine check), else the user running it."""
    home = Path(tempfile.mkdtemp(prefix="axv-home-"))
    try:
        as_user = []
        if os.geteuid() == 0:
            home.chmod(0o755)
            shutil.chown(home, "nobody")
            as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        cmd = (f"cd \"$HOME\" && make -s --no-print-directory -C {REPO} install PREFIX=$HOME/.local"
               f" && PATH=$HOME/.local/bin:$PATH && cd / && axvmconfig check {CONFIG}"
               f" && make -s --no-print-directory -C {REPO} uninstall PREFIX=$HOME/.local")
        r = subprocess.run(as_user + ["env", f"HOME={home}", "PATH=/usr/bin:/bin", "sh", "-c", cmd],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "installed " in r.stdout and "removed " in r.stdout, r.stdout
        assert not (home / ".local" / "bin" / "axvmconfig").exists()
    finally:
        shutil.rmtree(home, ignore_errors=True)

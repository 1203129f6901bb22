"""pytest setup for axvmconfig: import path, repo paths, small helpers."""
import os
import subprocess
import sys

import pytest

REPO = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL = os.path.join(REPO, "tools", "axvmconfig")
sys.path.insert(0, TOOL)
DATA = os.path.join(os.path.dirname(__file__), "data")
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "axvisor-configs"))


@pytest.fixture
def repo_cwd(monkeypatch):
    """Run with the repository root as the current directory (as make does)."""
    monkeypatch.chdir(REPO)
    return REPO


def run_cli(*args, cwd=None):
    """Run the launcher script as a user would; returns CompletedProcess (text)."""
    return subprocess.run([sys.executable, os.path.join(TOOL, "axvmconfig"), *args],
                          cwd=cwd or REPO, capture_output=True, text=True, timeout=120)

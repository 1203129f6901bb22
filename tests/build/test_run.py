"""`make run` as a user types it: RUN_TIMEOUT is a normal end, and the
board's QEMU line gives the machine no network card (a NIC needs an option
ROM, efi-virtio.rom, from a package the project does not install)."""
import subprocess

from conftest import make

TICKER = "configs/vms/ticker-aarch64.toml"   # prints `tick N` every 2 s, never ends


def test_run_timeout_is_a_normal_end():
    make("firmware", f"VMS={TICKER}", "VARIANT=run-timeout")
    r = make("run", f"VMS={TICKER}", "VARIANT=run-timeout", "RUN_TIMEOUT=10", check=False,
             timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "Error 124" not in r.stderr
    assert "[make] timeout reached (RUN_TIMEOUT=10)" in r.stdout, r.stdout[-3000:]
    assert "AxVisor (C) on " in r.stdout, "the firmware never ran:\n" + r.stdout[-3000:]


def test_board_qemu_line_has_no_nic():
    cmd = make("-s", "qemu-cmd").stdout.split()
    assert cmd[cmd.index("-nic") + 1] == "none"
    # The same machine, stopped before any CPU runs, asked what it has.
    k = cmd.index("-kernel")
    del cmd[k:k + 2]
    r = subprocess.run(cmd + ["-S", "-serial", "null", "-monitor", "stdio"],
                       input="info network\ninfo pci\nquit\n", capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "info pci" in r.stdout, r.stdout
    assert "type=nic" not in r.stdout and "Ethernet" not in r.stdout, r.stdout

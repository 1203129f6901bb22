"""The console's command mode (issue 10 item 9, hv/console.h): Ctrl-A h
prints the help, Ctrl-A l lists the VMs, Ctrl-A s <id> starts a VM that
powered itself off, Ctrl-A o <id> powers one off, and when that was the
last running VM the machine powers off as before.

hello (configs/vms/console-hello.toml, CPU 1) greets and powers off beside
the ticker (CPU 0, a tick every 2 s, for ever). The test lists the VMs
(hello off), starts hello again from the console, sees its greeting a
second time while the ticker goes on, then powers the ticker off.
"""
import re

from conftest import REPO, build_firmware, qemu_cmd
from qemu_console import QemuConsole

VMS = ["configs/vms/ticker-aarch64.toml", "configs/vms/console-hello.toml"]
CTRL_A = "\x01"
GREETING = r"^\[hello\] Hello from a bare-metal guest"
HELLO_OFF = r"^\[hv\] vm hello: SYSTEM_OFF: VM powered off"
TICK = re.compile(r"^\[ticker\] tick (\d+)", re.M)


def last_tick(con):
    ticks = TICK.findall(con.output)
    return int(ticks[-1]) if ticks else -1


def test_console_commands_restart_a_powered_off_vm():
    cmd = qemu_cmd(build_firmware(VMS, "console-cmd"))
    with QemuConsole(cmd, log_path=str(REPO / "build/logs/console-cmd.log")) as con:
        con.expect(r"Ctrl-A x3 switches, Ctrl-A h lists the commands", 30)
        con.expect(GREETING, 60)
        con.expect(HELLO_OFF, 30)
        con.expect(TICK, 30)

        con.send(CTRL_A + "h")
        con.expect(r"^\[hv\] console: Ctrl-A x3 next VM \| Ctrl-A l list VMs", 30)

        con.send(CTRL_A + "l")
        con.expect(r"^\[hv\] console: vm 0 ticker: running, 1 vCPU\(s\), boot 1", 30)
        con.expect(r"^\[hv\] console: vm 1 hello: off, 1 vCPU\(s\), boot 1", 30)

        # A running VM is not started twice; an id that does not exist is named.
        con.send(CTRL_A + "s0")
        con.expect(r"^\[hv\] console: vm 0 ticker: not done: it is running", 30)
        con.send(CTRL_A + "s7")
        con.expect(r"^\[hv\] console: no vm 7", 30)

        ticks_before = last_tick(con)
        con.send(CTRL_A + "s1")
        con.expect(r"^\[hv\] vm hello: started from the console", 30)
        con.expect(r"^\[hv\] vm hello: memory cleared, \d+ image\(s\) SHA-256 verified and reloaded: boot 2", 30)
        con.expect(GREETING, 30)
        con.expect(HELLO_OFF, 30)
        # The ticker went on meanwhile (at least one more tick after the restart).
        con.expect(TICK, 30)
        assert last_tick(con) > ticks_before

        con.send(CTRL_A + "l")
        con.expect(r"^\[hv\] console: vm 1 hello: off, 1 vCPU\(s\), boot 2", 30)

        # Powering off the last running VM powers the machine off, as a
        # guest's own SYSTEM_OFF does.
        con.send(CTRL_A + "o0")
        con.expect(r"^\[hv\] vm ticker: powered off from the console", 30)
        con.expect(r"^\[hv\] all VMs are off: powering off the machine", 30)
        assert con.wait_exit(30) == 0
    text = open(REPO / "build/logs/console-cmd.log", errors="replace").read()
    assert len(re.findall(GREETING, text, re.M)) == 2

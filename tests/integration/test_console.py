"""Per-VM console (issue 4 item 3): two guests print numbered long lines at
the same time through their virtual PL011s; the multiplexer must deliver
each line whole and tagged with its VM's name, and input must follow the
Ctrl-A x3 switch.

Record format (hv/console.h): "[name] text", and "[name]+ text" for the
rest of a line flushed before its end (longer than the line buffer, or
idle). Joining a VM's continuation records gives back its original lines.
"""
import os
import re
import subprocess
import threading
import time

import pytest

import consolelog
from conftest import REPO, Boot, build_firmware, qemu_cmd

VMS = ["configs/vms/console-test-a.toml", "configs/vms/console-test-b.toml"]
IRQ_VMS = ["configs/vms/console-test-c.toml"]
NAMES = {"a": "console-a", "b": "console-b"}
LINES = 12          # images/console-test/main.c
PAYLOAD = 100
LONG_LINE, LONG_PAYLOAD = 5, 300

CTRL_A = b"\x01"
# `make qemu-cmd` moves QEMU's own escape to Ctrl-T (-echr 0x14), so the
# three Ctrl-A bytes reach the hypervisor as typed.
SWITCH = CTRL_A * 3
STDIN = b"to-a\r" + SWITCH + b"to-b\r"

def expected_line(letter, n):
    size = LONG_PAYLOAD if n == LONG_LINE else PAYLOAD
    payload = "".join(chr(ord("a") + (7 * n + i) % 26) for i in range(size))
    return f"{letter} line {n:02d}: {payload} end"


def join_records(text):
    """Every line must be a record; returns {name: [joined lines]}."""
    return consolelog.per_vm(text, strict=True)


def boot_then_type(vms, variant, wait_for, data, timeout=60):
    """Boot; once `wait_for` is printed, type `data`; return (output, rc).
    QEMU is killed at `timeout` (rc is then negative)."""
    cmd = qemu_cmd(build_firmware(vms, variant))
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    chunks, typed = [], threading.Event()

    def reader():
        for chunk in iter(lambda: proc.stdout.read1(4096), b""):
            chunks.append(chunk)
            if not typed.is_set() and wait_for in b"".join(chunks):
                typed.set()
                time.sleep(0.5)  # let the guest reach WFI
                try:
                    proc.stdin.write(data)
                    proc.stdin.flush()
                except BrokenPipeError:
                    pass  # QEMU already gone: the test sees rc/output

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    t.join(timeout=5)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return text, proc.returncode


@pytest.fixture(scope="module")
def run():
    """One boot shared by the tests of this file. Input is typed once VM a
    waits for it: bytes QEMU hands the UART before the hypervisor set it up
    are flushed by QEMU's PL011 when its FIFO is enabled."""
    text, rc = boot_then_type(VMS, "console", b"a waiting for input", STDIN, timeout=120)
    assert rc == 0, f"QEMU did not power off by itself:\n{text[-3000:]}"
    return Boot(text, rc, False, 0.0)


def test_lines_intact_and_tagged(run):
    # Both VMs print at once, one byte per trapped store; no line may be
    # torn, mixed with the other VM's, lost or repeated.
    per_vm = join_records(run.output)
    for letter, name in NAMES.items():
        got = [l for l in per_vm.get(name, []) if " line " in l]
        assert got == [expected_line(letter, n) for n in range(LINES)], \
            f"{name}: lines differ:\n" + "\n".join(got)


def test_input_follows_ctrl_a_switch(run):
    # "to-a" is typed while VM a has the input; after Ctrl-A x3, "to-b"
    # goes to VM b. Each echoes exactly what it got.
    per_vm = join_records(run.output)
    assert "console: input to 'console-b' (Ctrl-A x3 switches)" in per_vm["hv"]
    assert "a echo: to-a" in per_vm[NAMES["a"]]
    assert "b echo: to-b" in per_vm[NAMES["b"]]
    echoes = [l for name in NAMES.values() for l in per_vm[name] if "echo:" in l]
    assert sorted(echoes) == ["a echo: to-a", "b echo: to-b"]
    # No Ctrl-A reached a guest as data.
    assert "\x01" not in run.output


def test_input_wakes_guest_through_rx_interrupt():
    # Physical UART RX interrupt -> console -> virtual PL011 RX/RT status ->
    # vGIC SPI 33 -> the guest's IRQ handler. Typed only once the guest
    # sleeps in WFI (no exits), so only the interrupt path can deliver it.
    text, rc = boot_then_type(IRQ_VMS, "console-irq", b"c irq waiting for input",
                              b"irq-works\r")
    assert rc == 0, f"QEMU did not power off by itself:\n{text[-3000:]}"
    per_vm = join_records(text)
    echoes = [l for l in per_vm.get("console-irq", []) if "echo:" in l]
    assert len(echoes) == 1, text[-3000:]
    assert re.fullmatch(r"c irq echo: irq-works \([1-9][0-9]* interrupts\)", echoes[0])



def boot_paused_with_input(vms, variant, data, timeout=120):
    """Start QEMU stopped (-S), give it `data` on stdin while no CPU runs
    (its PL011 takes the first byte into its receiver at once), then let it
    run (QMP "cont"). Returns (output, rc)."""
    import json
    import socket
    import tempfile
    sock_path = tempfile.mktemp(prefix="axv-qmp-", suffix=".sock")
    cmd = qemu_cmd(build_firmware(vms, variant)) + [
        "-S", "-qmp", f"unix:{sock_path},server=on,wait=off"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
        time.sleep(1.0)  # QEMU's main loop moves a byte into the UART
        qmp = socket.socket(socket.AF_UNIX)
        for _ in range(50):
            try:
                qmp.connect(sock_path)
                break
            except OSError:
                time.sleep(0.1)
        f = qmp.makefile("rw")
        f.readline()  # greeting
        for c in ("qmp_capabilities", "cont"):
            f.write(json.dumps({"execute": c}) + "\n")
            f.flush()
            f.readline()
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    finally:
        if os.path.exists(sock_path):
            os.unlink(sock_path)
    return out.decode("utf-8", "replace").replace("\r\n", "\n"), proc.returncode


def test_input_typed_before_the_hypervisor_runs_is_not_lost():
    # The input is in QEMU's PL011 before any CPU runs: QEMU resets it with
    # the FIFO off, one byte held in the receiver. uart_init() must not
    # flush it by switching the FIFO on (drivers/pl011.c), so VM a gets all
    # of "to-a", not "o-a".
    text, rc = boot_paused_with_input(VMS, "console", STDIN)
    assert rc == 0, text[-3000:]
    per_vm = join_records(text)
    assert "a echo: to-a" in per_vm[NAMES["a"]], text[-3000:]
    assert "b echo: to-b" in per_vm[NAMES["b"]], text[-3000:]

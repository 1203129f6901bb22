"""riscv64 (issue 12): the hypervisor on the neutral core, QEMU virt.

Each test builds a firmware variant for BOARD=qemu-virt-riscv64 from VM
configs (configs/vms/*-riscv64.toml, through axvmconfig like every board),
boots it under OpenSBI fw_jump with a hard timeout and reads the console:
hypervisor lines start "[hv]", a VM's DBCN output "[<vm name>]" (records
glued back into whole lines, tests/integration/consolelog.py). Every run
ends by itself: the guests shut their VMs down with SBI SRST and the
hypervisor powers the machine off after the last one.
"""
import os
import re
import subprocess
import time

import pytest

from conftest import REPO, PYTHON, Boot, assert_in_order
from consolelog import timeline

BOARD = "qemu-virt-riscv64"
OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"

pytestmark = pytest.mark.skipif(
    not os.path.exists(OPENSBI), reason=f"Debian's opensbi not installed ({OPENSBI})")


def _make(*args, timeout=600):
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
         f"BOARD={BOARD}", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc.stdout


def rv_boot(guests, variant, timeout=60):
    """Build the VM set configs/vms/<guest>-riscv64.toml... and boot it."""
    vms = " ".join(f"configs/vms/{g}-riscv64.toml" for g in guests)
    sel = [f"VMS={vms}", f"VARIANT=rv-{variant}"]
    _make("firmware", *sel)
    cmd = _make("-s", "qemu-cmd", *sel).split()
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=REPO, input=b"", capture_output=True, timeout=timeout)
        out, rc, killed = proc.stdout, proc.returncode, False
    except subprocess.TimeoutExpired as exc:
        out, rc, killed = exc.stdout or b"", -9, True
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    # Whole lines: the console multiplexer may flush a slow VM's line in
    # pieces ("[name]+ ..."), e.g. DBCN byte by byte on a loaded host.
    glued = "\n".join(f"[{name}] {body}" for _, name, body in timeline(text)) + "\n"
    return Boot(glued, rc, killed, time.monotonic() - start)


def _ends_cleanly(run):
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0, run.output[-3000:]


def test_hello_greets_through_sbi_and_powers_off():
    run = rv_boot(["hello"], "hello")
    _ends_cleanly(run)
    assert_in_order(run.output, [
        r"^\[hv\] riscv64: boot hart \d in HS-mode",
        r"^\[hv\] vm 1 'hello': 1 vCPU",
        r"^\[hello\] Hello from a bare-metal guest! \(VS-mode, hart 3, DTB at 0x82000000\)",
        r"^\[hello\] hello: SBI spec 0x2000000, impl 0xa85c, HSM probe 1, PMU probe 0$",
        r"^\[hello\] hello: PMU call -> -2 \(not supported, as expected\)",
        r"^\[hello\] hello: DBCN write of a buffer in guest memory$",
        r"^\[hello\] hello: DBCN write -> 0, 46 bytes",
        r"^\[hello\] hello: DBCN write outside guest RAM -> -3 \(refused\)",
        r"^\[hv\] vm hello: .*VM powered off",
        r"^\[hv\] all VMs are off: powering off",
    ])


def test_smp_starts_and_stops_harts_with_hsm():
    # 4 vCPUs on the 4 harts: vCPU 0 starts 1..3 with HSM hart_start, each
    # stops itself (hart_stop), hart_get_status sees them stopped; a hart
    # the VM does not have and a start address outside its RAM are refused.
    run = rv_boot(["smp"], "smp")
    _ends_cleanly(run)
    assert_in_order(run.output, [
        r"^\[hv\] vm 2 'smp': 4 vCPU",
        r"^\[smp\] smp: boot hart 0 starts 3 others",
        r"^\[smp\] smp: hart 1 up \(opaque 0x101\)",
        r"^\[smp\] smp: hart 2 up \(opaque 0x102\)",
        r"^\[smp\] smp: hart 3 up \(opaque 0x103\)",
        r"^\[smp\] smp: all 3 secondaries stopped again",
        r"^\[smp\] smp: hart_start\(4\), not ours -> -3 \(refused\)",
        r"^\[smp\] smp: hart_start\(1\) at 0x1000 -> -5 \(refused\)",
        r"^\[hv\] vm smp: .*VM powered off",
        r"^\[hv\] all VMs are off: powering off",
    ])
    assert "hart_stop returned" not in run.output


def test_probe_attempts_are_all_refused():
    # Devices the VM does not own, memory outside its RAM, HS-mode CSRs:
    # every attempt comes back to the guest as a fault, never as data.
    run = rv_boot(["probe"], "probe")
    _ends_cleanly(run)
    lines = [l for l in run.lines("[probe] probe: ") if "->" in l]
    assert len(lines) == 14, run.output[-3000:]
    assert all("-> refused" in l for l in lines), "\n".join(lines)
    assert "[probe] probe: 14 attempts, 0 not refused" in run.output
    # Each fault was reflected by the core with a log line naming the IPA.
    assert_in_order(run.output, [
        r"^\[hv\] vm probe vcpu 0: read outside its memory, IPA 0x10000000 .*abort injected",
        r"^\[hv\] vm probe vcpu 0: write outside its memory, IPA 0x10000000 ",
        r"^\[hv\] vm probe vcpu 0: read outside its memory, IPA 0x84000000 ",
        r"^\[hv\] vm probe vcpu 0: instruction at pc 0x[0-9a-f]+ not emulated: undefined",
    ])
    # Its own emulated UART works through decoded loads (a compressed one)
    # and stores: the hypervisor fetched and decoded them itself.
    assert_in_order(run.output, [
        r"^\[probe\] probe: emulated UARTFR = 0x[0-9a-f]+ \(transmit FIFO empty\)",
        r"^\[probe\] probe: hello through the emulated UART",
        r"^\[hv\] vm probe: .*VM powered off",
    ])


def test_srst_reboot_restarts_the_vm_alone_with_fresh_memory():
    # 2 vCPUs: before each SRST cold reboot hart 1 spins in the guest (no
    # traps), so the reset has to kick it out; every boot finds pristine
    # memory and hart 1 stopped. The boot count survives in a DEVICE region.
    run = rv_boot(["resetter"], "resetter")
    _ends_cleanly(run)
    boots = run.lines("[resetter] resetter: boot ")
    assert boots == [f"[resetter] resetter: boot {n}: memory is fresh, other harts stopped"
                     for n in (1, 2, 3, 4)], run.output[-3000:]
    assert len(run.lines("[hv] vm resetter: SYSTEM_RESET")) == 3
    assert_in_order(run.output, [
        r"^\[resetter\] resetter: done after 3 resets",
        r"^\[hv\] vm resetter: .*VM powered off",
        r"^\[hv\] all VMs are off: powering off",
    ])


def test_timer_and_ipis_reach_the_guest():
    # VS-mode timer interrupts armed through SBI set_timer and through
    # stimecmp (Sstc), a self IPI and one to the VM's other hart, each taken
    # by the guest's own vector; no tick comes before its deadline.
    run = rv_boot(["ticker"], "ticker")
    _ends_cleanly(run)
    assert_in_order(run.output, [
        r"^\[ticker\] ticker: 5 ticks through SBI set_timer in \d+ ms",
        r"^\[ticker\] ticker: 5 ticks through stimecmp \(Sstc\) in \d+ ms",
        r"^\[ticker\] ticker: self IPI received",
        r"^\[ticker\] ticker: hart 1 got its IPI",
        r"^\[ticker\] ticker: 0 early ticks, 0 unexpected traps, hart 0 IPIs 1$",
        r"^\[hv\] vm ticker: .*VM powered off",
    ])
    for ms in re.findall(r"^\[ticker\] ticker: 5 ticks through .* in (\d+) ms", run.output, re.M):
        assert int(ms) >= 50  # five 10 ms periods, never shorter


def test_three_vms_side_by_side_power_off_alone():
    # ticker (harts 0-1), probe (hart 2) and hello (hart 3) at once, each in
    # its own memory: each SRST shutdown stops only its own VM (the others
    # still run and power off later), the machine powers off after the last.
    run = rv_boot(["ticker", "probe", "hello"], "three")
    _ends_cleanly(run)
    assert "AxVisor (C) on qemu-virt-riscv64: 4 CPUs, 3 VM(s)" in run.output
    assert "[probe] probe: 14 attempts, 0 not refused" in run.output
    assert "[hello] hello: DBCN write outside guest RAM -> -3 (refused)" in run.output
    assert "[ticker] ticker: 0 early ticks, 0 unexpected traps, hart 0 IPIs 1" in run.output
    offs = [l.split(":")[0] for l in run.lines("[hv] vm ") if l.endswith("VM powered off")]
    assert sorted(offs) == ["[hv] vm hello", "[hv] vm probe", "[hv] vm ticker"], offs
    assert_in_order(run.output, [r"^\[hv\] vm \w+: .*VM powered off"] * 3 +
                    [r"^\[hv\] all VMs are off: powering off"])
    assert run.output.count("all VMs are off") == 1

"""riscv64 (issue 12): the standalone HS-mode hypervisor on QEMU virt.

Each test builds a firmware variant for BOARD=qemu-virt-riscv64 with one
bare-metal guest bound in (hypervisor/arch/riscv64/arch.mk: RV_GUEST,
RV_VM_VCPUS), boots it under OpenSBI fw_jump with a hard timeout and reads
the console. Every run ends by itself: the guest shuts its VM down with SBI
SRST and the hypervisor powers the machine off after its last VM.
"""
import os
import re
import subprocess
import time

import pytest

from conftest import REPO, PYTHON, Boot, assert_in_order

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


def rv_boot(guest, vcpus=1, timeout=60):
    """Build the variant `rv-<guest>-<vcpus>` and boot it; a Boot record."""
    sel = ["RV_STANDALONE=1", f"RV_GUEST={guest}", f"RV_VM_VCPUS={vcpus}",
           f"VARIANT=rv-{guest}-{vcpus}"]
    _make("firmware", *sel)
    cmd = _make("-s", "qemu-cmd", *sel).split()
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=REPO, input=b"", capture_output=True, timeout=timeout)
        out, rc, killed = proc.stdout, proc.returncode, False
    except subprocess.TimeoutExpired as exc:
        out, rc, killed = exc.stdout or b"", -9, True
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    return Boot(text, rc, killed, time.monotonic() - start)


def _ends_cleanly(run):
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0, run.output[-3000:]


def test_hello_greets_through_sbi_and_powers_off():
    run = rv_boot("hello")
    _ends_cleanly(run)
    assert_in_order(run.output, [
        r"^\[hv\] AxVisor \(C\) riscv64: boot hart \d, HS-mode",
        r"^\[hv\] VM hello: 1 vCPU",
        r"^Hello from a bare-metal guest! \(VS-mode, hart 0",
        r"^hello: SBI spec 0x2000000, impl 0xa85c, HSM probe 1, PMU probe 0$",
        r"^hello: PMU call -> -2 \(not supported, as expected\)",
        r"^hello: DBCN write of a buffer in guest memory$",
        r"^hello: DBCN write -> 0, 46 bytes",
        r"^hello: DBCN write outside guest RAM -> -3 \(refused\)",
        r"^\[hv\] VM hello off \(SBI SRST shutdown\)",
        r"^\[hv\] last VM off: powering off",
    ])


def test_smp_starts_and_stops_harts_with_hsm():
    # 4 vCPUs on the 4 harts: vCPU 0 starts 1..3 with HSM hart_start, each
    # stops itself (hart_stop), hart_get_status sees them stopped; a hart
    # the VM does not have and a start address outside its RAM are refused.
    run = rv_boot("smp", vcpus=4)
    _ends_cleanly(run)
    assert_in_order(run.output, [
        r"^\[hv\] VM smp: 4 vCPU",
        r"^smp: boot hart 0 starts 3 others",
        r"^smp: hart 1 up \(opaque 0x101\)",
        r"^smp: hart 2 up \(opaque 0x102\)",
        r"^smp: hart 3 up \(opaque 0x103\)",
        r"^smp: all 3 secondaries stopped again",
        r"^smp: hart_start\(4\), not ours -> -3 \(refused\)",
        r"^smp: hart_start\(1\) at 0x1000 -> -5 \(refused\)",
        r"^\[hv\] VM smp off",
        r"^\[hv\] last VM off: powering off",
    ])
    assert "hart_stop returned" not in run.output


def test_probe_attempts_are_all_refused():
    # Devices the VM does not own, memory outside its RAM, HS-mode CSRs:
    # every attempt comes back to the guest as a fault, never as data.
    run = rv_boot("probe")
    _ends_cleanly(run)
    lines = [l for l in run.lines("probe: ") if "->" in l]
    assert len(lines) == 14, run.output[-3000:]
    assert all("-> refused" in l for l in lines), "\n".join(lines)
    assert "probe: 14 attempts, 0 not refused" in run.output
    # The hypervisor decoded the faulting instructions itself (HLVX fetch),
    # including the compressed one: width and register are in its log.
    assert_in_order(run.output, [
        r"^\[hv\] VM probe vCPU 0: 4-byte load of x\d+ at GPA 0x10000000 .*access fault injected",
        r"^\[hv\] VM probe vCPU 0: 8-byte store of x\d+ at GPA 0x10000000 ",
        r"^\[hv\] VM probe vCPU 0: 4-byte load of x15 at GPA 0xc000004 ",
        r"^\[hv\] VM probe off",
    ])


def test_srst_reboot_restarts_the_vm_alone_with_fresh_memory():
    # 2 vCPUs: before each SRST cold reboot hart 1 spins in the guest (no
    # traps), so the reset has to kick it out; every boot finds pristine
    # memory and hart 1 stopped. The boot count survives in the NVRAM page.
    run = rv_boot("resetter", vcpus=2)
    _ends_cleanly(run)
    boots = [l for l in run.lines("resetter: boot ")]
    assert boots == [f"resetter: boot {n}: memory is fresh, other harts stopped"
                     for n in (1, 2, 3, 4)], run.output[-3000:]
    assert run.output.count("[hv] VM resetter reset") == 3
    assert_in_order(run.output, [
        r"^resetter: done after 3 resets",
        r"^\[hv\] VM resetter off",
        r"^\[hv\] last VM off: powering off",
    ])


def test_timer_and_ipis_reach_the_guest():
    # VS-mode timer interrupts armed through SBI set_timer and through
    # stimecmp (Sstc), a self IPI and one to the VM's other hart, each taken
    # by the guest's own vector; no tick comes before its deadline.
    run = rv_boot("ticker", vcpus=2)
    _ends_cleanly(run)
    assert_in_order(run.output, [
        r"^ticker: 5 ticks through SBI set_timer in \d+ ms",
        r"^ticker: 5 ticks through stimecmp \(Sstc\) in \d+ ms",
        r"^ticker: self IPI received",
        r"^ticker: hart 1 got its IPI",
        r"^ticker: 0 early ticks, 0 unexpected traps, hart 0 IPIs 1$",
        r"^\[hv\] VM ticker off",
    ])
    for ms in re.findall(r"^ticker: 5 ticks through .* in (\d+) ms", run.output, re.M):
        assert int(ms) >= 50  # five 10 ms periods, never shorter

"""The virtual GICv3 and the virtual timer, end to end in QEMU, driven by
the bare-metal guest images/vgic-test (system-register CPU interface,
interrupts polled through ICC_IAR1_EL1)."""
import re

from conftest import assert_in_order, boot

VGIC_TEST = ["configs/vms/vgic-test.toml"]


def test_vgic_guest_passes():
    run = boot(VGIC_TEST, "vgic", timeout=60)
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    fails = [l for l in run.output.splitlines() if "vgic-test:" in l and "FAIL" in l]
    assert not fails, "\n".join(fails)
    assert_in_order(run.output, [
        r"vgic-test: GICv3 \(PIDR2.ArchRev\): ok",
        r"vgic-test: SGI to self: got INTID 1$",
        r"vgic-test: timer: 10 ticks at 100 Hz",
        r"vgic-test: unowned SPIs RAZ/WI: ok",
        r"vgic-test: EL1 physical timer .*: ok",
        r"vgic-test: PASS \(0 failures\)",
        r"^\[hv\].*vgic-test.*off",
    ])


def test_vgic_guest_clock_is_the_machines():
    # CNTVOFF_EL2 = 0 (vgic/vtimer.c: a guest CVAL near 2^64 must not
    # freeze QEMU 7.2): the guest's virtual counter is the machine's count
    # since QEMU started, so at most the run's length (62.5 MHz).
    run = boot(VGIC_TEST, "vgic", timeout=60)
    m = re.search(r"virtual counter at start (\d+)", run.output)
    assert m, run.output[-2000:]
    assert 0 < int(m.group(1)) < int((run.seconds + 1) * 62_500_000)

"""The Debian arm64 Linux guest on QEMU virt with a GICv2 (issue 14).

Board qemu-virt-aarch64-gicv2 (IRQCHIP gicv2: vgic2/ on GICH list
registers, the guest's GICC window mapped to GICV), whatever BOARD the rest
of the suite runs on. Linux (configs/vms/linux-aarch64.toml, 2 vCPUs) must
find a GICv2 ("GIC-0" chip), bring up its second CPU, count timer ticks and
IPIs (GICD_SGIR emulated) on both, take typed input (the emulated PL011's
SPI through the virtual distributor), and power the machine off.
"""
import re

from conftest import REPO, make
from qemu_console import QemuConsole
from test_linux import LOG_DIR, JOB, cpu_count, interrupts, ipi_sums, sh, wait_ready

GICV2_BOARD = "qemu-virt-aarch64-gicv2"
LINUX = "configs/vms/linux-aarch64.toml"


def test_linux_boots_on_gicv2_and_powers_off():
    sel = ["BOARD=%s" % GICV2_BOARD, "VMS=%s" % LINUX, "VARIANT=linux"]
    make("firmware", *sel)
    argv = ["timeout", "--signal=KILL", "300"] + make("-s", "qemu-cmd", *sel).split()
    assert "gic-version=2" in " ".join(argv)
    with QemuConsole(argv, log_path=str(LOG_DIR / "test_linux_gicv2.log")) as con:
        wait_ready(con)
        print("GICv2: Linux ready after %.1f s" % con.elapsed())
        assert cpu_count(con) == 2
        rc, text = sh(con, "cat /proc/interrupts")
        assert rc == 0 and "GIC-0" in text and "GICv3" not in text, text
        ncpu, before = interrupts(con)
        rc, out = sh(con, "sleep 1; " + JOB.replace("/tmp/job", "/tmp/warm"), 120)
        assert rc == 0, out
        _, after = interrupts(con)
        for cpu in range(ncpu):
            assert after["arch_timer"][cpu] > before["arch_timer"][cpu], (before, after)
        assert all(n > 0 for n in ipi_sums(after, ncpu)), after
        rc, dmesg = sh(con, "dmesg")
        bad = [l for l in dmesg.splitlines()
               if re.search(r"gic|arch_timer", l, re.I) and re.search(r"warn|error|fail|bug", l, re.I)]
        assert not bad, bad
        con.sendline("poweroff")
        con.expect(r"^\[hv\] all VMs are off: powering off the machine\r?$", 90)
        assert con.wait_exit(30) == 0


def test_gicv2_board_builds_a_gicv2_hypervisor():
    """The firmware links the GICv2 driver and the guest DT names a GIC-400
    whose CPU interface is the window stage 2 maps to GICV."""
    sel = ["BOARD=%s" % GICV2_BOARD, "VMS=%s" % LINUX, "VARIANT=linux"]
    make("firmware", *sel)
    gen = REPO / "generated" / (GICV2_BOARD + "-linux")
    dts = (gen / "vm2.dts").read_text()
    assert '"arm,gic-400", "arm,cortex-a15-gic"' in dts
    assert "<0x0 0x8000000 0x0 0x1000>,\n\t\t      <0x0 0x8010000 0x0 0x2000>" in dts
    assert "{ .ipa = 0x8010000, .pa = 0x8040000, .size = 0x2000 }" in (gen / "config.c").read_text()

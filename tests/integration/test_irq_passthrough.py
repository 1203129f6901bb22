"""A passthrough device's interrupt, end to end in QEMU: images/irq-pt
(2 vCPUs) owns the PL031 RTC and its SPI (INTID 34) and routes it with
GICD_IROUTER first to vCPU 1, then to vCPU 0; each interrupt is injected
hardware-linked, so the guest's EOI must deactivate the physical SPI or
the second one never comes. images/irq-bystander runs beside it on another
CPU without the RTC: the SPI is RAZ/WI in its distributor, the RTC's
registers abort, and it never receives the interrupt."""
import re

from conftest import assert_in_order, boot
from consolelog import per_vm

VMS = ["configs/vms/irq-pt.toml", "configs/vms/irq-bystander.toml"]


def test_passthrough_irq_reaches_only_its_owner_on_the_routed_vcpu():
    run = boot(VMS, "irqpt", timeout=60)
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    vms = per_vm(run.output)
    owner = "\n".join(vms.get("irq-pt", []))
    other = "\n".join(vms.get("irq-bystander", []))
    hv = "\n".join(vms.get("hv", []))

    assert "FAIL" not in owner, owner
    assert_in_order(owner, [
        r"^irq-pt: CPU_ON\(0x1\) = 0, vcpu 1 up$",
        r"^irq-pt: GICD_ISENABLER1 = 0x4$",
        r"^irq-pt: IROUTER\[34\] = 0x1 \(vcpu 1\), RTC armed$",
        r"^irq-pt: irq 34 on vcpu 1$",
        r"^irq-pt: IROUTER\[34\] = 0x0 \(vcpu 0\), RTC armed$",
        r"^irq-pt: irq 34 on vcpu 0$",
        r"^irq-pt: counts: vcpu 0 got 1, vcpu 1 got 1, other irqs 0$",
        r"^irq-pt: PASS \(0 failures\)$",
    ])
    # Exactly one interrupt per round, none anywhere else.
    assert len(re.findall(r"^irq-pt: irq 34 on vcpu", owner, re.M)) == 2, owner
    assert "unexpected irq" not in owner, owner

    assert_in_order(other, [
        r"^bystander: ISENABLER for irq 34 reads 0x0 after enabling: RAZ/WI ok$",
        r"^bystander: RTC read at 0x9010000: external abort ok",
        r"^bystander: listened \d+ ms: 0 interrupts, 0 of them irq 34$",
    ])
    assert "got irq" not in other, other
    # It listened for the owner's whole run: its verdict comes after the
    # owner's last interrupt in the console's timeline.
    assert (run.output.index("irq 34 on vcpu 0")
            < run.output.index("bystander: listened")), run.output[-3000:]

    assert_in_order(hv, [
        r"vm irq-pt: SYSTEM_OFF: VM powered off",
        r"vm irq-bystander: SYSTEM_OFF: VM powered off",
        r"all VMs are off: powering off the machine",
    ])

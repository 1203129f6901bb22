"""The foundation end to end: one TOML config → tables → firmware → QEMU."""
from conftest import assert_in_order, boot

HELLO = ["configs/vms/hello-aarch64.toml"]


def test_hello_greets_and_powers_off():
    # The guest prints through the passed-through PL011, calls PSCI
    # SYSTEM_OFF; the hypervisor sees its last VM off and powers QEMU off.
    run = boot(HELLO, "hello", timeout=60)
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    assert_in_order(run.output, [
        r"^\[hv\]",                     # the hypervisor's own log comes first
        r"Hello from a bare-metal guest",
        r"^\[hv\].*hello.*off",         # the VM's power-off is logged
        r"^\[hv\].*power(ing)? off",    # then the machine's
    ])

"""Issue 18: a guest sees a machine that behaves as specified. The
architectural guest images/archtest (PMU, self-hosted debug, both EL1
timers with their PPI disabled/enabled/masked in every order, pending SGIs
behind active list registers, racing PSCI CPU_ON, SMCCC feature probes then
a real fault) runs under the hypervisor and natively at EL1 on plain QEMU;
every check must pass on both, and the same checks must be made."""
import re
import subprocess

from conftest import REPO, assert_in_order, boot, make

ARCHTEST = ["configs/vms/archtest.toml"]
CHECK = re.compile(r"archtest: (.+): (ok|FAIL)$", re.M)


def checks(text):
    return dict(CHECK.findall(text))


def native_run():
    """The same image at EL1 on plain QEMU virt (no EL2): GICv3, 3 CPUs,
    PSCI by HVC from QEMU itself."""
    make("build/images/archtest/archtest.elf")
    cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a72",
           "-smp", "3", "-m", "2G", "-nographic", "-kernel",
           str(REPO / "build/images/archtest/archtest.elf")]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=60)
    return proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")


def test_archtest_under_hypervisor():
    run = boot(ARCHTEST, "archtest", timeout=90)
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    got = checks(run.output)
    fails = [k for k, v in got.items() if v != "ok"]
    assert not fails, "\n".join(fails) + "\n" + run.output[-4000:]
    for name in ["hardware breakpoint fires", "watchpoint fires",
                 "single-step steps three instructions",
                 "PMU event counter counts", "PMU overflow interrupt (PPI 23) delivered",
                 "vtimer disabled then cleared: no stale interrupt",
                 "ptimer enabled fires", "ptimer after ICPENDR: fires again",
                 "vtimer after ICPENDR: fires again",
                 "vtimer CVAL near 2^64: not expired, machine alive",
                 "14 pending SGIs all delivered past 2 active ones",
                 "racing CPU_ON: one SUCCESS, one ALREADY_ON"]:
        assert got.get(name) == "ok", name
    assert_in_order(run.output, [
        r"archtest: PASS \(0 failures\)",
        r"^\[hv\].*archtest.*off",
    ])


def test_archtest_fault_logged_after_probes():
    # 100 unsupported SMCCC calls use their own log budget: the real fault
    # that follows is still logged.
    run = boot(ARCHTEST, "archtest", timeout=90)
    assert "64 unsupported calls logged" in run.output
    assert re.search(r"^\[hv\] vm archtest vcpu 0: read outside its memory, IPA 0xf000000",
                     run.output, re.M), run.output[-3000:]


def test_archtest_gic_promises_no_lpis():
    # GICD_TYPER.LPIS = 0 and the guest DT has no ITS / MSI controller.
    run = boot(ARCHTEST, "archtest", timeout=90)
    assert "archtest: info: GICD_TYPER.LPIS 0 GICR_TYPER.PLPIS 0" in run.output
    dts = (REPO / "generated/qemu-virt-aarch64-archtest/vm41.dts").read_text()
    for word in ("gic-v3-its", "msi-controller", "msi-parent", "msi-map"):
        assert word not in dts


# QEMU 7.2's own PSCI (the native reference) is not atomic between two CPUs
# calling CPU_ON for the same target at once: natively both have been seen
# to get SUCCESS on a loaded host. Under the hypervisor the answer is
# serialised per VM and checked by test_archtest_under_hypervisor; natively
# the race is reported, not compared.
NATIVE_RACY = {"racing CPU_ON: one SUCCESS, one ALREADY_ON"}


def test_archtest_same_as_plain_qemu():
    native = native_run()
    nat = {k: v for k, v in checks(native).items() if k not in NATIVE_RACY}
    failed = [k for k, v in nat.items() if v != "ok"]
    assert nat and not failed, native[-3000:]
    run = boot(ARCHTEST, "archtest", timeout=90)
    vm = checks(run.output)
    assert vm["racing CPU_ON: one SUCCESS, one ALREADY_ON"] == "ok"
    assert {k: v for k, v in vm.items() if k not in NATIVE_RACY} == nat

"""Static partitioning (issue 4): several VMs on their own CPUs, SMP guests
with PSCI, per-VM power-off, isolation against a hostile guest, per-VM
reset with fresh memory. Each run boots a firmware variant in QEMU under a
timeout and reads the console, de-multiplexed per VM."""
import re

import pytest

from conftest import boot
from consolelog import per_vm, timeline

C = "configs/vms/"


def when(text, name, line):
    """Record number where VM `name` printed `line` (a regex, full match)."""
    for no, n, body in timeline(text):
        if n == name and re.fullmatch(line, body):
            return no
    raise AssertionError(f"[{name}] {line!r} not in output:\n{text[-3000:]}")


def clean_exit(run):
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    assert "PANIC" not in run.output
    hv = per_vm(run.output)["hv"]
    assert hv[-1] == "all VMs are off: powering off the machine", hv[-5:]
    return hv


def beats(lines):
    return [int(m.group(1)) for l in lines if (m := re.fullmatch(r"heartbeat (\d+)", l))]


def test_smp_guest_starts_secondaries_with_psci():
    run = boot([C + "smp-aarch64.toml"], "smp", timeout=60)
    hv = clean_exit(run)
    smp = per_vm(run.output)["smp"]
    assert "smp: boot vCPU MPIDR 0x1, PSCI version 0x10001, 3 vCPUs" in smp
    # Each secondary runs on its own CPU and sees the MPIDR of its config.
    assert "smp: CPU_ON(MPIDR 0x2) = 0" in smp
    assert "smp: CPU_ON(MPIDR 0x3) = 0" in smp
    assert "smp: secondary vCPU 1 up, MPIDR 0x2" in smp
    assert "smp: secondary vCPU 2 up, MPIDR 0x3" in smp
    assert "smp: all 2 secondaries are off again" in smp
    assert "smp: CPU_ON of MPIDR 0x0 (not ours) = -2 (refused as expected)" in smp
    assert "smp: CPU_ON of itself over SMC = -4 (ALREADY_ON as expected)" in smp
    assert "vm smp: SYSTEM_OFF: VM powered off" in hv
    # CPU 0 hosts nothing: it idles; no CPU is left unstarted here.
    assert not any("left powered off" in l for l in hv)


def test_three_vms_run_side_by_side():
    vms = [C + "heartbeat-a.toml", C + "heartbeat-b.toml", C + "heartbeat-c.toml"]
    run = boot(vms, "multi", timeout=60)
    hv = clean_exit(run)
    out = per_vm(run.output)
    assert beats(out["beat-a"]) == list(range(1, 11))
    assert beats(out["beat-b"]) == list(range(1, 11))
    assert beats(out["beat-c"]) == list(range(1, 7))
    assert "heartbeat: up on MPIDR 0x0, 10 beats every 100 ms" in out["beat-a"]
    assert "heartbeat: up on MPIDR 0x2, 10 beats every 100 ms" in out["beat-b"]
    assert "heartbeat: up on MPIDR 0x3, 6 beats every 150 ms" in out["beat-c"]
    assert "cpu 1: no vCPU assigned, left powered off" in hv
    # Each VM powers off on its own; only the last one takes the machine down.
    offs = [l for l in hv if l.endswith("SYSTEM_OFF: VM powered off")]
    assert len(offs) == 3
    # They really ran at the same time: each VM's first beat comes before
    # every other VM's last one.
    t = run.output
    for a in ("beat-a", "beat-b", "beat-c"):
        for b in ("beat-a", "beat-b", "beat-c"):
            assert when(t, a, "heartbeat 1") < when(t, b, r"heartbeat: done, \d+ beats")


@pytest.fixture(scope="module")
def isolation():
    vms = [C + "heartbeat-long.toml", C + "attacker-aarch64.toml", C + "heartbeat-b.toml"]
    return boot(vms, "isolation", timeout=90)


ATTACKS = [
    "read victim RAM 0x50000000", "write victim RAM 0x50001000",
    "read other VM RAM 0x70000000", "write other VM RAM 0x70000000",
    "read hypervisor text 0x40200000", "write hypervisor text 0x40200000",
    "read hypervisor memory 0x40000000", "write hypervisor memory 0x48000000",
    "execute victim RAM 0x50000000", "execute hypervisor text 0x40200000",
    "read unassigned device (PL031) 0x9010000",
    "write unassigned device (virtio-mmio) 0xa000000",
    "read ACTLR_EL1 0x0", "write ACTLR_EL1 0x0",
    "read IMP DEF S3_0_C15_C0_0 0x0", "read HCR_EL2 from EL1 0x0",
    "LDP on its own virtual UART (ISV=0) 0x9000000",
]


def test_attacker_is_stopped_at_every_attempt(isolation):
    clean_exit(isolation)
    att = per_vm(isolation.output)["attacker"]
    for what in ATTACKS:
        assert any(re.fullmatch(rf"attack \d+: {re.escape(what)}: blocked \(.*\)", l)
                   for l in att), f"{what}: {att}"
    for mpidr in ("0x0", "0x2", "0x3"):
        assert any(f"CPU_ON of MPIDR {mpidr} (not ours) = -2: blocked" in l for l in att)
    for fid in ("0xc6000000", "0x82000000", "0x12345678", "0x8400ffff"):
        assert any(f"HVC/SMC function {fid} = -1/-1: blocked (NOT_SUPPORTED)" in l for l in att)
    assert any("DC CISW (set/way): contained" in l for l in att)
    # PMU and debug registers are the vCPU's own CPU's (issue 18).
    assert any("MDSCR_EL1 write 0xa000, read back 0xa000: contained (its own CPU's)" in l
               for l in att)
    for what in ("read PMCR_EL0", "write PMCR_EL0", "read PMCCNTR_EL0"):
        assert any(f"{what}: contained (its own CPU's)" in l for l in att), what
    assert any("AArch32 EL0 MRC p14 DBGDIDR: contained" in l for l in att)
    assert not any("NOT BLOCKED" in l for l in att)
    assert "attacker: 34 of 34 attempts blocked - isolation holds" in att


def test_aborts_are_external_and_undef_is_undefined(isolation):
    att = per_vm(isolation.output)["attacker"]
    # Data aborts: EC 0x25 (same EL), FSC 0x10 (synchronous external abort).
    assert any("read victim RAM" in l and "ESR_EL1 0x96000010" in l for l in att)
    assert any("write victim RAM" in l and "ESR_EL1 0x96000050" in l for l in att)
    # Instruction abort: EC 0x21; UNDEFINED: EC 0, IL set.
    assert any("execute victim RAM" in l and "ESR_EL1 0x86000010" in l for l in att)
    assert any("read ACTLR_EL1" in l and "ESR_EL1 0x2000000" in l for l in att)
    # A CP14 access from AArch32 EL0 is no longer trapped (the debug
    # registers are the vCPU's own CPU's): the SVC after it is reached.
    assert any("AArch32 EL0 MRC p14 DBGDIDR" in l and "ESR_EL1 0x46" in l for l in att)


def test_hypervisor_logs_vm_vcpu_address_syndrome(isolation):
    hv = per_vm(isolation.output)["hv"]
    assert any(re.fullmatch(r"vm attacker vcpu 0: read outside its memory, IPA 0x50000000 "
                            r"ESR 0x[0-9a-f]+ ELR 0x[0-9a-f]+: external abort injected", l)
               for l in hv)
    assert any("vm attacker vcpu 0: instruction fetch outside its memory, IPA 0x40200000" in l
               for l in hv)
    assert any("vm attacker vcpu 0: trapped sysreg op0=3 op1=0 CRn=1 CRm=0 op2=1 read" in l
               for l in hv)
    assert any("vm attacker vcpu 0: read of emulated device at IPA 0x9000000 cannot be emulated"
               in l for l in hv)
    assert any("vm attacker vcpu 0: SMCCC function 0x12345678 not supported" in l for l in hv)
    # PMU and CP14 debug accesses no longer trap (the vCPU's own CPU's).
    assert not any("trapped sysreg op0=3 op1=3 CRn=9" in l for l in hv)
    assert not any("trapped instruction EC=0x5" in l for l in hv)
    # Nothing the guest did stopped a VM or the hypervisor.
    assert not any("stopping the VM" in l or "unhandled" in l for l in hv)


def test_victims_heartbeats_unbroken(isolation):
    out = per_vm(isolation.output)
    assert beats(out["beat-long"]) == list(range(1, 31))
    assert beats(out["beat-b"]) == list(range(1, 11))
    # The attack happened while the victim was beating.
    t = isolation.output
    assert when(t, "beat-long", "heartbeat: up.*") < when(t, "attacker", ".*isolation holds") \
        < when(t, "beat-long", "heartbeat 30")


def test_reset_restarts_one_vm_with_fresh_memory():
    run = boot([C + "heartbeat-long.toml", C + "resetter-aarch64.toml"], "reset", timeout=90)
    hv = clean_exit(run)
    out = per_vm(run.output)
    res = out["resetter"]
    for n in range(1, 5):
        assert (f"resetter: boot {n}: data=0x1234 bss=0x0 marker=0x0: memory is fresh"
                in res), res
    assert "resetter: done after 3 resets" in res
    assert not any("STALE" in l for l in res)
    reloads = [l for l in hv if l.startswith("vm resetter: memory cleared, 2 image(s) SHA-256 "
                                              "verified and reloaded")]
    assert len(reloads) == 3
    # The other VM kept running through the three resets.
    assert beats(out["beat-long"]) == list(range(1, 31))
    t = run.output
    assert when(t, "beat-long", "heartbeat 1") < when(t, "resetter", "resetter: boot 4:.*") \
        < when(t, "beat-long", "heartbeat 30")


def test_smp_vm_reset_and_off_while_vcpus_spin():
    # Secondaries spin in the guest without trapping: the hypervisor must
    # kick them out (SGI) before it clears and reloads the VM's memory.
    run = boot([C + "heartbeat-a.toml", C + "smp-reset-aarch64.toml"], "smpreset", timeout=90)
    hv = clean_exit(run)
    out = per_vm(run.output)
    sr = out["smp-reset"]
    for b in (1, 2, 3):
        assert f"smp-reset: boot {b}: memory is fresh" in sr, sr
        assert f"smp-reset: boot {b}: vCPU 1 up, MPIDR 0x2" in sr
        assert f"smp-reset: boot {b}: vCPU 2 up, MPIDR 0x3" in sr
    assert "smp-reset: boot 3: SYSTEM_OFF while 2 vCPUs spin" in sr
    assert not any("still in its guest" in l for l in hv), hv
    assert beats(out["beat-a"]) == list(range(1, 11))


def test_corrupt_pristine_image_is_not_started(tmp_path):
    # Flip one byte of the hello guest inside the firmware: its SHA-256 no
    # longer matches the table, so the VM is not started, the log says why,
    # and with nothing left to run the machine powers off.
    from conftest import build_firmware, qemu_cmd, REPO
    import subprocess
    sel = build_firmware(["configs/vms/hello-aarch64.toml"], "corrupt")
    cmd = qemu_cmd(sel)
    fw = REPO / cmd[cmd.index("-kernel") + 1]
    guest = (REPO / "build/images/hello/hello.bin").read_bytes()
    data = bytearray(fw.read_bytes())
    at = data.find(guest)
    assert at > 0
    data[at + len(guest) // 2] ^= 0x01
    bad = tmp_path / "axvisor-corrupt.bin"
    bad.write_bytes(bytes(data))
    cmd[cmd.index("-kernel") + 1] = str(bad)
    proc = subprocess.run(cmd, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=60)
    text = proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    assert proc.returncode == 0
    hv = per_vm(text)["hv"]
    assert any(re.fullmatch(r"vm hello: images\[0\] \(\d+ bytes\): SHA-256 mismatch, "
                            r"pristine copy corrupt", l) for l in hv), hv
    assert any(l.startswith("vm hello: not started") for l in hv)
    assert "Hello from a bare-metal guest" not in text
    assert hv[-1] == "no VM could be started: powering off the machine"

"""x86_64 on AMD SVM (issue 13) on the neutral core: the qemu-pc-x86_64
firmware boots through Multiboot, enables SVM on each CPU it uses, runs
bare-metal guests under nested paging -- their COM1 emulated on the console
multiplexer, CPUID/MSR/VMMCALL intercepted and stepped over (no NRIPS: the
instruction length is decoded) -- and powers QEMU off when the last VM
writes the shutdown port.

Independent of the BOARD the suite runs with: it names its board."""
import subprocess
import time

import pytest

from conftest import PYTHON, REPO, Boot, assert_in_order
from consolelog import per_vm, timeline

X86_BOARD = "qemu-pc-x86_64"


def make_x86(*args, timeout=600):
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
         f"BOARD={X86_BOARD}", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc.stdout


def boot_x86(vms=None, variant=None, timeout=120):
    sel = ([f"VMS={' '.join(vms)}"] if vms else []) + ([f"VARIANT={variant}"] if variant else [])
    make_x86("firmware", *sel)
    cmd = make_x86("-s", "qemu-cmd", *sel).split()
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=REPO, input=b"", capture_output=True, timeout=timeout)
        out, rc, killed = proc.stdout, proc.returncode, False
    except subprocess.TimeoutExpired as exc:
        out, rc, killed = exc.stdout or b"", -9, True
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    return Boot(text, rc, killed, time.monotonic() - start)


def clean_exit(run):
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    assert "PANIC" not in run.output
    hv = per_vm(run.output)["hv"]
    assert hv[-1] == "all VMs are off: powering off the machine", hv[-5:]
    return hv


def test_x86_hello_boots_under_svm_and_powers_off():
    run = boot_x86()
    hv = clean_exit(run)
    assert_in_order(run.output, [
        r"^\[hv\] x86_64 \(AMD SVM\), multiboot magic 0x2badb002, TSC \d+ kHz",
        r"^\[hv\] e820: 0x100000-0x7ffdefff type 1$",   # the board.toml RAM bank
        r"^\[hv\] AxVisor \(C\) on qemu-pc-x86_64: 4 CPUs, 1 VM\(s\), boot CPU 0$",
        r"^\[hv\] cpu 0 \(APIC id 0\): SVM on$",
    ])
    # The image was checked against axvmconfig's SHA-256 before it ran.
    assert "vm 1 'hello-x86_64': 1 vCPU(s), entry 0x100000, 1 region(s), 1 image(s) verified" in hv
    assert per_vm(run.output)["hello-x86_64"] == [
        "Hello from a bare-metal x86_64 guest",
        # CPUID intercepted: hypervisor bit on, SVM hidden from the guest.
        "cpuid vendor: AuthenticAMD, hypervisor bit set, SVM hidden",
        # EFER as the guest wrote it (LME) plus LMA; SVME, which the VMCB
        # must hold, is not shown to it.
        "EFER: 0x0000000000000500",
        "vmmcall 0x1234 -> 0xffffffffffffffff",        # unknown hypercall: -1
        "x86_64 guest done, powering off",
    ]
    assert "vm hello-x86_64 vcpu 0: VMMCALL function 0x1234 not supported" in hv
    assert "vm hello-x86_64: SYSTEM_OFF: VM powered off" in hv


def test_x86_attacker_is_refused_and_neighbour_keeps_running():
    # The x86 twin of the attacker guest (CPU 1) beside a neighbour (CPU 2)
    # that checks its own image before each beat. Every attempt -- memory
    # outside its RAM (hypervisor, other VM, host APIC/IOAPIC), foreign
    # ports, host MSRs, SVM instructions -- is refused the way the guest
    # expects (#GP, #UD, all-ones reads); the neighbour's beats go on with
    # its memory intact, each VM powers itself off, then the machine.
    run = boot_x86(["configs/vms/attacker-x86_64.toml", "configs/vms/heartbeat-x86_64.toml"],
                   "attack")
    hv = clean_exit(run)
    vms = per_vm(run.output)
    for cpu in (1, 2):
        assert f"cpu {cpu} (APIC id {cpu}): SVM on" in hv
    attack = [l for l in vms["attacker-x86_64"] if l.startswith("attacker-x86_64: ")]
    verdicts = [l for l in attack if ": refused (" in l or "NOT REFUSED" in l]
    assert len(verdicts) == 26, attack
    assert not [l for l in verdicts if "NOT REFUSED" in l], attack
    assert "attacker-x86_64: 26 attempts, 26 refused: all refused" in attack
    for what in ("write outside its memory, IPA 0xfee00300",
                 "instruction fetch outside its memory, IPA 0x2000000",
                 "read outside its memory, IPA 0xfec00000"):
        assert any(l.startswith(f"vm attacker-x86_64 vcpu 0: {what}") for l in hv), hv
    for what in ("read of MSR 0xc0010117 refused: #GP",
                 "read of port 0xcfc it does not own: all ones"):
        assert f"vm attacker-x86_64: {what}" in hv, hv
    assert any("instruction at pc" in l and "undefined injected" in l for l in hv), hv
    beats = [l for l in vms["heartbeat-x86"] if " beat " in l]
    assert beats == [f"heartbeat-x86_64: beat {i}, memory intact" for i in range(1, 13)]
    assert vms["heartbeat-x86"][-1] == "heartbeat-x86_64: done"
    assert "vm attacker-x86_64: SYSTEM_OFF: VM powered off" in hv
    assert "vm heartbeat-x86: SYSTEM_OFF: VM powered off" in hv


def test_x86_vm_reset_reloads_fresh_memory_and_spares_the_neighbour():
    # The reset ports go through the core's power API (POWER_VM_RESET):
    # memory cleared, the image re-checked against its SHA-256 and reloaded,
    # the vCPU restarted -- twice, by two different ports -- while the
    # hello VM on CPU 0 runs and powers itself off on its own.
    run = boot_x86(["configs/vms/resetter-x86_64.toml", "configs/vms/hello-x86_64.toml"],
                   "reset")
    hv = clean_exit(run)
    assert per_vm(run.output)["resetter-x86_64"] == [
        "resetter-x86_64: boot 1, memory fresh",
        "resetter-x86_64: reset through the keyboard controller",
        "resetter-x86_64: boot 2, memory fresh",
        "resetter-x86_64: reset through port 0xcf9",
        "resetter-x86_64: boot 3, memory fresh",
        "resetter-x86_64: done",
    ]
    assert hv.count("vm resetter-x86_64: SYSTEM_RESET") == 2
    for boot in (2, 3):
        assert (f"vm resetter-x86_64: memory cleared, 1 image(s) SHA-256 verified and "
                f"reloaded: boot {boot}") in hv
    assert per_vm(run.output)["hello-x86_64"][-1] == "x86_64 guest done, powering off"
    assert "vm hello-x86_64: SYSTEM_OFF: VM powered off" in hv


def _text_window(path, size):
    """--start/--stop-address options for the first `size` bytes of .text."""
    out = subprocess.run(["objdump", "-h", str(path)], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) > 3 and f[1] == ".text":
            start = int(f[3], 16)
            return [f"--start-address={start:#x}", f"--stop-address={start + size:#x}"]
    return []


def _objdump_lines(path, machine, limit):
    """Instruction bytes objdump decodes in `path`, one hex string each."""
    out = subprocess.run(["objdump", "-d", "-m", machine, "--insn-width=16",
                          *_text_window(path, 1 << 20), str(path)],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) >= 3 and not any(x in f[2] for x in ("(bad)", ".byte", "??")):
            lines.append(f[1].strip())
            if len(lines) == limit:
                break
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("machine,mode", [("i386:x86-64", 64), ("i386", 32)])
def test_x86_insn_length_matches_objdump(tmp_path, machine, mode):
    # The decoder that replaces NRIPS must agree with binutils on real code:
    # the x86 hypervisor image itself and QEMU's binary (a large, varied
    # corpus), decoded as 64-bit and as 32-bit code.
    make_x86("firmware")
    exe = tmp_path / "insn_check"
    subprocess.run(["gcc", "-O1", "-Wall", "-Werror", "-Ihypervisor/include",
                    "-Ihypervisor/arch/x86_64/include", "-o", str(exe),
                    "tests/integration/x86/insn_check.c", "hypervisor/arch/x86_64/insn.c"],
                   cwd=REPO, check=True)
    corpus = _objdump_lines(REPO / "build" / X86_BOARD / "axvisor.elf", machine, 100000)
    corpus += _objdump_lines("/usr/bin/qemu-system-x86_64", machine, 150000)
    res = subprocess.run([str(exe), str(mode)], input=corpus, capture_output=True,
                         text=True, check=True).stdout
    last = res.strip().splitlines()[-1].split()
    assert int(last[1]) > 100000, res[-2000:]
    assert last[3] == "0", res[-3000:]

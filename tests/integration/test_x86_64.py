"""x86_64 on AMD SVM (issue 13), first layer: the qemu-pc-x86_64 firmware
boots through Multiboot, brings all four CPUs up with SVM on, runs the
bare-metal hello guest under nested paging (its COM1 output emulated by
the hypervisor, CPUID/MSR/VMMCALL intercepted and stepped over) and powers
QEMU off when the guest writes the shutdown port.

Independent of the BOARD the suite runs with: it names its board."""
import subprocess
import time

import pytest

from conftest import PYTHON, REPO, Boot, assert_in_order

X86_BOARD = "qemu-pc-x86_64"


def make_x86(*args, timeout=600):
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
         f"BOARD={X86_BOARD}", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc.stdout


def boot_x86(vms=None, variant=None, timeout=60):
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


def test_x86_hello_boots_under_svm_and_powers_off():
    run = boot_x86()
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    assert "PANIC" not in run.output
    for cpu in range(4):
        assert f"[hv] cpu {cpu} (APIC id {cpu}): SVM on" in run.output
    assert_in_order(run.output, [
        r"^\[hv\] AxVisor x86_64 \(AMD SVM\), multiboot magic 0x2badb002$",
        r"^\[hv\] e820: 0x100000-0x7ffdefff type 1$",   # the board.toml RAM bank
        r"^\[hv\] cpu 0: vm 1 hello-x86_64 starts at 0x100000$",
        r"^Hello from a bare-metal x86_64 guest$",
        # CPUID intercepted: hypervisor bit on, SVM hidden from the guest.
        r"^cpuid vendor: AuthenticAMD, hypervisor bit set, SVM hidden$",
        # EFER as the guest wrote it (LME) plus LMA; SVME, which the VMCB
        # must hold, is not shown to it.
        r"^EFER: 0x0000000000000500$",
        r"^vmmcall 0x1234 -> 0xffffffffffffffff$",     # unknown hypercall
        r"^x86_64 guest done, powering off$",
        r"^\[hv\] vm 1 hello-x86_64: off \(ACPI S5 through PM1a_CNT\)$",
        r"^\[hv\] all VMs are off: powering off the machine$",
    ])


def test_x86_attacker_is_refused_and_neighbour_keeps_running():
    # The x86 twin of the attacker guest (CPU 1) beside a neighbour (CPU 2)
    # that checks its own image before each beat. Every attempt -- memory
    # outside its RAM (hypervisor, other VM, host APIC/IOAPIC), foreign
    # ports, host MSRs, SVM instructions -- is refused the way the guest
    # expects (#GP, #UD, all-ones reads); the neighbour's beats go on with
    # its memory intact, each VM powers itself off, then the machine.
    run = boot_x86(["configs/vms/attacker-x86_64.toml", "configs/vms/heartbeat-x86_64.toml"],
                   "attack")
    assert not run.timed_out, f"QEMU did not exit by itself:\n{run.output[-3000:]}"
    assert run.returncode == 0
    assert "PANIC" not in run.output
    attack = run.lines("attacker-x86_64: ")
    verdicts = [l for l in attack if ": refused (" in l or "NOT REFUSED" in l]
    assert len(verdicts) == 26, attack
    assert not [l for l in verdicts if "NOT REFUSED" in l], attack
    assert "attacker-x86_64: 26 attempts, 26 refused: all refused" in attack
    for what in ("access to gpa 0xfee00300", "access to gpa 0x2000000 (error 0x100000014)",
                 "read of MSR 0xc0010117: #GP", "SVM/MONITOR instruction (exit 0x80)",
                 "read of port 0xcfc it does not own: all ones"):
        assert f"[hv] vm attacker-x86_64: refused: {what}" in run.output
    beats = run.lines("heartbeat-x86_64: beat ")
    assert beats == [f"heartbeat-x86_64: beat {i}, memory intact" for i in range(1, 13)]
    assert_in_order(run.output, [r"^\[hv\] vm 2 attacker-x86_64: off \(ACPI S5"])
    assert_in_order(run.output, [r"^heartbeat-x86_64: done$",
                                 r"^\[hv\] vm 3 heartbeat-x86_64: off \(ACPI S5",
                                 r"^\[hv\] all VMs are off: powering off the machine$"])


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

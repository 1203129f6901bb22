"""The Debian arm64 Linux guest under AxVisor (issue 5).

One `make run` session (the top Makefile's default VMS: Linux with 2 vCPUs
beside the bare-metal ticker VM) carries most tests, in file order:
userspace reached, 2 CPUs, timer and IPIs counting on both, a clean dmesg,
a checked userspace job, the Ctrl-A x3 console switch, reboot, and last
poweroff (Linux stops, the ticker goes on). Then the same Linux alone with
1 and with 4 vCPUs, each ending with poweroff and the machine powering off.

Every line on the physical console is a record "[<vm>] text" (or
"[<vm>]+ text", a continuation) from the hypervisor's console mux; the
helpers below cut one VM's text out of it. Every QEMU run is bounded by
`timeout` (and killed with its process group when the test ends).
"""
import hashlib
import re
import time

import pytest

import consolelog
from conftest import BOARD, PYTHON, REPO, build_firmware, make, qemu_cmd
from qemu_console import QemuConsole

LINUX = "configs/vms/linux-aarch64.toml"
TICKER = "configs/vms/ticker-aarch64.toml"
DEFAULT_PAIR = [LINUX, TICKER]
LOG_DIR = REPO / "build" / "logs"

READY = r"^\[linux\] AXVISOR-LINUX-READY \(test marker: the shell starts now\)\r?$"
# ash's prompt; busybox then asks the terminal for the cursor (ESC [6n).
PROMPT = r"^\[linux\]\+? (?:.*[#$] )(?:\x1b\[6n)?\r?$"
BOOT_TIMEOUT = 120
# The session's hard bound (seconds), far above its normal ~90 s.
SESSION_TIMEOUT = 400
CTRL_A_X3 = "\x01" * 3  # QEMU's own escape is Ctrl-T (-echr 0x14): Ctrl-A passes as typed

JOB_BYTES = 32 << 20
JOB = ("sh -c 'yes axvisor | head -c %d > /tmp/job' && sha256sum /tmp/job && rm /tmp/job"
       % JOB_BYTES)


# --- helpers -------------------------------------------------------------

def vm_text(out, vm="linux"):
    """The text VM `vm` printed: its records, continuations glued back."""
    return consolelog.vm_text(out, vm)


def sh(con, command, timeout=60):
    """Run a shell command in Linux; its output without other VMs' lines."""
    rc, out = con.run(command, timeout)
    return rc, vm_text(out)


def interrupts(con):
    """/proc/interrupts as {name: [count per CPU]} (IRQ number or IPIn)."""
    rc, text = sh(con, "cat /proc/interrupts")
    assert rc == 0, text
    lines = [l for l in text.splitlines() if l.strip()]
    ncpu = len(lines[0].split())
    table = {}
    for line in lines[1:]:
        name, _, rest = line.partition(":")
        fields = rest.split()
        if len(fields) < ncpu or not all(f.isdigit() for f in fields[:ncpu]):
            continue
        key = "arch_timer" if "arch_timer" in rest else name.strip()
        table[key] = [int(f) for f in fields[:ncpu]]
    return ncpu, table


def ipi_sums(table, ncpu):
    return [sum(v[cpu] for k, v in table.items() if k.startswith("IPI"))
            for cpu in range(ncpu)]


def wait_ready(con):
    con.expect(READY, BOOT_TIMEOUT)
    con.expect(PROMPT, 60)
    # Late kernel messages stay off the console while we parse it.
    assert sh(con, "dmesg -n 1", 30)[0] == 0


def cpu_count(con):
    rc, text = sh(con, "cat /proc/cpuinfo")
    assert rc == 0, text
    return len(re.findall(r"^processor\s*:", text, re.M))


def ticks_after(con, count, timeout, since=None):
    """`count` consecutive ticks of the ticker VM arrive after offset
    `since` of the output (default: now), each within `timeout` seconds.
    Lines are read glued (a tick may arrive as "tick 2" + "[ticker]+ 0")."""
    start = len(con.output) if since is None else since
    deadline = time.monotonic() + timeout * count
    ticks = []
    while time.monotonic() < deadline:
        text = consolelog.complete(con.output[start:])
        ticks = [int(n) for n in re.findall(r"^tick (\d+)$", vm_text(text, "ticker"), re.M)]
        if len(ticks) >= count:
            break
        time.sleep(0.2)
    assert len(ticks) >= count, "ticker: %d of %d ticks in %d s" % (len(ticks), count, timeout * count)
    assert ticks == list(range(ticks[0], ticks[0] + len(ticks))), ticks
    return ticks[0]


def make_default_vms():
    """The top Makefile's VMS default, as `make run` sees it."""
    out = make("-s", "--eval=axv-print-vms: ; @echo $(VMS)", "axv-print-vms")
    return out.split()


# --- the default `make run` session: Linux (2 vCPUs) + ticker --------------

@pytest.fixture(scope="module")
def session():
    assert make_default_vms() == DEFAULT_PAIR, \
        "make run's default VMS should be Linux + the ticker VM"
    sel = ["VARIANT=linux-pair"]
    make("firmware", *sel)
    argv = ["make", "--no-print-directory", "-s", "-C", str(REPO), "PYTHON=%s" % PYTHON,
            "BOARD=%s" % BOARD, "run", "RUN_TIMEOUT=%d" % SESSION_TIMEOUT, *sel]
    con = QemuConsole(argv, log_path=str(LOG_DIR / "test_linux_session.log"))
    try:
        wait_ready(con)
        con.boot_seconds = con.elapsed()
        yield con
    finally:
        con.close()


def test_linux_reaches_userspace_beside_ticker(session):
    """The marker from /init and a working shell, the ticker printing too."""
    rc, out = sh(session, "echo hello-from-$((6*7))")
    assert (rc, out.strip()) == (0, "hello-from-42")
    ticks_after(session, 1, 10)
    print("Linux ready under AxVisor after %.1f s" % session.boot_seconds)


def test_cpuinfo_shows_two_cpus(session):
    assert cpu_count(session) == 2


def test_timer_and_ipis_count_on_both_cpus(session):
    """arch_timer (PPI 27) ticks on CPU0 and CPU1 across a userspace job;
    each CPU has taken IPIs (SGIs routed between the VM's vCPUs)."""
    ncpu, before = interrupts(session)
    assert ncpu == 2
    rc, out = sh(session, "sleep 1; " + JOB.replace("/tmp/job", "/tmp/warm"), 120)
    assert rc == 0, out
    _, after = interrupts(session)
    for cpu in range(2):
        assert after["arch_timer"][cpu] > before["arch_timer"][cpu], (before, after)
    assert all(n > 0 for n in ipi_sums(after, 2)), after
    assert sum(ipi_sums(after, 2)) > sum(ipi_sums(before, 2)), (before, after)


def test_dmesg_has_no_gic_or_timer_warnings(session):
    rc, text = sh(session, "dmesg")
    assert rc == 0
    assert "GICv3: CPU1: found redistributor" in text
    assert "arch_timer: cp15 timer(s) running" in text
    bad = [l for l in text.splitlines()
           if re.search(r"gic|arch_timer|timer", l, re.I)
           and re.search(r"warn|error|fail|bug", l, re.I)]
    assert not bad, bad
    assert not re.search(r"^\[[ .\d]+\] (WARNING|BUG|Oops)", text, re.M), text[-3000:]


def test_userspace_job_matches_host(session):
    rc, out = sh(session, JOB, 180)
    assert rc == 0, out
    data = (b"axvisor\n" * (JOB_BYTES // 8 + 1))[:JOB_BYTES]
    m = re.search(r"\b([0-9a-f]{64})\s+/tmp/job", out)
    assert m and m.group(1) == hashlib.sha256(data).hexdigest(), out


def test_burst_of_typed_input_arrives_whole(session):
    """~3 KB typed at once (more than the console's per-VM RX buffer): the
    hypervisor leaves the rest in the UART until Linux reads, none is lost."""
    lines = 150
    session.send("".join("echo line-%03d >> /tmp/burst\n" % i for i in range(lines)))
    rc, out = sh(session, "wc -l < /tmp/burst; tail -n 1 /tmp/burst; rm /tmp/burst", 120)
    assert rc == 0 and out.split()[-2:] == [str(lines), "line-%03d" % (lines - 1)], out


def test_console_switch_reaches_each_vm(session):
    """Ctrl-A x3 moves input to the ticker and back; Linux's shell works
    again afterwards and the ticker prints throughout."""
    con = session
    con.send(CTRL_A_X3)
    con.expect(r"^\[hv\] console: input to 'ticker' \(Ctrl-A x3 switches\)\r?$", 10)
    # Typed now, this goes to the ticker (which reads no input), not Linux.
    con.sendline("echo not-for-linux")
    ticks_after(con, 1, 10)
    con.send(CTRL_A_X3)
    con.expect(r"^\[hv\] console: input to 'linux' \(Ctrl-A x3 switches\)\r?$", 10)
    rc, out = sh(con, "echo back-in-$((40+2))")
    assert (rc, out.strip()) == (0, "back-in-42")
    assert "not-for-linux" not in vm_text(con.output)
    assert "\x01" not in con.output
    ticks_after(con, 1, 10)


def test_reboot_brings_linux_back(session):
    session.sendline("reboot")
    session.expect(r"^\[hv\] vm linux: SYSTEM_RESET\r?$", 60)
    wait_ready(session)
    assert cpu_count(session) == 2


def test_poweroff_stops_only_linux(session):
    """Last in the session: SYSTEM_OFF stops Linux; the ticker goes on."""
    session.sendline("poweroff")
    # Generous bounds: on a loaded host TCG runs several times slower.
    session.expect(r"^\[hv\] vm linux: SYSTEM_OFF: VM powered off\r?$", 150)
    mark = len(session.output)
    ticks_after(session, 3, 20, since=mark)
    assert session.proc.poll() is None, "the machine went off with the ticker still on"
    assert not re.search(r"^\[linux\]", session.output[mark:], re.M)


# --- the same Linux alone with 1 and with 4 vCPUs --------------------------

@pytest.mark.parametrize("vcpus", [1, 4])
def test_linux_smp_layouts(vcpus):
    """Linux alone with 1 vCPU (pCPU 2) / 4 vCPUs (the whole machine): boots,
    sees that many CPUs with the timer counting on each, and its poweroff
    turns the machine off (last VM)."""
    cfg = "configs/vms/linux-aarch64-smp%d.toml" % vcpus
    argv = ["timeout", "--signal=KILL", "300"] + qemu_cmd(
        build_firmware([cfg], "linux-smp%d" % vcpus))
    log = LOG_DIR / ("test_linux_smp%d.log" % vcpus)
    with QemuConsole(argv, log_path=str(log)) as con:
        wait_ready(con)
        print("%d vCPU(s): ready after %.1f s" % (vcpus, con.elapsed()))
        assert cpu_count(con) == vcpus
        ncpu, table = interrupts(con)
        assert ncpu == vcpus
        assert all(n > 0 for n in table["arch_timer"]), table
        con.sendline("poweroff")
        con.expect(r"^\[hv\] all VMs are off: powering off the machine\r?$", 60)
        assert con.wait_exit(30) == 0

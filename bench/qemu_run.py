"""Running QEMU for the benches: build a firmware variant through make, start
QEMU under -icount, stream its console until every expected guest printed
`BENCH done name=<guest>` (or QEMU exits, or the timeout), and parse the
`BENCH <figure> key=value ...` lines. Standard library only."""
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
BOARD = os.environ.get("BOARD", "qemu-virt-aarch64")
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
ICOUNT = ["-icount", "shift=4,align=off,sleep=off"]
# The native baseline: same machine, no EL2, so QEMU answers PSCI HVCs.
NATIVE_MACHINE = [QEMU, "-M", "virt,gic-version=3", "-cpu", "cortex-a72",
                  "-m", "1G", "-nographic", "-nic", "none"]

LINE_RE = re.compile(r"BENCH (\S+)((?:[ \t]+[A-Za-z_0-9]+=\S+)*)")
KV_RE = re.compile(r"([A-Za-z_0-9]+)=(\S+)")


@dataclass
class Run:
    """One QEMU run: its command, console text and parsed BENCH lines."""
    cmd: list
    output: str = ""
    seconds: float = 0.0
    timed_out: bool = False
    returncode: int = 0
    error: str = ""  # why there is no run at all (firmware build failed)
    records: dict = field(default_factory=dict)  # name -> [dict, ...]

    def get(self, name, idx=0):
        recs = self.records.get(name, [])
        return recs[idx] if len(recs) > idx else None

    def all(self, name):
        return self.records.get(name, [])

    def tail(self, n=12):
        lines = [l for l in self.output.splitlines() if l.strip()]
        return "\n".join(lines[-n:])


def _num(v):
    try:
        return int(v, 0)
    except ValueError:
        return v


# The console multiplexer tags each VM's records "[name] text"; a record
# flushed before its newline is continued by "[name]+ text" (hv/console.h).
TAG_RE = re.compile(r"^\[([^\]\s]+)\](\+?) (.*)$")


def reassemble(text):
    """Whole lines per VM, continuation records joined; untagged lines
    (native runs, the hypervisor's own) pass through."""
    out, last = [], {}
    for line in text.splitlines():
        m = TAG_RE.match(line)
        if not m:
            out.append(line)
            continue
        name, cont, body = m.groups()
        if cont and name in last:
            out[last[name]] += body
        else:
            last[name] = len(out)
            out.append(f"[{name}] {body}")
    return out


def parse(text):
    recs = {}
    for line in reassemble(text):
        m = LINE_RE.search(line)
        if not m:
            continue
        kv = {k: _num(v) for k, v in KV_RE.findall(m.group(2))}
        recs.setdefault(m.group(1), []).append(kv)
    return recs


def run_qemu(cmd, done_names, timeout):
    """Start QEMU; stop it once each name in done_names printed its done
    line (bench guests that run for ever, like the hammers, never do)."""
    run = Run(cmd=list(cmd))
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    chunks = []
    # name -> how many guests of that name must finish (3 VMs may share one)
    want = {}
    for n in done_names:
        key = f"BENCH done name={n}"
        want[key] = want.get(key, 0) + 1

    def reader():
        for raw in iter(lambda: proc.stdout.readline(), b""):
            chunks.append(raw.decode("utf-8", "replace"))

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    while True:
        text = "\n".join(reassemble("".join(chunks).replace("\r", "")))
        if want and all(text.count(w) >= c for w, c in want.items()):
            break
        if proc.poll() is not None:
            break
        if time.monotonic() - start > timeout:
            run.timed_out = True
            break
        time.sleep(0.25)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    t.join(timeout=5)
    run.seconds = time.monotonic() - start
    run.returncode = proc.returncode
    run.output = "".join(chunks).replace("\r\n", "\n")
    run.records = parse(run.output)
    return run


def native_cmd(image, smp=1, extra=()):
    return NATIVE_MACHINE + ["-smp", str(smp)] + ICOUNT + list(extra) + \
        ["-kernel", str(image)]


def native(image, guest, smp=1, timeout=60):
    return run_qemu(native_cmd(image, smp), [guest], timeout)


def make(*args, timeout=900):
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
         f"BOARD={BOARD}", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=timeout)


def firmware(vms, variant, boot=""):
    """Build the firmware for VMS (BOOT=uboot: and its FAT32 disk); returns
    (qemu argv, None) or (None, why)."""
    sel = [f"VMS={' '.join(vms)}", f"VARIANT={variant}"] + ([f"BOOT={boot}"] if boot else [])
    try:
        p = make("disk" if boot else "firmware", *sel)
    except subprocess.TimeoutExpired:
        return None, "firmware build timed out"
    if p.returncode != 0:
        lines = [l for l in (p.stdout + p.stderr).splitlines() if l.strip()]
        errs = [l for l in lines if ("error" in l.lower() or "undefined" in l
                                     or "***" in l) and "collect2" not in l] or lines
        return None, "firmware does not build: " + " / ".join(errs[:2])[:240]
    q = make("-s", "qemu-cmd", *sel)
    if q.returncode != 0 or not q.stdout.strip():
        return None, "make qemu-cmd failed"
    argv = q.stdout.split()
    return argv + ICOUNT, None


def hyp(vms, variant, done_names, timeout=120, boot=""):
    cmd, why = firmware(vms, variant, boot)
    if cmd is None:
        return Run(cmd=[], error=why)
    return run_qemu(cmd, done_names, timeout)


def qemu_version():
    try:
        out = subprocess.run([QEMU, "--version"], capture_output=True,
                             text=True).stdout
        return out.splitlines()[0].strip()
    except OSError:
        return "unknown"


def git_commit():
    p = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"],
                       capture_output=True, text=True)
    commit = p.stdout.strip()
    d = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain",
                        "--untracked-files=no"], capture_output=True, text=True)
    return commit + ("-dirty" if d.stdout.strip() else "")

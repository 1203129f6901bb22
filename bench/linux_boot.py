"""Linux boot to its userspace ready marker (AXVISOR-LINUX-READY), natively
and under the hypervisor: WALL CLOCK seconds (TCG, no -icount: Linux under
icount is slow and its ready time would be a count of instructions of a
non-deterministic boot anyway), median of 3 runs each."""
import re
import shlex
import statistics
import time
from pathlib import Path

import qemu_run as q
from qemu_run import REPO

LINUX = REPO / "build" / "images" / "linux"
READY = re.compile(rb"AXVISOR-LINUX-READY")
CMDLINE = "console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init panic=-1"
RUNS = 3
TIMEOUT = 300


# The VM config compared with; native QEMU gets the same vCPUs and RAM.
LINUX_VM = REPO / "configs" / "vms" / "linux-aarch64.toml"


def native_cmd():
    return [q.QEMU, "-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-smp", "2",
            "-m", "512M", "-nographic", "-nic", "none", "-no-reboot",
            "-kernel", str(LINUX / "Image"), "-initrd", str(LINUX / "initramfs.cpio.gz"),
            "-append", CMDLINE]


def time_to_ready(cmd):
    """Seconds from QEMU start to the marker, or None."""
    import subprocess
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf, found = b"", None
    import os
    import select
    fd = p.stdout.fileno()
    while time.monotonic() - t0 < TIMEOUT:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            if READY.search(buf[-70000:]):
                found = time.monotonic() - t0
                break
        elif p.poll() is not None:
            break
    if p.poll() is None:
        p.kill()
    p.wait()
    return found, buf.decode("utf-8", "replace")


def median_of(cmd, log):
    times, last = [], ""
    for _ in range(RUNS):
        t, out = time_to_ready(cmd)
        last = out
        if t is None:
            break
        times.append(t)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("$ " + shlex.join(cmd) + f"\n# seconds to marker: {times}\n" + last)
    if len(times) < RUNS:
        return None, last
    return statistics.median(times), last


def linux_boot(args):
    unit = "s wall clock"
    figure = {"fid": "linux_ready", "title": "Linux boot to AXVISOR-LINUX-READY (median of 3)",
              "unit": unit, "note": "wall clock on this host (TCG, no -icount), "
              "not instructions; VM configs/vms/linux-aarch64.toml (2 vCPUs, "
              "512 MiB), native -smp 2 -m 512M; the hypervisor side includes "
              "its own boot (image SHA-256 check, RAM clearing)"}
    if not (LINUX / "Image").exists() or not (LINUX / "initramfs.cpio.gz").exists():
        return [dict(figure, pending="no build/images/linux/Image + initramfs (make linux-image)")]
    print("[bench] native  linux x3", flush=True)
    ncmd = native_cmd()
    logs = REPO / "build" / "bench" / "logs"
    nat, nout = median_of(ncmd, logs / "linux.n.log")
    hv, pending, hcmd = None, None, None
    if args.native_only:
        pending = "hypervisor half skipped (--native-only)"
    elif not LINUX_VM.exists():
        pending = f"no Linux VM config ({LINUX_VM.relative_to(REPO)}) yet"
    else:
        vms = [str(LINUX_VM.relative_to(REPO))]
        cmd, why = q.firmware(vms, "bench-linux")
        if cmd is None:
            pending = why
        else:
            # no -icount for Linux: wall clock, as natively
            cmd = [c for c in cmd if c not in q.ICOUNT]
            hcmd = shlex.join(cmd)
            print("[bench] hyp     linux x3", flush=True)
            hv, hout = median_of(cmd, logs / "linux.h.log")
            if hv is None:
                tail = " | ".join(l for l in hout.splitlines()[-3:] if l.strip())
                pending = f"Linux did not reach the marker under the hypervisor within {TIMEOUT} s: {tail[:200]}"
    if nat is None:
        pending = (pending or "") + " (native run did not reach the marker)"
    return [dict(figure, native=round(nat, 2) if nat else None,
                 hyp=round(hv, 2) if hv else None, pending=pending,
                 commands=[shlex.join(ncmd), hcmd])]

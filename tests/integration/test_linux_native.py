"""The Debian arm64 Linux guest boots natively in QEMU (no hypervisor).

Baseline for the same Image + initramfs under AxVisor: boot to the ready
marker, 2 CPUs in /proc/cpuinfo, a few seconds of userspace work whose
result is checked against the host, and `poweroff -f` ending QEMU.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_console import QemuConsole  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "images" / "linux"
IMAGE = OUT / "Image"
INITRAMFS = OUT / "initramfs.cpio.gz"
LOG_DIR = REPO / "build" / "logs"
# Printed by images/linux/fetch_debs.py (exit code 3) and nothing else.
UNREACHABLE_MSG = "linux-image: Debian archive unreachable"

QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
READY = r"^AXVISOR-LINUX-READY\r?$"
PROMPT = r"[#$] (?:\x1b\[6n)?$"
BOOT_TIMEOUT = 300
CMDLINE = "console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init panic=-1"
# The userspace job: JOB_BYTES of "axvisor\n" repeated, then sha256sum.
# Run through `sh -c`: typed straight at the interactive ash prompt, this
# busybox pipeline is ~30x slower natively (idle time, not CPU), which
# would only add noise to the baseline.
JOB_BYTES = 64 << 20
JOB = ("sh -c 'yes axvisor | head -c %d > /tmp/job' && sha256sum /tmp/job && rm /tmp/job"
       % JOB_BYTES)


def make_argv():
    """`make linux-image` through the top Makefile if it knows the target,
    else through the fragment alone (before images.mk includes it)."""
    dry = subprocess.run(["make", "-C", str(REPO), "-n", "linux-image"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if dry.returncode == 0:
        return ["make", "-C", str(REPO), "linux-image"]
    return ["make", "-C", str(REPO), "-f", "images/linux/linux.mk", "linux-image"]


@pytest.fixture(scope="module")
def linux_image():
    if IMAGE.exists() and INITRAMFS.exists():
        return IMAGE, INITRAMFS
    p = subprocess.run(make_argv(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=1800)
    if p.returncode != 0:
        if UNREACHABLE_MSG in p.stdout:
            pytest.skip("Debian archive unreachable, cannot build the Linux "
                        "image:\n" + p.stdout[-1500:])
        pytest.fail("make linux-image failed:\n" + p.stdout[-4000:])
    return IMAGE, INITRAMFS


def qemu_argv(image, initramfs, smp=2):
    if shutil.which(QEMU) is None:
        pytest.fail("%s not found (make deps installs it)" % QEMU)
    return ["timeout", "--signal=KILL", "900", QEMU,
            "-M", "virt,gic-version=3", "-cpu", "cortex-a72",
            "-smp", str(smp), "-m", "1G", "-nographic", "-no-reboot",
            "-kernel", str(image), "-initrd", str(initramfs),
            "-append", CMDLINE]


def host_job_digest():
    data = (b"axvisor\n" * (JOB_BYTES // 8 + 1))[:JOB_BYTES]
    return hashlib.sha256(data).hexdigest()


def test_linux_boots_natively(linux_image):
    image, initramfs = linux_image
    with QemuConsole(qemu_argv(image, initramfs),
                     log_path=str(LOG_DIR / "test_linux_native.log")) as con:
        con.expect(READY, BOOT_TIMEOUT)
        boot_s = con.elapsed()
        con.expect(PROMPT, 60)
        # Keep late kernel messages off the console while we parse it.
        assert con.run("dmesg -n 1", 30)[0] == 0

        rc, cpuinfo = con.run("cat /proc/cpuinfo", 60)
        assert rc == 0
        assert len(re.findall(r"^processor\s*:", cpuinfo, re.M)) == 2, cpuinfo

        job_start = con.elapsed()
        rc, out = con.run(JOB, 300)
        job_s = con.elapsed() - job_start
        assert rc == 0, out
        assert re.search(r"\b([0-9a-f]{64})\s+/tmp/job", out).group(1) == host_job_digest()

        rc, out = con.run("echo typed-through-pipe-ok", 30)
        assert (rc, out.strip()) == (0, "typed-through-pipe-ok")

        con.sendline("poweroff -f")
        code = con.wait_exit(120)
        assert code == 0, "QEMU did not exit cleanly after poweroff (%r)" % code

    LOG_DIR.mkdir(parents=True, exist_ok=True)
    (LOG_DIR / "linux_native_boot.txt").write_text(
        "native boot to AXVISOR-LINUX-READY: %.2f s wall (TCG, -smp 2)\n"
        "userspace job (%d MiB yes|head + sha256sum): %.2f s wall\n"
        % (boot_s, JOB_BYTES >> 20, job_s))
    print("native boot to AXVISOR-LINUX-READY: %.2f s; job %.2f s" % (boot_s, job_s))


def test_shell_survives_fast_piped_input(linux_image):
    """Many commands written in one burst must all run, in order."""
    image, initramfs = linux_image
    with QemuConsole(qemu_argv(image, initramfs),
                     log_path=str(LOG_DIR / "test_linux_native_burst.log")) as con:
        con.expect(READY, BOOT_TIMEOUT)
        con.expect(PROMPT, 60)
        burst = "".join('echo "burst-""%d-$((%d*7))"\n' % (i, i) for i in range(40))
        con.send(burst)
        for i in range(40):
            con.expect(r"^burst-%d-%d\r?$" % (i, i * 7), 60)
        con.sendline("poweroff -f")
        assert con.wait_exit(120) == 0

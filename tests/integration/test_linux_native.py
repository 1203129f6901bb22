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
READY = r"^AXVISOR-LINUX-READY \(test marker: the shell starts now\)\r?$"
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
            "-smp", str(smp), "-m", "1G", "-nographic", "-nic", "none", "-no-reboot",
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
        # The tty echoes the typed lines while the shell prints results, so a
        # result may share a line with echoed input: match the result itself
        # (the echo reads burst-""N-$((N*7)), which this never matches).
        for i in range(40):
            con.expect(r"burst-%d-%d(?![0-9])" % (i, i * 7), 60)
        con.sendline("poweroff -f")
        assert con.wait_exit(120) == 0


# --- the VM config's memory layout, checked natively -------------------------
VM_TOML = REPO / "configs" / "vms" / "linux-aarch64.toml"
AXVMCONFIG = REPO / "tools" / "axvmconfig" / "axvmconfig"
STUB_ADDR = 0x4020_0000     # QEMU virt RAM, outside the VM's memory region


def boot_stub(dtb, entry):
    """x0 = dtb, x1..x3 = 0, branch to entry (arm64 boot protocol)."""
    def mov32(rd, value):
        return [0xD2800000 | (value & 0xFFFF) << 5 | rd,          # movz
                0xF2A00000 | (value >> 16 & 0xFFFF) << 5 | rd]   # movk, lsl 16
    words = (mov32(0, dtb) + [0xAA1F03E1, 0xAA1F03E2, 0xAA1F03E3]  # mov x1..x3, xzr
             + mov32(4, entry) + [0xD61F0080])                    # br x4
    return b"".join(w.to_bytes(4, "little") for w in words)


def renumber_cpus(dts):
    """The VM's vCPUs carry physical MPIDRs (2, 3); natively they are 0, 1."""
    count = iter(range(64))

    def sub(m):
        n = next(count)
        return "%s%x%s%#x%s" % (m.group(1), n, m.group(3), n, m.group(5))
    return re.sub(r"(cpu@)([0-9a-f]+)( \{[^}]*?reg = <)(0x[0-9a-f]+)(>;)", sub, dts,
                  flags=re.S)


def test_linux_boots_with_vm_config_layout(linux_image, tmp_path):
    """Kernel, initramfs and the axvmconfig-generated device tree at the
    addresses of configs/vms/linux-aarch64.toml boot natively (QEMU places
    them, a 7-instruction stub enters the kernel): validates the layout and
    the generated DT before the hypervisor exists to run them."""
    import tomllib
    cfg = tomllib.loads(VM_TOML.read_text())["kernel"]
    gen = subprocess.run(["/usr/bin/python3", str(AXVMCONFIG), "gen", "-o",
                          str(tmp_path / "gen"), str(VM_TOML)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert gen.returncode == 0, gen.stdout
    dts_path = next((tmp_path / "gen").glob("vm*.dts"))
    (tmp_path / "native.dts").write_text(renumber_cpus(dts_path.read_text()))
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(tmp_path / "native.dtb"),
                    str(tmp_path / "native.dts")], check=True)
    (tmp_path / "stub.bin").write_bytes(boot_stub(cfg["dtb_load_addr"], cfg["entry_point"]))
    base = VM_TOML.parent

    def load(path, addr):
        return ["-device", "loader,file=%s,addr=%#x,force-raw=on" % (path, addr)]
    argv = (["timeout", "--signal=KILL", "900", QEMU, "-M", "virt,gic-version=3",
             "-cpu", "cortex-a72", "-smp", "2", "-m", "3G", "-nographic", "-nic", "none",
             "-no-reboot"]
            + load((base / cfg["kernel_path"]).resolve(), cfg["kernel_load_addr"])
            + load((base / cfg["ramdisk_path"]).resolve(), cfg["ramdisk_load_addr"])
            + load(tmp_path / "native.dtb", cfg["dtb_load_addr"])
            + load(tmp_path / "stub.bin", STUB_ADDR)
            + ["-device", "loader,addr=%#x,cpu-num=0" % STUB_ADDR])
    with QemuConsole(argv, log_path=str(LOG_DIR / "test_linux_native_layout.log")) as con:
        con.expect(READY, BOOT_TIMEOUT)
        con.expect(PROMPT, 60)
        assert con.run("dmesg -n 1", 30)[0] == 0
        rc, cmdline = con.run("cat /proc/cmdline", 30)
        assert cmdline.strip() == cfg["cmdline"]
        rc, cpuinfo = con.run("cat /proc/cpuinfo", 30)
        assert len(re.findall(r"^processor\s*:", cpuinfo, re.M)) == 2, cpuinfo
        rc, meminfo = con.run("head -1 /proc/meminfo", 30)
        total_kib = int(re.search(r"MemTotal:\s*(\d+) kB", meminfo).group(1))
        region_kib = cfg["memory_regions"][0][1] >> 10
        assert region_kib * 0.8 < total_kib <= region_kib, meminfo
        con.sendline("poweroff -f")
        assert con.wait_exit(120) == 0

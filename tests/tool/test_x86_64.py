"""axvmconfig on an x86_64 board (issue 13, arch_x86_64.py): APIC ids,
RAM allocation below 4 GiB, I/O-port and MMIO ownership, what the x86
firmware cannot run yet refused with file, key and value -- and `gen`
writing the neutral core tables with the x86 part."""
import io
import os
from contextlib import redirect_stderr, redirect_stdout

import pytest

from conftest import REPO, SHARED

BOARD = "qemu-pc-x86_64"

VM = """
[base]
id = {id}
name = "{name}"
vm_type = 1
cpu_num = {cpus}
phys_cpu_ids = [{apic}]

[kernel]
entry_point = 0x10_0000
image_location = "memory"
kernel_path = "img.bin"
kernel_load_addr = 0x10_0000
memory_regions = [[{gpa}, 0x100_0000, 0x7, {map_type}]]

[devices]
passthrough_devices = [{pt}]
emu_devices = []
{extra}
"""


def vm(tmp_path, name="a", id=1, apic=0, cpus=1, gpa="0x0", map_type=0, pt="", extra=""):
    (tmp_path / "img.bin").write_bytes(b"\xf4" * 64)
    p = tmp_path / f"{name}.toml"
    p.write_text(VM.format(name=name, id=id, apic=apic, cpus=cpus, gpa=gpa, map_type=map_type,
                           pt=pt, extra=extra))
    return str(p)


def cli(*args):
    from axvmconfig_pkg.cli import main
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(list(args))
    return rc, err.getvalue()


def check(*paths):
    return cli("check", "--board", BOARD, *paths)


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(REPO)


def test_repo_x86_configs_check():
    for name in ("hello", "attacker", "heartbeat", "resetter"):
        rc, out = check(f"configs/vms/{name}-x86_64.toml", "--allow-missing-images")
        assert rc == 0, out
    rc, out = check("configs/vms/attacker-x86_64.toml", "configs/vms/heartbeat-x86_64.toml",
                    "--allow-missing-images")
    assert rc == 0, out


def test_cpu_must_be_a_board_apic_id_and_not_shared(tmp_path):
    rc, out = check(vm(tmp_path, apic=7))
    assert rc == 1 and "base.phys_cpu_ids: APIC id 0x7 is not a CPU of board qemu-pc-x86_64" in out
    rc, out = check(vm(tmp_path, "a", 1, apic=2), vm(tmp_path, "b", 2, apic=2))
    assert rc == 1 and "CPU 2 (APIC id 2) already runs VM 'a'" in out
    rc, out = check(vm(tmp_path, cpus=2))
    assert rc == 1 and "base.cpu_num: cpu_num = 2: the x86_64 hypervisor runs one vCPU per VM" in out


def test_identity_regions_keep_off_the_hypervisor_and_reserved(tmp_path):
    rc, out = check(vm(tmp_path, gpa="0x100_0000", map_type=1))
    assert rc == 1 and "overlaps the hypervisor (0x1000000+0x1000000)" in out
    rc, out = check(vm(tmp_path, gpa="0x0", map_type=1))
    assert rc == 1 and "overlaps reserved memory (0x0+0x100000)" in out
    # Free RAM: the region is fine (the kernel then lies outside it).
    rc, out = check(vm(tmp_path, gpa="0x4000_0000", map_type=1))
    assert "kernel.memory_regions" not in out, out
    assert "kernel.kernel_load_addr: kernel 0x100000+0x40 is not inside one memory region" in out


def test_ports_are_owned_once_and_never_the_hypervisors(tmp_path):
    rc, out = check(vm(tmp_path, extra="passthrough_ports = [[0x3f8, 8]]"))
    assert rc == 1 and "devices.passthrough_ports[0]: ports 0x3f8+0x8 include COM1" in out
    rc, out = check(vm(tmp_path, extra="passthrough_ports = [[0xcfc, 4]]"))
    assert rc == 1 and "PCI configuration space" in out
    rc, out = check(vm(tmp_path, "a", 1, 1, extra="passthrough_ports = [[0x2f8, 8]]"),
                    vm(tmp_path, "b", 2, 2, extra="passthrough_ports = [[0x2fc, 1]]"))
    assert rc == 1 and "ports 0x2fc+0x1 are already owned by VM 'a'" in out
    rc, out = check(vm(tmp_path, extra="passthrough_ports = [[0xfff0, 0x20]]"))
    assert rc == 1 and "are not within 0x0..0xffff" in out


def test_mmio_passthrough_is_device_memory_owned_once(tmp_path):
    hpet = '["HPET", 0xfed0_0000, 0xfed0_0000, 0x1000]'
    rc, out = check(vm(tmp_path, "a", 1, 1, pt=hpet), vm(tmp_path, "b", 2, 2, pt=hpet))
    assert rc == 1 and "'HPET': 0xfed00000+0x1000 is already passed to VM 'a'" in out
    rc, out = check(vm(tmp_path, pt='["lapic", 0xfee0_0000, 0xfee0_0000, 0x1000]'))
    assert rc == 1 and "covers the local APICs, which the hypervisor keeps" in out
    rc, out = check(vm(tmp_path, pt='["ram", 0x2000_0000, 0x2000_0000, 0x1000]'))
    assert rc == 1 and "is RAM or the hypervisor, not a device" in out
    rc, out = check(vm(tmp_path, pt='["Local APIC", 0xfee0_0000, 0xfee0_0000, 0x1000]'))
    assert rc == 0 and "the local APIC is emulated per VM on x86_64" in out


def test_axvisor_nimbos_config_is_checked_with_reasons():
    # AxVisor's own x86 config: APIC entries are emulated here (warnings),
    # its real-mode BIOS image is what this firmware cannot load yet.
    rc, out = check(os.path.join(SHARED, "vms", "nimbos-x86_64-qemu-smp1.toml"),
                    "--allow-missing-images")
    assert rc == 1
    assert "'IO APIC': the I/O APIC is emulated per VM" in out
    assert "kernel.bios_path: bios images are not supported on x86_64 yet" in out
    assert "Traceback" not in out


def test_gen_writes_neutral_tables_with_the_x86_part(tmp_path):
    out_dir = tmp_path / "gen"
    rc, out = cli("gen", "--board", BOARD, "-q", "-o", str(out_dir),
                  vm(tmp_path, "a", 1, 1, pt='["HPET", 0x1_0000_0000, 0xfed0_0000, 0x1000]',
                     extra="passthrough_ports = [[0x2f8, 8]]"))
    assert rc == 0, out
    c = (out_dir / "config.c").read_text()
    assert "static const uint64_t board_cpu_hwids[] = {0x0, 0x1, 0x2, 0x3};" in c
    # Allocated from board RAM past the reserved MiB and the hypervisor, 2 MiB aligned.
    assert "{ .ipa = 0x0, .pa = 0x2000000, .size = 0x1000000, .flags = 0x7, .map_type = 0 }," in c
    assert "static const struct vmcfg_vcpu vm1_vcpus[] = { { .hwid = 0x1, .pcpu = 1 } };" in c
    assert "{ .ipa = 0x100000000, .pa = 0xfed00000, .size = 0x1000 }, /* HPET */" in c
    assert "{ .base = 0x2f8, .count = 0x8 }," in c
    assert ".arch = { .port_num = 1, .ports = vm1_ports }," in c
    h = (out_dir / "config.h").read_text()
    assert "#define AXVM_CPU_NUM 4" in h and "#define AXVM_VM_NUM 1" in h
    assert (out_dir / "guests.S").read_text().count(".incbin") == 1

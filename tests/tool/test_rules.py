"""One test per validation rule (and per loader check), each with the exact message."""
import os

import pytest

from conftest import REPO

from axvmconfig_pkg import validate
from rulekit import custom_board, diagnose, second, vm

E, W = "error", "warning"


def verify(tmp_path, texts, expected, **kw):
    """`expected` (severity, exact 'key: message') is among the diagnostics."""
    got = diagnose(tmp_path, *texts, **kw)
    assert expected in got, "\n".join(f"{s}: {m}" for s, m in got)
    return got


def test_base_config_is_clean(tmp_path):
    assert diagnose(tmp_path, vm()) == []


# ---------------------------------------------------------------- loader
def test_toml_syntax_error_has_line(tmp_path):
    got = diagnose(tmp_path, vm(("cpu_num = 1", "cpu_num = = 1")))
    assert got[0][0] == E and got[0][1].startswith("TOML syntax error: Invalid value (at line 5")


def test_missing_table(tmp_path):
    text = vm().split("[devices]")[0]
    verify(tmp_path, [text], (E, "devices: missing required table [devices]"))


def test_missing_key(tmp_path):
    verify(tmp_path, [vm(('name = "a"\n', ""))], (E, "base.name: missing required key"))


def test_ill_typed_key(tmp_path):
    verify(tmp_path, [vm(("id = 1", 'id = "1"'))], (E, 'base.id: expected an integer, got a string ("1")'))


def test_bool_is_not_an_integer(tmp_path):
    verify(tmp_path, [vm(("cpu_num = 1", "cpu_num = true"))],
           (E, "base.cpu_num: expected an integer, got a boolean (true)"))


def test_negative_integer(tmp_path):
    verify(tmp_path, [vm(("id = 1", "id = -1"))], (E, "base.id: -1 is out of range (0 .. 0xffff_ffff_ffff_ffff)"))


def test_unknown_key_suggests(tmp_path):
    verify(tmp_path, [vm(("cpu_num = 1", "cpu_num = 1\ncpu_numm = 1"))],
           (W, "base.cpu_numm: unknown key 'cpu_numm' (ignored); did you mean 'cpu_num'?"))


def test_unknown_key_is_error_with_strict(tmp_path):
    verify(tmp_path, [vm(("cpu_num = 1", "cpu_num = 1\ncpu_numm = 1"))],
           (E, "base.cpu_numm: unknown key 'cpu_numm' (ignored); did you mean 'cpu_num'?"), strict=True)


def test_record_too_short(tmp_path):
    verify(tmp_path, [vm(("0x100_0000, 0x7, 1]]", "0x100_0000, 0x7]]"))],
           (E, "kernel.memory_regions[0]: expected 4 items [gpa, size, flags, map_type], got 3"))


def test_record_too_long(tmp_path):
    verify(tmp_path, [vm(('[["/pl011@9000000"]]', '[["a", 1, 2, 3, 4, 5]]'))],
           (E, "devices.passthrough_devices[0]: expected at most 5 items "
               "[name, base_gpa, base_hpa, length, irq_id], got 6"))


def test_record_as_inline_table(tmp_path):
    text = vm(("[[0x5000_0000, 0x100_0000, 0x7, 1]]",
               "[{gpa = 0x5000_0000, size = 0x100_0000, flags = 0x7, map_type = 1}]"))
    assert diagnose(tmp_path, text) == []


def test_inline_table_missing_field(tmp_path):
    verify(tmp_path, [vm(("[[0x5000_0000, 0x100_0000, 0x7, 1]]",
                          "[{gpa = 0x5000_0000, size = 0x100_0000, flags = 0x7}]"))],
           (E, "kernel.memory_regions[0]: missing field 'map_type'"))


def test_unknown_interrupt_mode(tmp_path):
    verify(tmp_path, [vm(('"passthrough"', '"emulate"'))],
           (E, "devices.interrupt_mode: unknown interrupt_mode \"emulate\"; did you mean 'emulated'?"))


def test_unknown_image_location(tmp_path):
    verify(tmp_path, [vm(('"memory"', '"flash"'))],
           (E, 'kernel.image_location: unknown image_location "flash"'))


# ---------------------------------------------------------------- format rules
def test_rule_value_ranges(tmp_path):
    verify(tmp_path, [vm(("vm_type = 1", "vm_type = 7"))], (E, "base.vm_type: unknown vm_type 7"))


def test_rule_unique_ids(tmp_path):
    got = diagnose(tmp_path, vm(), second(("id = 2", "id = 1")))
    assert (E, "base.id: duplicate VM id 1 (also in vm0.toml)") in got


def test_rule_unique_names(tmp_path):
    got = diagnose(tmp_path, vm(), second(('name = "b"', 'name = "a"')))
    assert (E, "base.name: duplicate VM name 'a' (also in vm0.toml)") in got


def test_rule_cpu_list_lengths(tmp_path):
    verify(tmp_path, [vm(("cpu_num = 1", "cpu_num = 2"))],
           (E, "base.phys_cpu_ids: 1 entries for cpu_num = 2"))


def test_rule_cpu_sets_pinning_several(tmp_path):
    verify(tmp_path, [vm(("phys_cpu_ids = [0x0]", "phys_cpu_sets = [0x6]"))],
           (W, "base.phys_cpu_sets[0]: CPU set 0x6 has several CPUs; vCPU 0 is pinned to CPU 1 "
               "(static partitioning: no migration)"))


def test_rule_cpu_sets_pinning_empty(tmp_path):
    verify(tmp_path, [vm(("phys_cpu_ids = [0x0]", "phys_cpu_sets = [0]"))],
           (E, "base.phys_cpu_sets[0]: empty CPU set 0x0"))


def test_rule_region_shape_alignment(tmp_path):
    verify(tmp_path, [vm(("0x100_0000, 0x7", "0x100_0800, 0x7"))],
           (E, "kernel.memory_regions[0]: 0x50000000+0x1000800 is not 4 KiB aligned"))


def test_rule_region_shape_empty(tmp_path):
    verify(tmp_path, [vm(("0x100_0000, 0x7", "0x0, 0x7"))],
           (E, "kernel.memory_regions[0]: empty region at 0x50000000"))


def test_rule_region_flags_unknown(tmp_path):
    verify(tmp_path, [vm(("0x100_0000, 0x7", "0x100_0000, 0x47"))],
           (E, "kernel.memory_regions[0]: unknown flag bits 0x40 in 0x47"))


def test_rule_region_flags_unreadable(tmp_path):
    verify(tmp_path, [vm(("0x100_0000, 0x7", "0x100_0000, 0x6"))],
           (W, "kernel.memory_regions[0]: flags 0x6 lack READ (0x1)"))


def test_rule_region_map_type(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 5]]"))], (E, "kernel.memory_regions[0]: unknown map_type 5"))


def test_rule_image_location(tmp_path):
    verify(tmp_path, [vm(('"memory"', '"fs"'))],
           (W, 'kernel.kernel_path: relative path "k.bin" with image_location = "fs"'), syntax_only=True)


def test_rule_load_addresses_given(tmp_path):
    verify(tmp_path, [vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\nbios_path = "k.bin"'))],
           (E, "kernel.bios_path: bios_path given without bios_load_addr"))


def test_rule_emu_types_unknown(tmp_path):
    got = diagnose(tmp_path, vm(("emu_devices = []", 'emu_devices = [["x", 0xb00_0000, 0x1000, 0, 0x99, []]]')))
    assert any(s == E and m.startswith("devices.emu_devices[0]: unknown emu_type 0x99") for s, m in got)


def test_rule_emu_types_cfg_list(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["r", 0x80a_0000, 0x2_0000, 0, 0x20, [1, 2]]]'))],
           (E, "devices.emu_devices[0]: gppt-gicr (emu_type 0x20) needs 3 cfg_list items, got 2"))


def test_rule_emu_types_length(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["c", 0xb00_0000, 0, 40, 0x2, []]]'))],
           (E, "devices.emu_devices[0]: emulated device 'c' has length 0"))


def test_rule_emu_gppt_cfg(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["r", 0x80a_0000, 0x2_0000, 0, 0x20, [2, 0x2_0000, 0]]]'))],
           (E, "devices.emu_devices[0]: gppt-gicr cfg_list cpu_num 2 != base.cpu_num 1"))


def test_rule_interrupt_mode_vs_devices(tmp_path):
    verify(tmp_path, [vm(('"passthrough"', '"none"'),
                         ("emu_devices = []", 'emu_devices = [["c", 0xb00_0000, 0x1000, 40, 0x2, []]]'))],
           (W, "devices.emu_devices[0]: irq_id 40 ignored: interrupt_mode is none"))


# ---------------------------------------------------------------- board rules
def test_rule_memory_regions_present(tmp_path):
    verify(tmp_path, [vm(("[[0x5000_0000, 0x100_0000, 0x7, 1]]", "[]"))],
           (E, "kernel.memory_regions: the VM has no memory regions"))


def test_rule_regions_disjoint_in_vm(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0x50ff_f000, 0x2000, 0x7, 1]]"))],
           (E, "kernel.memory_regions[1]: 0x50fff000+0x2000 overlaps memory_regions[0] 0x50000000+0x1000000"))


def test_rule_cpus_exist_mpidr(tmp_path):
    verify(tmp_path, [vm(("[0x0]", "[0x100]"))],
           (E, "base.phys_cpu_ids[0]: no CPU with MPIDR 0x100 on board 'qemu-virt-aarch64'"))


def test_rule_cpus_exist_set(tmp_path):
    verify(tmp_path, [vm(("phys_cpu_ids = [0x0]", "phys_cpu_sets = [0x10]"))],
           (E, "base.phys_cpu_sets[0]: CPU set 0x10 names CPUs beyond the board's 4"))


def test_rule_cpu_ids_sets_agree(tmp_path):
    verify(tmp_path, [vm(("phys_cpu_ids = [0x0]", "phys_cpu_ids = [0x1]\nphys_cpu_sets = [1]"))],
           (E, "base.phys_cpu_sets[0]: CPU set 0x1 does not contain CPU 1 (MPIDR 0x1 from phys_cpu_ids[0])"))


def test_rule_cpus_one_owner(tmp_path):
    verify(tmp_path, [vm(), second(("[0x1]", "[0x0]"))],
           (E, "base.phys_cpu_ids[0]: CPU 0 (MPIDR 0x0) is already used by vm 'a' vCPU 0"))


def test_rule_cpus_available(tmp_path):
    verify(tmp_path, [vm(), second(("phys_cpu_ids = [0x1]\n", ""), ("cpu_num = 1", "cpu_num = 4"))],
           (E, "base.cpu_num: not enough free CPUs for 4 vCPUs on board 'qemu-virt-aarch64' (4 CPUs)"))


def test_rule_region_in_ram(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0x2_0000_0000, 0x1000, 0x7, 1]]"))],
           (E, "kernel.memory_regions[1]: 0x200000000+0x1000 is not in RAM of board 'qemu-virt-aarch64'"))


def test_rule_region_in_ram_partly(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0x1_3f00_0000, 0x200_0000, 0x7, 1]]"))],
           (E, "kernel.memory_regions[1]: 0x13f000000+0x2000000 is partly outside RAM of board 'qemu-virt-aarch64'"))


def test_rule_region_not_hypervisor(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0x4f00_0000, 0x1000, 0x7, 1]]"))],
           (E, "kernel.memory_regions[1]: 0x4f000000+0x1000 overlaps the hypervisor 0x40000000+0x10000000"))


def test_rule_region_not_board_reserved(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0xedf0_0000, 0x1000, 0x7, 1]]"),
                         ('[["/pl011@9000000"]]', "[]"))],
           (E, "kernel.memory_regions[1]: 0xedf00000+0x1000 overlaps board reserved range 0xedf00000+0x2e0000"),
           board="roc-rk3568-pc")


def test_rule_alloc_fits(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0x1_0000_0000, 0x2_0000_0000, 0x7, 0]]"))],
           (E, "kernel.memory_regions[1]: no free RAM for 0x200000000 bytes on board 'qemu-virt-aarch64'"))


def test_rule_regions_disjoint_between_vms(tmp_path):
    verify(tmp_path, [vm(), second(("[[0x6000_0000", "[[0x5000_0000"))],
           (E, "kernel.memory_regions[0]: 0x50000000+0x1000000 overlaps vm 'a' memory_regions[0]"))


def test_shared_reserved_memory_is_allowed(tmp_path):
    shm = ("0x7, 1]]", "0x7, 1], [0x7000_0000, 0x1000, 0x3, 2]]")
    assert diagnose(tmp_path, vm(shm), second(shm)) == []


def test_rule_total_resources(tmp_path):
    verify(tmp_path, [vm(("cpu_num = 1", "cpu_num = 5"), ("[0x0]", "[0x0, 0x1, 0x2, 0x3, 0x3]"))],
           (E, "base.cpu_num: 5 vCPUs in total, board 'qemu-virt-aarch64' has 4 CPUs"))


def test_rule_passthrough_resolved(tmp_path):
    verify(tmp_path, [vm(("/pl011@9000000", "/nope@1"))],
           (E, "devices.passthrough_devices[0]: '/nope@1': no such device in board 'qemu-virt-aarch64'"))


def test_rule_passthrough_dropped(tmp_path):
    verify(tmp_path, [vm(("/pl011@9000000", "intc@8000000"))],
           (W, "devices.passthrough_devices[0]: 'intc@8000000': ignored: the interrupt controller is "
               "virtualized by the hypervisor; this VM gets a virtual GICv3 at the board's GIC address"))


def test_rule_passthrough_gic_carved_out(tmp_path):
    got = verify(tmp_path, [vm(('[["/pl011@9000000"]]', '[["low", 0x0, 0x0, 0x1000_0000]]'))],
                 (W, "devices.passthrough_devices[0]: 'low': the GIC distributor at 0x8000000 inside "
                     "this window stays with the hypervisor (carved out)"))
    assert not [m for s, m in got if s == E]


def test_rule_mmio_not_ram(tmp_path):
    verify(tmp_path, [vm(('[["/pl011@9000000"]]', "[]\npassthrough_addresses = [[0x5000_0000, 0x1000]]"))],
           (E, "devices.passthrough_addresses[0]: device window 0x50000000+0x1000 (passthrough_addresses) "
               "overlaps guest RAM memory_regions[0]"))


def test_rule_mmio_not_emulated(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["con", 0x900_0000, 0x1000, 40, 0x2, []]]'))],
           (E, "devices.passthrough_devices[0]: device window 0x9000000+0x1000 (/pl011@9000000) overlaps "
               "emu_devices[0] 'con' at 0x9000000"))


def test_rule_emu_disjoint(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["x", 0xb00_0000, 0x1000, 0, 0x0, []], '
                                              '["y", 0xb00_0000, 0x1000, 0, 0x0, []]]'))],
           (E, "devices.emu_devices: emu_devices[1] 'y' 0xb000000+0x1000 overlaps emu_devices[0] 'x'"))


def test_rule_mmio_one_owner(tmp_path):
    verify(tmp_path, [vm(), second(("passthrough_devices = []", 'passthrough_devices = [["/pl011@9000000"]]'))],
           (E, "devices.passthrough_devices[0]: device window 0x9000000+0x1000 (/pl011@9000000) is also "
               "passed through to vm 'a' (passthrough_devices[0])"))


def test_rule_dma_identity(tmp_path):
    verify(tmp_path, [vm(("0x7, 1]]", "0x7, 1], [0x9000_0000, 0x1000, 0x7, 0]]"),
                         ("/pl011@9000000", "/virtio_mmio@a000000"))],
           (W, "devices.passthrough_devices[0]: '/virtio_mmio@a000000' can do DMA but the VM's RAM is "
               "not identity mapped"))


def test_rule_irqs_off_by_32(tmp_path):
    verify(tmp_path, [vm(('[["/pl011@9000000"]]', '[["pl011@9000000", 0x900_0000, 0x900_0000, 0x1000, 1]]'))],
           (W, "devices.passthrough_devices[0]: irq_id 1 looks like the device-tree SPI number; the INTID is 33"))


def test_rule_irqs_ppi(tmp_path):
    verify(tmp_path, [vm(('[["/pl011@9000000"]]', '[["pl011@9000000", 0x900_0000, 0x900_0000, 0x1000, 27]]'))],
           (W, "devices.passthrough_devices[0]: irq_id 27 is a PPI and is not passed through"))


def test_rule_irqs_beyond_last_spi(tmp_path):
    verify(tmp_path, [vm(('[["/pl011@9000000"]]', '[["pl011@9000000", 0x900_0000, 0x900_0000, 0x1000, 400]]'))],
           (E, "devices.passthrough_devices[0]: irq_id 400 is beyond the last SPI 287 a VM can have"))


def test_rule_emu_irqs_not_spi(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["c", 0xb00_0000, 0x1000, 5, 0x2, []]]'))],
           (E, "devices.emu_devices[0]: irq_id 5 is not an SPI (INTIDs 32..287)"))


def test_rule_emu_irqs_shared_with_passthrough(tmp_path):
    verify(tmp_path, [vm(("emu_devices = []", 'emu_devices = [["c", 0xb00_0000, 0x1000, 33, 0x2, []]]'))],
           (E, "devices.emu_devices[0]: irq_id 33 is also a passthrough interrupt of this VM"))


def test_rule_irq_one_owner(tmp_path):
    pt = '[["pl031@9010000", 0x901_0000, 0x901_0000, 0x1000, 33]]'
    verify(tmp_path, [vm(), second(("passthrough_devices = []", f"passthrough_devices = {pt}"))],
           (E, "devices.passthrough_devices[0]: SPI 33 is also passed through to vm 'a'"))


def test_rule_irq_in_range(tmp_path):
    board = custom_board(tmp_path, ("spi_num = 256", "spi_num = 0"))
    verify(tmp_path, [vm()], (E, "devices.passthrough_devices: SPI 33 of /pl011@9000000 is beyond the "
                                 "last SPI 31 a VM can have"), board=board)


def test_rule_images_exist(tmp_path):
    verify(tmp_path, [vm(('"k.bin"', '"nope.bin"'))],
           (E, "kernel.kernel_path: image file nope.bin does not exist"))


def test_rule_images_exist_allowed_missing(tmp_path):
    verify(tmp_path, [vm(('"k.bin"', '"nope.bin"'))],
           (W, "kernel.kernel_path: image file nope.bin does not exist (size checks skipped)"),
           images="allow-missing")


def test_rule_image_location_bootable(tmp_path):
    """An "fs" config boots through U-Boot on aarch64 (issue 15): `check` accepts it with its
    file under --fs-root. riscv64 has no such boot-loader flow: refused, naming it."""
    from axvmconfig_pkg import fsimage
    (tmp_path / "boot").mkdir()
    (tmp_path / "boot" / "k.bin").write_bytes(b"\x5a" * 0x1000)
    fsimage.set_root(str(tmp_path))
    try:
        got = diagnose(tmp_path, vm(('"memory"', '"fs"'), ('"k.bin"', '"/boot/k.bin"')))
    finally:
        fsimage.set_root(".")
    assert [d for d in got if d[0] == E] == [], got
    got = diagnose(tmp_path, vm(('"memory"', '"fs"'), ('"k.bin"', '"/boot/k.bin"')),
                   board="qemu-virt-riscv64", images="allow-missing")
    assert (E, 'kernel.image_location: image_location "fs" cannot be booted on riscv64: there is no '
               "riscv64 boot-loader flow yet (U-Boot boot.scr + `make disk` exist for aarch64 "
               "only)") in got, got
    assert diagnose(tmp_path, vm(('"memory"', '"fs"'), ('"k.bin"', '"/boot/k.bin"')),
                    syntax_only=True) == []


def test_rule_images_fit_ram(tmp_path):
    verify(tmp_path, [vm(("kernel_load_addr = 0x5000_0000", "kernel_load_addr = 0x50ff_f800"),
                         ("entry_point = 0x5000_0000", "entry_point = 0x50ff_f800"))],
           (E, "kernel.kernel_load_addr: kernel at 0x50fff800+0x1000 is not inside one memory region"))


def test_rule_images_disjoint(tmp_path):
    verify(tmp_path, [vm(("dtb_load_addr = 0x5020_0000", "dtb_load_addr = 0x5000_0000"))],
           (E, "kernel.dtb_load_addr: DTB 0x50000000+0x10000 overlaps the kernel 0x50000000+0x1000"))


def test_rule_images_disjoint_missing_image(tmp_path):
    """With --allow-missing-images a DTB at the kernel's own address is still an overlap
    (gen, with the real kernel, would reject it; issue 11: a passing check means gen builds)."""
    verify(tmp_path, [vm(("dtb_load_addr = 0x5020_0000", "dtb_load_addr = 0x5000_0000"),
                         ('"k.bin"', '"missing.bin"'))],
           (E, "kernel.dtb_load_addr: DTB 0x50000000+0x10000 overlaps the kernel at 0x50000000 "
               "(size unknown)"), images="allow-missing")


def test_rule_entry_in_kernel(tmp_path):
    verify(tmp_path, [vm(("entry_point = 0x5000_0000", "entry_point = 0x5000_2000"))],
           (E, "kernel.entry_point: entry point 0x50002000 is outside the kernel 0x50000000+0x1000"))


def test_every_rule_has_a_test():
    names = {f.__name__ for f in validate.FORMAT_RULES + validate.BOARD_RULES + validate.CONTRACT_RULES}
    src = open(__file__).read()
    assert not [n for n in sorted(names) if f"test_{n}" not in src]


# ---- the contract (hypervisor/include/hv/contract.h + arch/<arch>/include/arch/contract.h)
def test_rule_contract_ipa(tmp_path):
    text = vm(("passthrough_devices = [[\"/pl011@9000000\"]]",
               "passthrough_devices = [[\"/pl011@9000000\"]]\npassthrough_addresses = "
               "[[0x100_0000_0000, 0x1000]]"))
    verify(tmp_path, [text], (E, "devices.passthrough_addresses[0]: 0x10000000000+0x1000 ends beyond "
                                 "the 40-bit guest-physical space of stage 2 (AXV_ARCH_IPA_BITS): "
                                 "the hypervisor cannot map it"))


def test_rule_contract_flags(tmp_path):
    """UNCACHED is accepted exactly when the contract says the hypervisor honours it."""
    from axvmconfig_pkg import contract
    supported = contract.load("aarch64").get("AXV_MEM_FLAGS_SUPPORTED")
    text = vm(("0x100_0000, 0x7, 1]", "0x100_0000, 0x27, 1]"))
    if supported & 0x20:
        assert diagnose(tmp_path, text) == []
        return
    verify(tmp_path, [text],
           (E, "kernel.memory_regions[0]: UNCACHED (0x20) in flags 0x27 is not supported by the "
               f"hypervisor (AXV_MEM_FLAGS_SUPPORTED {supported:#x}); the region would be mapped cacheable"))


def test_rule_contract_emu_types(tmp_path):
    text = vm(("emu_devices = []", 'emu_devices = [["gppt-its", 0x0808_0000, 0x2_0000, 0, 0x22, []]]'))
    verify(tmp_path, [text], (E, "devices.emu_devices[0]: emu_type 0x22 (gppt-its) is not implemented "
                                 "by this hypervisor; it would refuse the VM at boot"))


def test_gic_placement_emu_types_move_the_vgic_and_are_no_device(tmp_path):
    """0x21 places the vGIC distributor (AXV_ARCH_EMU_GIC_PLACEMENT): accepted,
    and gen emits it as vgicd_ipa, never as an emulated device the hypervisor
    would refuse at boot."""
    import subprocess
    text = vm(("emu_devices = []", 'emu_devices = [["gppt-gicd", 0x0600_0000, 0x1_0000, 0, 0x21, []]]'))
    assert [d for d in diagnose(tmp_path, text) if d[0] == E] == []
    (tmp_path / "p.toml").write_text(text)
    (tmp_path / "k.bin").write_bytes(b"\0" * 4096)
    out = tmp_path / "out"
    r = subprocess.run(["/usr/bin/python3", os.path.join(REPO, "tools/axvmconfig/axvmconfig"), "gen",
                        "-o", str(out), "p.toml"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    c = (out / "config.c").read_text()
    assert ".vgicd_ipa = 0x6000000" in c, c
    assert ".type = 0x21" not in c and ".emu_num = 0" in c, c


def test_rule_contract_gic_version_board(tmp_path):
    """A GIC version outside AXV_ARCH_GIC_VERSIONS (GICv4 here) is refused; GICv2
    (bit 2, vgic2/) and GICv3 are accepted."""
    from axvmconfig_pkg import contract
    assert contract.load("aarch64").get("AXV_ARCH_GIC_VERSIONS") == 0xc
    board = custom_board(tmp_path, ("version = 3", "version = 4"))
    got = diagnose(tmp_path, vm(), board=board)
    assert any(s == E and m.startswith("gic.version: board 'qemu-virt-aarch64' has a GICv4")
               for s, m in got), got


def test_rule_contract_spis(tmp_path):
    board = custom_board(tmp_path, ("spi_num = 256", "spi_num = 448"))
    got = diagnose(tmp_path, vm(('[["/pl011@9000000"]]',
                                 '[["pl011@9000000", 0x900_0000, 0x900_0000, 0x1000, 300]]')),
                   board=board)
    assert ("warning", "gic.spi_num: board 'qemu-virt-aarch64' has 448 SPIs, the virtual GIC models "
                       "256 (AXV_ARCH_MAX_SPIS): INTIDs above 287 cannot be given to a VM") in got
    assert ("error", "devices.passthrough_devices[0]: irq_id 300 is beyond the last SPI 287 a VM "
                     "can have") in got


# ---- AxVisor's newest keys (shared/axvisor-configs/upstream-2026-07)
def test_rule_upstream_keys(tmp_path):
    text = vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\nenable_bios = true\n'
               'boot_protocol = "uefi"\nuefi_firmware_path = "/OVMF.fd"'),
              ('interrupt_mode = "passthrough"', 'interrupt_mode = "passthrough"\n'
               'passthrough_ports = [[0x6000, 0x80]]\naddress_space_policy = "x"'))
    got = diagnose(tmp_path, text, syntax_only=True)
    fw = "this hypervisor enters the kernel directly (Linux boot protocol); it has no BIOS/UEFI flow"
    for want in [f"kernel.enable_bios: enable_bios = true is not supported: {fw}",
                 f'kernel.boot_protocol: boot_protocol "uefi" is not supported: {fw}',
                 f"kernel.uefi_firmware_path: UEFI firmware is not supported: {fw}",
                 "devices.passthrough_ports: I/O-port passthrough (x86 port I/O) is not supported: "
                 "this hypervisor passes devices through by MMIO only",
                 'devices.address_space_policy: address_space_policy "x" is not supported: the guest '
                 "address space is exactly memory_regions plus the device windows"]:
        assert (E, want) in got, got


def test_upstream_enable_bios_false_accepted(tmp_path):
    text = vm(('kernel_path = "k.bin"', 'kernel_path = "k.bin"\nenable_bios = false'))
    assert not [d for d in diagnose(tmp_path, text) if d[0] == E]


def test_upstream_interrupt_mode_missing_warns(tmp_path):
    got = diagnose(tmp_path, vm(('interrupt_mode = "passthrough"', "")), syntax_only=True)
    assert ("warning", 'devices.interrupt_mode: interrupt_mode not given: this tool uses "emulated", '
                       "AxVisor's newest format means \"no_irq\"") in got


def test_upstream_excluded_devices_lists(tmp_path):
    """["/a", "/b"] inner lists exclude every path they name."""
    from axvmconfig_pkg.loader import load_vm
    (tmp_path / "v.toml").write_text(vm(('interrupt_mode = "passthrough"',
                                         'interrupt_mode = "passthrough"\nexcluded_devices = '
                                         '[["/pl031@9010000", "/fw-cfg@9020000"], "/x", ["/y"]]')))
    diags = []
    c = load_vm(str(tmp_path / "v.toml"), diags)
    assert c.excluded_devices == ("/pl031@9010000", "/fw-cfg@9020000", "/x", "/y"), diags


def test_upstream_emu_types_known_and_rejected(tmp_path):
    for t, name in ((0x3, "fw-cfg"), (0x23, "x86-ioapic"), (0x24, "x86-pit"),
                    (0x25, "loongarch-pch-pic")):
        text = vm(("emu_devices = []", f'emu_devices = [["d", 0x0a00_0000, 0x1000, 0, {t:#x}, []]]'))
        assert (E, f"devices.emu_devices[0]: emu_type {t:#x} ({name}) is not implemented by this "
                   "hypervisor; it would refuse the VM at boot") in diagnose(tmp_path, text)


# ---- defaults and the boot protocol (more in test_boot.py)
def test_rule_defaults_placed(tmp_path):
    text = vm(("dtb_load_addr = 0x5020_0000\n", ""), ("0x100_0000, 0x7, 1]", "0x1000, 0x7, 1]"))
    verify(tmp_path, [text], (E, "kernel: no free guest RAM for the dtb (0x10000 bytes) beside the "
                                 "kernel and the other images"))


def test_rule_boot_protocol(tmp_path):
    verify(tmp_path, [vm(("dtb_load_addr = 0x5020_0000", "dtb_load_addr = 0x5020_0004"))],
           (E, "kernel.dtb_load_addr: DTB at 0x50200004 is not 8-byte aligned (arm64 boot protocol)"))


# ---- passthrough device trees (issue 11 items 6, 7, 9)
RK = """\
[base]
id = 1
name = "rk"
vm_type = 1
cpu_num = 1
phys_cpu_ids = [0x100]

[kernel]
entry_point = 0x4000_0000
kernel_path = "k.bin"
kernel_load_addr = 0x4000_0000
memory_regions = [[0x4000_0000, 0x4000_0000, 0x7, 1]]

[devices]
interrupt_mode = "passthrough"
passthrough_devices = [["/ethernet@fe010000"]]
emu_devices = []
"""


def test_rule_passthrough_references(tmp_path):
    got = diagnose(tmp_path, RK, board="roc-rk3568-pc")
    assert ("warning", "devices.passthrough_devices[0]: '/ethernet@fe010000' loses assigned-clock-parents, "
                       "assigned-clocks, phy-handle (-> /ethernet@fe010000/mdio/phy@0), pinctrl-0, resets, "
                       "rockchip,grf (-> /syscon@fdc60000), snps,axi-config (-> /ethernet@fe010000/stmmac-axi-config), snps,mtl-rx-config "
                       "(-> /ethernet@fe010000/rx-queues-config), snps,mtl-tx-config "
                       "(-> /ethernet@fe010000/tx-queues-config), snps,reset-gpio: the guest tree has no "
                       "node they reference; its driver may not probe") in got


def test_rule_paths_nameable(tmp_path):
    (tmp_path / "k\nx.bin").write_bytes(b"\x5a" * 0x1000)
    verify(tmp_path, [vm(('"k.bin"', '"k\\nx.bin"'))],
           (E, "kernel.kernel_path: path 'k\\nx.bin' contains the control character '\\n': make "
               "(axvm.d) cannot name such a file"))


def _gen_dts(tmp_path, text, board):
    import io
    from contextlib import redirect_stderr
    from axvmconfig_pkg.cli import main
    (tmp_path / "k.bin").write_bytes(b"\x5a" * 0x1000)
    (tmp_path / "v.toml").write_text(text)
    cwd, err = os.getcwd(), io.StringIO()
    os.chdir(tmp_path)
    try:
        with redirect_stderr(err):
            rc = main(["gen", "-q", "-b", os.path.join(REPO, "boards", board), "-o", "out", "v.toml"])
    finally:
        os.chdir(cwd)
    assert rc == 0, err.getvalue()
    return (tmp_path / "out" / "vm1.dts").read_text(), (tmp_path / "out" / "config.c").read_text()


def test_pcie_bridge_keeps_ranges_and_maps_windows(tmp_path):
    dts, c = _gen_dts(tmp_path, RK.replace("/ethernet@fe010000", "/pcie@fe280000"), "roc-rk3568-pc")
    node = dts[dts.index("pcie@"):]
    node = node[:node.index("};")]
    assert "#address-cells = <0x3>;" in node and "#size-cells = <0x2>;" in node
    assert "ranges = <0x800 0x0 0xf0000000" in node and 'device_type = "pci";' in node
    assert ".ipa = 0xf0000000, .pa = 0xf0000000, .size = 0x2000000" in c   # cfg + I/O + mem32
    assert ".ipa = 0x380000000, .pa = 0x380000000, .size = 0x40000000" in c  # 64-bit window


def test_flattened_nodes_get_unique_names(tmp_path):
    """`/sram@10f000` and its child of the same address: the second is renamed (dtc accepts)."""
    text = RK.replace('phys_cpu_ids = [0x100]', 'phys_cpu_ids = [0x100]').replace(
        "[0x1000_0000, 0x1000_0000, 0x7, 1]", "[0x1000_0000, 0x1000_0000, 0x7, 1]").replace(
        '[["/ethernet@fe010000"]]', '[["/"]]')
    dts, _ = _gen_dts(tmp_path, text.replace("0x100]", "0x100]"), "orangepi-5-plus")
    names = [ln.strip()[:-2] for ln in dts.splitlines() if ln.startswith("\t") and ln.rstrip().endswith("{")
             and not ln.startswith("\t\t")]
    assert len(names) == len(set(names))
    assert "sram@10f000" in names and "sram-1@10f000" in names


def test_rule_guest_dtb(tmp_path, monkeypatch):
    """check compiles the guest DTS gen would write; a dtc failure is a check error."""
    from axvmconfig_pkg import emit_dts
    monkeypatch.setattr(emit_dts, "emit_vm_dts", lambda banner, view: "/dts-v1/;\n/ { x@1 {}; x@1 {}; };\n")
    got = diagnose(tmp_path, vm())
    assert any(s == E and m.startswith("devices: the generated guest device tree does not compile: "
                                       "dtc failed: ") and "Duplicate node name" in m for s, m in got), got

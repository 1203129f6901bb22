"""Data model of axvmconfig: frozen dataclasses, no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

PAGE = 0x1000
BLOCK_2M = 0x20_0000

MEM_READ, MEM_WRITE, MEM_EXEC, MEM_USER, MEM_DEVICE, MEM_UNCACHED = 1, 2, 4, 8, 0x10, 0x20
MEM_FLAGS_ALL = 0x3F
MAP_ALLOC, MAP_IDENTICAL, MAP_RESERVED = 0, 1, 2
MAP_NAMES = {MAP_ALLOC: "alloc", MAP_IDENTICAL: "identical", MAP_RESERVED: "reserved"}

IRQ_NONE, IRQ_EMULATED, IRQ_PASSTHROUGH = 0, 1, 2
IRQ_MODES = {
    "no_irq": IRQ_NONE, "no": IRQ_NONE, "none": IRQ_NONE,
    "emu": IRQ_EMULATED, "emulated": IRQ_EMULATED,
    "passthrough": IRQ_PASSTHROUGH, "pt": IRQ_PASSTHROUGH,
}
IRQ_MODE_NAMES = {IRQ_NONE: "none", IRQ_EMULATED: "emulated", IRQ_PASSTHROUGH: "passthrough"}

# AxVisor emu_type values: name, and the cfg_list length it expects (None = any).
EMU_TYPES = {
    0x0: ("dummy", None),
    0x1: ("interrupt-controller", None),
    0x2: ("console", None),
    0x3: ("fw-cfg", None),
    0xA: ("ivc-channel", None),
    0x20: ("gppt-gicr", 3),
    0x21: ("gppt-gicd", 0),
    0x22: ("gppt-its", 1),
    0x23: ("x86-ioapic", None),
    0x24: ("x86-pit", None),
    0x25: ("loongarch-pch-pic", None),
    0x30: ("plic", 1),
    0xE1: ("virtio-blk", None),
    0xE2: ("virtio-net", None),
    0xE3: ("virtio-console", None),
}
EMU_GIC, EMU_CONSOLE, EMU_IVC = 0x1, 0x2, 0xA
EMU_GPPT_GICR, EMU_GPPT_GICD, EMU_GPPT_ITS = 0x20, 0x21, 0x22

IMAGE_KINDS = ("kernel", "dtb", "ramdisk", "bios")
IMAGE_KIND_IDS = {k: i for i, k in enumerate(IMAGE_KINDS)}
# image_location "fs" needs a boot loader that loads the files before the hypervisor runs
# (issue 15: U-Boot's boot.scr from `make disk`, images/disk.mk). Only aarch64 has that flow.
FS_BOOT_ARCHES = ("aarch64",)


def fs_not_bootable(arch: str) -> tuple:
    """Message and hint for an "fs" VM on an architecture without the boot-loader flow."""
    return (f'image_location "fs" cannot be booted on {arch}: there is no {arch} boot-loader flow '
            "yet (U-Boot boot.scr + `make disk` exist for aarch64 only)",
            'use image_location = "memory" and host paths')

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where (file, line, key path), what (message), and a hint."""
    severity: str
    file: str
    line: int
    key: str
    message: str
    hint: str = ""
    value: Optional[str] = None

    def short(self) -> str:
        """`key: message`, the part the tests compare."""
        return f"{self.key}: {self.message}" if self.key else self.message

    def text(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        s = f"{loc}: {self.severity}: {self.short()}"
        return s + (f"\n    hint: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class MemRegion:
    gpa: int
    size: int
    flags: int
    map_type: int


@dataclass(frozen=True)
class PassthroughDev:
    name: str
    base_gpa: Optional[int] = None
    base_hpa: Optional[int] = None
    length: Optional[int] = None
    irq_id: Optional[int] = None


@dataclass(frozen=True)
class EmuDev:
    name: str
    base_gpa: int
    length: int
    irq_id: int
    emu_type: int
    cfg_list: tuple = ()


@dataclass(frozen=True)
class PassthroughAddr:
    base_gpa: int
    length: int


@dataclass(frozen=True)
class Image:
    """A guest image named by the config (path absolute or cwd-relative)."""
    kind: str
    path: str
    load_addr: Optional[int]
    key: str  # key path of the *_path setting


@dataclass(frozen=True)
class VmConfig:
    file: str
    lines: dict = field(hash=False, compare=False, repr=False)
    id: int = 0
    name: str = ""
    vm_type: int = 1
    cpu_num: int = 1
    phys_cpu_ids: Optional[tuple] = None
    phys_cpu_sets: Optional[tuple] = None
    entry_point: int = 0
    image_location: str = "memory"
    kernel_path: str = ""
    kernel_load_addr: int = 0
    dtb_path: Optional[str] = None
    dtb_load_addr: Optional[int] = None
    ramdisk_path: Optional[str] = None
    ramdisk_load_addr: Optional[int] = None
    bios_path: Optional[str] = None
    bios_load_addr: Optional[int] = None
    cmdline: Optional[str] = None
    disk_path: Optional[str] = None
    memory_regions: tuple = ()
    passthrough_devices: tuple = ()
    emu_devices: tuple = ()
    interrupt_mode: int = IRQ_EMULATED
    interrupt_mode_given: bool = False
    excluded_devices: tuple = ()
    passthrough_addresses: tuple = ()
    passthrough_ports: tuple = ()
    enable_bios: Optional[bool] = None
    boot_protocol: Optional[str] = None
    uefi_firmware_path: Optional[str] = None
    address_space_policy: Optional[str] = None
    # Keys whose values failed to load (load_vm(salvage=True)): they read as absent here,
    # and rule diagnostics about them are dropped; empty for a cleanly loaded config.
    failed_keys: tuple = ()

    def line(self, key: str) -> int:
        """Best line for a key path: the key itself, else its closest parent."""
        k = key
        while k:
            if k in self.lines:
                return self.lines[k]
            cut = max(k.rfind("["), k.rfind("."))
            k = k[:cut] if cut > 0 else ""
        return 0

    def images(self) -> list:
        out = [Image("kernel", self.kernel_path, self.kernel_load_addr, "kernel.kernel_path")]
        for kind in ("dtb", "ramdisk", "bios"):
            p = getattr(self, f"{kind}_path")
            if p:
                out.append(Image(kind, p, getattr(self, f"{kind}_load_addr"), f"kernel.{kind}_path"))
        return out


@dataclass(frozen=True)
class DtNode:
    """A device-tree node: full path, properties (name -> raw bytes), children."""
    path: str
    name: str
    props: dict = field(hash=False, compare=False)
    children: tuple = ()
    regs: tuple = ()        # ((cpu physical address, size), ...) after `ranges` translation
    irqs: tuple = ()        # INTIDs (SPI n -> 32+n, PPI n -> 16+n)
    phandle: int = 0
    bus_windows: tuple = () # PCI host bridge: CPU-side windows of its `ranges` (BARs live there)

    def prop_str(self, name: str) -> str:
        raw = self.props.get(name)
        return raw.split(b"\0")[0].decode("utf-8", "replace") if raw else ""

    def compatible(self) -> list:
        raw = self.props.get("compatible", b"")
        return [s.decode("utf-8", "replace") for s in raw.split(b"\0") if s]


@dataclass(frozen=True)
class Board:
    name: str
    dir: str
    files: tuple              # every file the board description consists of
    arch: str
    cpu_mpidrs: tuple
    ram_banks: tuple          # ((base, size), ...)
    reserved: tuple           # ((base, size), ...)
    hv_base: int
    hv_size: int
    hv_text_offset: int
    gic_version: int
    gicd: int
    gicr: int
    gicr_stride: int
    gicc: int
    gich: int
    gicv: int
    its: int
    gic_spi_num: int
    maint_irq: int
    uart_kind: str
    uart_base: int
    uart_irq: int
    uart_path: str
    timer_irqs: tuple         # (sec phys, phys, virt, hyp) PPIs as INTIDs
    timer_freq: int
    dma_compatibles: tuple = ()
    root: Optional[DtNode] = None
    source: str = ""
    # Per-arch board facts the shared fields do not cover (arch_riscv64.py).
    arch_params: dict = field(default_factory=dict, hash=False, compare=False)
    lines: dict = field(default_factory=dict, hash=False, compare=False, repr=False)

    def toml(self) -> str:
        """Path of board.toml (diagnostics about the board name this file)."""
        return self.files[0] if self.files else self.dir

    def line(self, key: str) -> int:
        """Line of a board.toml key path (0 if unknown)."""
        return self.lines.get(key, 0)

    def nodes(self):
        """Every node of the board device tree, depth first."""
        if self.root is None:
            return
        stack = [self.root]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.children))


@dataclass(frozen=True)
class ResolvedMmio:
    ipa: int
    pa: int
    size: int
    node: Optional[DtNode]
    key: str
    source: str               # device name or "passthrough_addresses"


@dataclass(frozen=True)
class ResolvedVm:
    """A VM with every derived value filled in (CPUs, PAs, devices, IRQs)."""
    cfg: VmConfig
    vcpus: tuple              # ((vmpidr, pcpu index), ...)
    regions: tuple            # ((ipa, pa, size, flags, map_type, key), ...)
    mmios: tuple              # (ResolvedMmio, ...)
    irqs: tuple               # ((intid, key), ...)
    emus: tuple               # (EmuDev, ...)
    vgicd: int
    vgicr: int
    unresolved: tuple = ()    # ((key, name, reason), ...)
    dropped: tuple = ()       # ((key, name, reason), ...) entries ignored on purpose


@dataclass(frozen=True)
class Plan:
    board: Board
    vms: tuple                # (ResolvedVm, ...)

"""Real boards (issue 14): `make firmware BOARD=<b>` for each of them, and
what can be checked without the board.

- axvisor.bin is an arm64 Image U-Boot's booti takes as loaded: magic,
  text_offset, flags bit 3 (base anywhere), image_size covering the file,
  and the ELF linked at the board's hypervisor base + text_offset.
- The console driver linked is the board's (NS16550 for the DW-APB UARTs,
  PL011 on Phytium Pi), and the tables compiled in (generated config.c)
  name the console UART and GIC frames of the board device tree, with the
  UART's reg-shift / reg-io-width; for the Rockchip boards also the
  addresses of the mainline device trees (issue 14).
- The Linux guest's device tree holds the storage and Ethernet nodes and
  has no dangling phandle; every interrupt of those nodes is one the VM owns.
"""
import re
import struct
import subprocess
import sys

import pytest

from conftest import PYTHON, REPO

sys.path.insert(0, str(REPO / "tools" / "axvmconfig"))

from axvmconfig_pkg.board import load_board  # noqa: E402
from axvmconfig_pkg.devtree import cells  # noqa: E402

CROSS = "aarch64-linux-gnu-"

# board -> (driver, console compatible, the Linux VM's passthrough node names,
#           mainline DT facts from issue 14: uart, gicd, gicr)
BOARDS = {
    "roc-rk3568-pc": ("ns16550", "snps,dw-apb-uart",
                      ("sdhci@fe310000", "dwmmc@fe2b0000", "ethernet@fe2a0000", "ethernet@fe010000"),
                      (0xfe66_0000, 0xfd40_0000, 0xfd46_0000)),
    "orangepi-5-plus": ("ns16550", "snps,dw-apb-uart",
                        ("mmc@fe2c0000", "mmc@fe2e0000", "pcie@fe180000", "pcie@fe190000"),
                        (0xfeb5_0000, 0xfe60_0000, 0xfe68_0000)),
    "phytium-pi": ("pl011", "arm,pl011",
                   ("mmc@28000000", "mmc@28001000", "ethernet@3200c000", "ethernet@3200e000"),
                   None),
}
DRIVERS = ("ns16550", "pl011")


@pytest.fixture(scope="module", params=list(BOARDS))
def fw(request):
    """Build the board's default firmware; hand back its name and paths."""
    b = request.param
    proc = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={PYTHON}",
                           f"BOARD={b}", "firmware"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"make firmware BOARD={b}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return b, REPO / "build" / b, REPO / "generated" / b


def _cfg(gen, key):
    m = re.search(rf"\.{key} = (0x[0-9a-f]+|\d+|\w+),", (gen / "config.c").read_text())
    assert m, f"{key} not in {gen}/config.c"
    v = m.group(1)
    return int(v, 0) if v[0].isdigit() else v


def _node_at(board, base):
    return [n for n in board.nodes() if n.regs and n.regs[0][0] == base]


def test_image_header_is_booti_ready(fw):
    b, out, _ = fw
    board = load_board(str(REPO / "boards" / b))
    data = (out / "axvisor.bin").read_bytes()
    code0, _, text_offset, image_size, flags = struct.unpack_from("<IIQQQ", data, 0)
    assert data[0x38:0x3c] == b"ARM\x64"
    assert code0 >> 26 == 0b000101, "code0 is not a branch"
    assert text_offset == board.hv_text_offset
    assert image_size >= len(data)
    assert flags & 0x8, "flags bit 3 clear: booti would move the image to DRAM start"
    assert flags & 0x6 == 0x2 and not flags & 0x1, "4 KiB pages, little-endian"
    hdr = subprocess.run([CROSS + "readelf", "-h", str(out / "axvisor.elf")],
                         capture_output=True, text=True, check=True).stdout
    entry = int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", hdr).group(1), 16)
    assert entry == board.hv_base + board.hv_text_offset


def test_console_driver_is_the_boards(fw):
    b, out, _ = fw
    drv = BOARDS[b][0]
    syms = subprocess.run([CROSS + "nm", str(out / "axvisor.elf")],
                          capture_output=True, text=True, check=True).stdout
    linked = {d for d in DRIVERS if re.search(rf"\b{d}\.c\.", syms)}
    assert linked == {drv}


def test_console_and_gic_match_the_board_dt(fw):
    b, _, gen = fw
    drv, compat, _, mainline = BOARDS[b]
    board = load_board(str(REPO / "boards" / b))
    uart = _node_at(board, _cfg(gen, "uart_base"))
    assert uart and compat in uart[0].compatible(), f"no {compat} node at the console base"
    spi = cells(uart[0].props["interrupts"])[1]
    assert _cfg(gen, "uart_irq") == 32 + spi
    assert _cfg(gen, "uart_kind") == f"VMCFG_UART_{drv.upper()}"
    if drv == "ns16550":
        assert _cfg(gen, "uart_reg_shift") == cells(uart[0].props["reg-shift"])[0] == 2
        assert _cfg(gen, "uart_io_width") == cells(uart[0].props["reg-io-width"])[0] == 4
    gic = [n for n in board.nodes() if "arm,gic-v3" in n.compatible()]
    assert len(gic) == 1
    assert _cfg(gen, "gic_version") == 3
    assert _cfg(gen, "gicd_base") == gic[0].regs[0][0]
    assert _cfg(gen, "gicr_base") == gic[0].regs[1][0]
    if mainline:
        assert (_cfg(gen, "uart_base"), _cfg(gen, "gicd_base"), _cfg(gen, "gicr_base")) == mainline


def _phandles(root):
    out, stack = {}, [root]
    while stack:
        n = stack.pop()
        stack.extend(n.children)
        if "phandle" in n.props:
            out[cells(n.props["phandle"])[0]] = n
    return out


def test_linux_dt_has_the_devices_and_no_dangling_phandle(fw):
    from axvmconfig_pkg.devtree import parse_dtb
    b, _, gen = fw
    root = parse_dtb((gen / "vm1.dtb").read_bytes())
    names = {n.name for n in root.children}
    for want in BOARDS[b][2]:
        assert want in names, f"{want} missing from the Linux guest DT"
    ph = _phandles(root)
    refs = ("clocks", "interrupt-parent", "phy-handle", "rockchip,grf", "rockchip,pipe-grf",
            "snps,axi-config", "snps,mtl-rx-config", "snps,mtl-tx-config", "resets", "phys",
            "pinctrl-0", "power-domains", "dmas", "iommus", "msi-map", "interrupt-map")
    for n in root.children:
        for p in refs:
            if p in n.props:
                assert p in ("clocks", "interrupt-parent"), f"{n.name}: {p} kept"
                for c in cells(n.props[p]):
                    assert c in ph, f"{n.name}: {p} points at missing phandle {c:#x}"
    owned = set(int(x) for x in re.findall(
        r"\b(\d+)u?,", re.search(r"vm1_irqs\[\] = \{([^}]*)\}", (gen / "config.c").read_text()).group(1)))
    for n in root.children:
        if n.name in BOARDS[b][2] and "interrupts" in n.props:
            c = cells(n.props["interrupts"])
            spis = {32 + c[i + 1] for i in range(0, len(c), 3) if c[i] == 0}
            assert spis <= owned, f"{n.name}: SPIs {spis - owned} not owned by the VM"

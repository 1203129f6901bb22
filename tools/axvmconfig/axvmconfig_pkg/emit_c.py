"""config.c (const tables) and config.h (sizing #defines)."""
from __future__ import annotations

from . import contract
from .emit_common import render

UART_KINDS = {"pl011": "VMCFG_UART_PL011", "ns16550": "VMCFG_UART_NS16550"}


def _sha_rows(digest: bytes) -> list:
    return [", ".join(f"0x{b:02x}" for b in digest[i:i + 8]) + "," for i in range(0, 32, 8)]


# GICv2: the guest's GICC window is the hardware's virtual CPU interface
# (GICV, 8 KiB: GICC_DIR is in the second page), mapped by stage 2.
GICV_SIZE = 0x2000


def _gicv_window(board, rv) -> list:
    if board is None or board.gic_version != 2 or not rv.vgicd:
        return []
    return [dict(ipa=board.gicc, pa=board.gicv, size=GICV_SIZE, source="GICV as the guest's GICC")]


def _places_irqchip(board, emu_type: int) -> bool:
    """GIC-placement entries became vgicd/vgicr: they are no emulated device."""
    return contract.load(board.arch if board else "aarch64").emu_places_irqchip(emu_type)


def vm_view(rv, images, board=None) -> dict:
    """Template data for one resolved VM; `images` are GenImage with bytes."""
    c = rv.cfg
    return dict(
        id=c.id, name=c.name, file=c.file, vm_type=c.vm_type, entry=c.entry_point,
        dtb_ipa=next((i.load for i in images if i.kind == "dtb"), 0),
        irq_mode=c.interrupt_mode, vgicd=rv.vgicd, vgicr=rv.vgicr,
        vplic=next((e.base_gpa for e in rv.emus if e.emu_type == 0x30), 0),
        vcpus=list(rv.vcpus),
        regions=[dict(ipa=r[0], pa=r[1], size=r[2], flags=r[3], map_type=r[4]) for r in rv.regions],
        images=[dict(kind=i.kind, path=i.path, size=len(i.data), load=i.load, file=i.file,
                     sha_rows=_sha_rows(i.sha256)) for i in images],
        mmios=[dict(ipa=w.ipa, pa=w.pa, size=w.size, source=w.source) for w in rv.mmios]
        + _gicv_window(board, rv),
        irqs=[i for i, _ in rv.irqs],
        emus=[dict(ipa=e.base_gpa, size=e.length, irq=e.irq_id, type=e.emu_type,
                   cfg=list(e.cfg_list), name=e.name) for e in rv.emus
              if not _places_irqchip(board, e.emu_type)],
    )


def emit_config_c(banner: str, board, vms: list) -> str:
    return render("config.c.j2", banner=banner, board=board, vms=vms,
                  uart_kind=UART_KINDS.get(board.uart_kind, "VMCFG_UART_PL011"))


def emit_config_h(banner: str, board, vms: list) -> str:
    mx = lambda k: max([len(v[k]) for v in vms] + [0])
    return render("config.h.j2", banner=banner, board=board, vms=vms,
                  max_vcpus=max(mx("vcpus"), 1), max_regions=max(mx("regions"), 1),
                  max_emus=max(mx("emus") + 4, 4), max_mmios=max(mx("mmios"), 1),
                  max_irqs=max(mx("irqs"), 1))

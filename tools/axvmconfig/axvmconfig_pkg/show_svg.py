"""`show --svg`: draw the partition map (show.partition_map) as a printable SVG.

Layout: the physical CPUs on top; physical memory on the left, one row per
owned block with free gaps collapsed (row height grows with log2 of the
size, so a 16 MiB VM and a 4 GiB bank are both readable); one card per VM
on the right (CPUs, memory with kernel/DTB/ramdisk placed on a piecewise
log axis, devices and IRQs, passthrough vs emulated). Every label is a
visible <text>; the background is opaque white.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
HV_COLOUR, RESERVED_COLOUR, FREE_COLOUR = "#444444", "#999999", "#f2f2f2"
IMAGE_COLOURS = {"kernel": "#3b3b98", "dtb": "#e1a100", "ramdisk": "#2e8b57", "bios": "#8b3a62"}
FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
CH = 7.3          # width of one 12 px monospace character
W = 1240
LEFT_X, LEFT_W = 20, 470
RIGHT_X, RIGHT_W = 515, 705
KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30


def addr(v) -> str:
    """0x8000_0000-style hex, as AxVisor configs write addresses."""
    if v is None:
        return "?"
    h = f"{v:x}"
    groups = []
    while h:
        groups.insert(0, h[-4:])
        h = h[:-4]
    return "0x" + "_".join(groups or ["0"])


def size(n) -> str:
    """Bytes in the largest binary unit that keeps the number >= 1 (two decimals at most)."""
    if n is None:
        return "size unknown"
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if n >= unit:
            return f"{n / unit:.2f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{n} B"


def vm_colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def tint(colour: str, amount: float = 0.82) -> str:
    """`colour` mixed with white (for fills behind black text)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = lambda c: round(c + (255 - c) * amount)
    return f"#{mix(r):02x}{mix(g):02x}{mix(b):02x}"


class Canvas:
    """Accumulates SVG elements; every string goes through escape()."""

    def __init__(self):
        self.items: list = []

    def rect(self, x, y, w, h, fill, stroke="#000000", dash=False, sw=1):
        d = ' stroke-dasharray="5,3"' if dash else ""
        self.items.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{h:.1f}" '
                          f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{d}/>')

    def text(self, x, y, s, size=12, weight="normal", fill="#000000", anchor="start"):
        self.items.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
                          f'fill="{fill}" text-anchor="{anchor}">{escape(str(s))}</text>')

    def line(self, x1, y1, x2, y2, stroke="#000000", sw=1, dash=False):
        d = ' stroke-dasharray="4,3"' if dash else ""
        self.items.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                          f'stroke="{stroke}" stroke-width="{sw}"{d}/>')

    def hatch_rect(self, x, y, w, h, colour):
        """An outlined, hatched box: the style of emulated (not real) devices."""
        self.items.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                          f'fill="url(#hatch)" stroke="{colour}" stroke-width="2"/>')


def fit(s: str, width: float, size: int = 12) -> str:
    """Cut `s` to what fits in `width` pixels of `size` px monospace (bold is no wider)."""
    n = max(int(width / (CH * size / 12)), 4)
    return s if len(s) <= n else s[:n - 1] + "…"


def runs(nums: list) -> list:
    """[33, 34, 35, 40] -> ["33-35", "40"]: long IRQ lists stay short."""
    out, i, nums = [], 0, sorted(nums)
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if j - i < 2 else f"{nums[i]}-{nums[j]}")
        out += [str(nums[i + 1])] if j - i == 1 else []
        i = j + 1
    return out


def wrap(head: str, items: list, width: float) -> list:
    """`head` then comma-separated items, broken into lines that fit `width` (12 px)."""
    n = max(int(width / CH), 20)
    lines, cur = [], head
    for i, it in enumerate(items):
        piece = it + ("," if i < len(items) - 1 else "")
        if len(cur) + 1 + len(piece) > n and cur.strip():
            lines.append(cur)
            cur = " " * len(head)
        cur = f"{cur} {piece}" if cur.strip() else cur + piece
    lines.append(cur)
    return lines


# ------------------------------------------------------------------ CPUs
def draw_cpus(c: Canvas, pmap: dict, y: float) -> float:
    c.text(20, y, "Physical CPUs", 15, "bold")
    y += 10
    cpus = pmap["board"]["cpus"]
    by_id = {v["id"]: v for v in pmap["vms"]}
    bw = min(190, (W - 40 - 10 * (len(cpus) - 1)) / max(len(cpus), 1))
    for i, cpu in enumerate(cpus):
        x = 20 + i * (bw + 10)
        v = by_id.get(cpu["vm"])
        if v is None:
            c.rect(x, y, bw, 58, "#ffffff", "#888888", dash=True)
            owner, fill_txt = "unused (stays off)", "#555555"
        else:
            col = vm_colour(v["index"])
            c.rect(x, y, bw, 58, tint(col), col, sw=2)
            vc = next(vc["vcpu"] for vc in v["vcpus"] if vc["cpu"] == cpu["cpu"])
            owner, fill_txt = f"vm {v['id']} {v['name']}", "#000000"
        c.text(x + 8, y + 18, f"CPU{cpu['cpu']}", 13, "bold")
        c.text(x + 8, y + 34, fit(f"MPIDR {addr(cpu['mpidr'])}", bw - 12), 12)
        if v is not None:
            owner = f"vm {v['id']} vCPU{vc} {v['name']}"
        c.text(x + 8, y + 50, fit(owner, bw - 12), 12, "bold" if v else "normal", fill_txt)
    return y + 58 + 34


# ------------------------------------------------------------------ physical memory
def row_height(n: int) -> float:
    """Log scale: 4 KiB -> 44 px, 1 GiB -> ~80 px, capped at 96."""
    return min(96.0, 44.0 + 2.0 * max(math.log2(max(n, 4096) / 4096), 0))


def _pieces_in(pmap: dict, bank: dict) -> list:
    lo, hi = bank["base"], bank["base"] + bank["size"]
    return [p for p in pmap["physical"] if p["base"] < hi and lo < p["base"] + p["size"]]


def _piece_style(pmap, p):
    if p["vm"] is None:
        return (HV_COLOUR if p["owner"] == "hypervisor" else RESERVED_COLOUR), "#ffffff"
    v = next(v for v in pmap["vms"] if v["id"] == p["vm"])
    return vm_colour(v["index"]), "#ffffff"


def _free_row(c, x, y, lo, hi) -> float:
    h = 30
    c.rect(x, y, LEFT_W, h, FREE_COLOUR, "#888888", dash=True)
    c.text(x + 10, y + 19, fit(f"free  {addr(lo)} – {addr(hi)}  ({size(hi - lo)})", LEFT_W - 20), 12,
           fill="#444444")
    return y + h


def _owned_row(c, pmap, p, x, y) -> float:
    h = row_height(p["size"])
    fill, ink = _piece_style(pmap, p)
    c.rect(x, y, LEFT_W, h, fill, "#000000")
    c.text(x + 10, y + 18, fit(f"{p['owner']} ({size(p['size'])})", LEFT_W - 20, 13), 13, "bold", ink)
    c.text(x + 10, y + 34, fit(f"{addr(p['base'])} – {addr(p['base'] + p['size'])}", LEFT_W - 20), 12,
           fill=ink)
    if h >= 54:
        c.text(x + 10, y + 49, fit(p["what"], LEFT_W - 20), 11, fill=ink)
    return y + h


def draw_memory(c: Canvas, pmap: dict, y: float) -> float:
    c.text(LEFT_X, y, "Physical memory", 15, "bold")
    c.text(LEFT_X, y + 16, "addresses grow downwards; row height ~ log2(size);", 11, fill="#444444")
    c.text(LEFT_X, y + 29, "free gaps collapsed (not to scale)", 11, fill="#444444")
    y += 42
    for bi, bank in enumerate(pmap["board"]["ram_banks"]):
        lo, hi = bank["base"], bank["base"] + bank["size"]
        c.text(LEFT_X, y + 12, f"RAM bank {bi}: {addr(lo)} – {addr(hi)} ({size(bank['size'])})", 12, "bold")
        y += 18
        cur = lo
        for p in _pieces_in(pmap, bank):
            if p["base"] > cur:
                y = _free_row(c, LEFT_X, y, cur, p["base"])
            y = _owned_row(c, pmap, p, LEFT_X, y)
            cur = max(cur, p["base"] + p["size"])
        if cur < hi:
            y = _free_row(c, LEFT_X, y, cur, hi)
        y += 16
    return y


# ------------------------------------------------------------------ VM cards
def _segments(region: dict, images: list) -> list:
    """Cut a region at every image edge: [(lo, hi, image or None)], log-weighted widths later."""
    lo, hi = region["ipa"], region["ipa"] + region["size"]
    marks = {lo, hi}
    inside = []
    for im in images:
        if im["ipa"] is None or not lo <= im["ipa"] < hi:
            continue
        end = min(hi, im["ipa"] + (im["size"] or 0x1000))
        marks |= {im["ipa"], end}
        inside.append((im["ipa"], end, im))
    pts = sorted(marks)
    out = []
    for a, b in zip(pts, pts[1:]):
        owner = next((im for s, e, im in inside if s <= a and b <= e), None)
        out.append((a, b, owner))
    return out


def _image_bar(c, region, images, x, y, w) -> float:
    segs = _segments(region, images)
    weights = [1.0 + math.log2(max(b - a, 4096) / 4096) for a, b, _ in segs]
    total = sum(weights)
    cx = x
    for (a, b, im), wt in zip(segs, weights):
        sw = w * wt / total
        if im is None:
            c.rect(cx, y, sw, 26, FREE_COLOUR, "#888888")
            if sw > 70:
                c.text(cx + sw / 2, y + 17, fit(f"free {size(b - a)}", sw - 6), 11, fill="#555555",
                       anchor="middle")
        else:
            c.rect(cx, y, sw, 26, IMAGE_COLOURS.get(im["kind"], "#555555"), "#000000")
            if sw > 40:
                c.text(cx + sw / 2, y + 17, fit(im["kind"], sw - 4), 12, "bold", "#ffffff", "middle")
        cx += sw
    c.text(x, y + 40, addr(region["ipa"]), 11, fill="#444444")
    c.text(x + w, y + 40, addr(region["ipa"] + region["size"]), 11, fill="#444444", anchor="end")
    c.text(x + w / 2, y + 40, "(log-weighted pieces)", 11, fill="#888888", anchor="middle")
    return y + 58


def _image_lines(c, images, x, y) -> float:
    for im in images:
        col = IMAGE_COLOURS.get(im["kind"], "#555555")
        c.rect(x, y - 10, 12, 12, col, "#000000")
        end = "" if im["ipa"] is None or im["size"] is None else f" – {addr(im['ipa'] + im['size'])}"
        extra = ""
        if im["file_size"] is not None and im["size"] is not None and im["file_size"] != im["size"]:
            extra = f", file {size(im['file_size'])}"
        sz = f"({size(im['size'])}{extra})" if im["size"] is not None else ""
        name = im["path"].rsplit("/", 1)[-1]
        c.text(x + 18, y, fit(f"{im['kind']:8}{addr(im['ipa'])}{end} {sz} {name}", RIGHT_W - 40), 12)
        y += 17
    return y


def _device_lines(c, v, x, y, colour) -> float:
    c.text(x, y, "Devices", 12, "bold")
    y += 17
    if not v["devices"]:
        c.text(x + 18, y, "none", 12, fill="#555555")
        return y + 17
    for d in v["devices"]:
        if d["kind"] == "passthrough":
            c.rect(x, y - 10, 12, 12, colour, "#000000")
            where = f"{addr(d['ipa'])}" + ("" if d["pa"] == d["ipa"] else f" → pa {addr(d['pa'])}")
            what = d["node"] or d["name"] or "(passthrough_addresses)"
        else:
            c.hatch_rect(x, y - 10, 12, 12, colour)
            where = addr(d["ipa"])
            what = d["type"] if d["name"] in (d["type"], "") or d["name"].startswith("vGIC") \
                else f"{d['type']} '{d['name']}'"
        irq = ("  IRQ " + ",".join(str(i) for i in d["irqs"])) if d["irqs"] else ""
        c.text(x + 18, y, fit(f"{d['kind']:12}{where:12} {size(d['size']):>8}  {what}{irq}", RIGHT_W - 40), 12)
        y += 17
    return y


def draw_vm(c: Canvas, v: dict, y: float) -> float:
    x, colour = RIGHT_X, vm_colour(v["index"])
    top = y
    kinds = {0: "host VM", 1: "RTOS / bare metal", 2: "Linux"}
    c.rect(x, y, RIGHT_W, 26, colour, colour)
    c.text(x + 10, y + 18, fit(f"vm {v['id']} {v['name']} — {kinds.get(v['vm_type'], v['vm_type'])} — "
                               f"{v['file']}", RIGHT_W - 20, 13), 13, "bold", "#ffffff")
    y += 44
    ix = x + 12
    cpus = [f"vCPU{vc['vcpu']}→CPU{vc['cpu']}" for vc in v["vcpus"]]
    irqs = runs(v["irqs"]) or ["none"]
    irq_lines = wrap("IRQs    ", irqs, RIGHT_W - 24)
    irq_lines[-1] += f"   (interrupt_mode {v['interrupt_mode']})"
    for ln in wrap("CPUs    ", cpus, RIGHT_W - 24) + irq_lines:
        c.text(ix, y, ln, 12)
        y += 17
    if v["cmdline"]:
        c.text(ix, y, fit(f"cmdline  {v['cmdline']}", RIGHT_W - 24), 12)
        y += 17
    for r in v["memory"]:
        y += 6
        pa = "" if r["pa"] == r["ipa"] else f" → pa {addr(r['pa'])}"
        c.text(ix, y, fit(f"Memory   {addr(r['ipa'])}{pa}  {size(r['size'])}  {r['map_type']}, "
                          f"flags {r['flags']:#x}", RIGHT_W - 24), 12, "bold")
        y += 8
        inside = [im for im in v["images"] if im["ipa"] is not None
                  and r["ipa"] <= im["ipa"] < r["ipa"] + r["size"]]
        y = _image_bar(c, r, inside, ix, y, RIGHT_W - 24)
        y = _image_lines(c, inside, ix, y)
    outside = [im for im in v["images"] if not any(
        im["ipa"] is not None and r["ipa"] <= im["ipa"] < r["ipa"] + r["size"] for r in v["memory"])]
    if outside:
        c.text(ix, y, "Outside the VM's memory (check reports it):", 12, "bold", "#b00000")
        y = _image_lines(c, outside, ix, y + 17)
    y = _device_lines(c, v, ix, y + 8, colour)
    c.rect(x, top, RIGHT_W, y - top + 4, "none", colour, sw=2)
    return y + 22


def draw_legend(c: Canvas, y: float) -> float:
    c.text(RIGHT_X, y, "Legend", 13, "bold")
    y += 18
    x = RIGHT_X
    for kind, col in IMAGE_COLOURS.items():
        c.rect(x, y - 10, 12, 12, col)
        c.text(x + 17, y, kind, 12)
        x += 30 + len(kind) * CH
    c.rect(x, y - 10, 12, 12, FREE_COLOUR, "#888888")
    c.text(x + 17, y, "free", 12)
    y += 20
    c.rect(RIGHT_X, y - 10, 12, 12, "#777777")
    c.text(RIGHT_X + 17, y, "passthrough: the real device, mapped into the VM", 12)
    y += 18
    c.hatch_rect(RIGHT_X, y - 10, 12, 12, "#777777")
    c.text(RIGHT_X + 17, y, "emulated: trapped and answered by the hypervisor", 12)
    y += 18
    c.rect(RIGHT_X, y - 10, 12, 12, HV_COLOUR)
    c.text(RIGHT_X + 17, y, "hypervisor memory", 12)
    return y + 10


def draw(pmap: dict) -> str:
    """The SVG document for a partition map."""
    c = Canvas()
    b = pmap["board"]
    title = f"AxVisor partition map — board {b['name']} — {len(pmap['vms'])} VM" + \
        ("s" if len(pmap["vms"]) != 1 else "")
    c.text(20, 28, title, 18, "bold")
    sub = f"{pmap['source'] + ': ' if pmap['source'] else ''}GICv{b['gic']['version']}, " \
          f"{b['gic']['spi_num']} SPIs; hypervisor console {b['console']['kind']} at " \
          f"{addr(b['console']['base'])}"
    c.text(20, 48, fit(sub, W - 40), 12, fill="#333333")
    y = draw_cpus(c, pmap, 80)
    left = draw_memory(c, pmap, y)
    right = y - 12
    for v in pmap["vms"]:
        right = draw_vm(c, v, right)
    right = draw_legend(c, right + 6)
    h = math.ceil(max(left, right) + 20)
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{h}" viewBox="0 0 {W} {h}" '
            f'font-family="{FONT}" xml:space="preserve">',
            "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#777777\" stroke-width=\"2\"/></pattern></defs>",
            f'<rect x="0" y="0" width="{W}" height="{h}" fill="#ffffff"/>']
    return "\n".join(head + c.items + ["</svg>"]) + "\n"

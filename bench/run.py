#!/usr/bin/python3
"""`make bench`: every figure of issue 6, natively and under the hypervisor
in the same run, printed as a table and written to build/bench/results.json.

Units: with -icount shift=4 on QEMU 7.2 virt (62.5 MHz counter) one tick of
the generic timer is one guest instruction; each figure says "ticks (=
instructions)" only if the guests read CNTFRQ_EL0 = 62.5 MHz, else just
ticks. A figure whose prerequisite is missing is reported as
"pending: <why>", never as a number. See bench/README.md."""
import argparse
import json
import os
import shlex
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import host_figures  # noqa: E402
import qemu_run as q  # noqa: E402
from qemu_run import BOARD, REPO  # noqa: E402

IMG = REPO / "build" / "images"
OUT = REPO / "build" / "bench"
VMS = "configs/vms"

# DESIGN.md "Numbers to beat": Bao v2.0.0 on this QEMU, -icount shift=4.
BAO = {
    "hvc_null": 188,             # PSCI_VERSION round trip
    "mmio_gicd": 224,            # emulated GICD register read
    "timer_added": 199,          # added to a vtimer IRQ (native 3)
    "sgi_self": 723,
    "first_line": 536579,        # QEMU start -> guest's first console line
    "text_bytes": 81 * 1024,     # ~81 KB text
    "loc": 10500,                # ~10.5 k lines, aarch64 + QEMU
}


def img(name):
    return IMG / name / f"{name}.bin"


def vms(*names):
    return [f"{VMS}/{n}.toml" for n in names]


class Report:
    def __init__(self):
        self.figures = []
        self.runs = {}

    def add(self, fid, title, unit, native=None, hyp=None, bao=None,
            pending=None, note="", commands=(), extra=None):
        f = {"id": fid, "title": title, "unit": unit, "native": native,
             "hypervisor": hyp, "bao": bao, "note": note,
             "commands": [c for c in commands if c]}
        if isinstance(native, (int, float)) and isinstance(hyp, (int, float)) \
                and native and not (extra or {}).get("no_ratio"):
            f["ratio"] = round(hyp / native, 4)
            f["added"] = hyp - native
        if pending:
            f["pending"] = pending
        if extra:
            f.update(extra)
        self.figures.append(f)


def cmdline(run):
    return shlex.join(run.cmd) if run and run.cmd else None


def why_missing(run, what):
    """A pending reason for a run that did not produce `what`."""
    if run is None:
        return "not run"
    if run.error:
        return run.error
    fault = run.get("fault")
    if fault:
        far = fault.get("far")
        return (f"guest fault under the hypervisor (esr={fault.get('esr'):#x}, "
                f"far={far:#x}) before {what}" if isinstance(far, int) else
                f"guest fault under the hypervisor before {what}")
    if run.timed_out:
        return f"no {what} line before the timeout; console tail: " + \
            run.tail(3).replace("\n", " | ")[:240]
    return f"no {what} line (QEMU exited {run.returncode}); console tail: " + \
        run.tail(3).replace("\n", " | ")[:240]


# ---- the runs ---------------------------------------------------------------

def run_all(args):
    R = {}
    hv_on = not args.native_only

    def native(key, image, guest, smp=1, timeout=60):
        print(f"[bench] native  {key}", flush=True)
        R[key] = q.native(image, guest, smp=smp, timeout=timeout)

    def hyp(key, names, guests, variant, timeout=180, boot=""):
        if not hv_on:
            R[key] = q.Run(cmd=[], error="hypervisor half skipped (--native-only)")
            return
        print(f"[bench] hyp     {key}", flush=True)
        R[key] = q.hyp(vms(*names) if names else [f"configs/sets/{variant}.toml"], variant,
                       guests, timeout=timeout, boot=boot)

    native("exit.n", img("bench-exit"), "bench-exit")
    hyp("exit.h", ["bench-exit"], ["bench-exit"], "bench-exit")
    native("timer.n", img("bench-timer"), "bench-timer")
    hyp("timer.h", ["bench-timer"], ["bench-timer"], "bench-timer")
    native("timer_short.n", img("bench-timer-short"), "bench-timer")
    hyp("timer_short.h", ["bench-timer-short"], ["bench-timer"], "bench-timer-short")
    hyp("timer_intf.h", ["bench-timer-short", "bench-hammer-a", "bench-hammer-b"],
        ["bench-timer"], "bench-intf", timeout=args.intf_timeout)
    native("ipi.n", img("bench-ipi"), "bench-ipi", smp=2)
    hyp("ipi.h", ["bench-ipi"], ["bench-ipi"], "bench-ipi")
    native("work.n", img("bench-work"), "bench-work")
    hyp("work.h", ["bench-work"], ["bench-work"], "bench-work")
    native("boot.n", img("bench-boot"), "bench-boot")
    native("boot30.n", img("bench-boot-30m"), "bench-boot")
    hyp("boot1.h", ["bench-boot-a"], ["bench-boot"], "bench-boot1")
    hyp("boot3.h", ["bench-boot-a", "bench-boot-b", "bench-boot-c"],
        ["bench-boot"] * 3, "bench-boot3")
    hyp("boot30_1.h", ["bench-boot30-a"], ["bench-boot"], "bench-boot30-1", timeout=300)
    hyp("boot30_3.h", ["bench-boot30-a", "bench-boot30-b", "bench-boot30-c"],
        ["bench-boot"] * 3, "bench-boot30-3", timeout=420)
    hyp("boot_uboot.h", [], ["bench-boot"], "bench-boot-uboot", boot="uboot")
    return R


# ---- figures ------------------------------------------------------------------

def exit_figures(rep, R, unit):
    n, h = R["exit.n"], R["exit.h"]
    for key, title, bao, what in (
            ("hvc_null", "null HVC round trip (PSCI_VERSION), per op", BAO["hvc_null"],
             "native: QEMU answers PSCI in its own C code, so the HVC costs 1 instruction"),
            ("mmio_uartfr", "MMIO read of UARTFR (virtual PL011), per op", None,
             "native: QEMU's PL011 model, 1 instruction"),
            ("mmio_gicd_typer", "MMIO read of GICD_TYPER (emulated GICD), per op", BAO["mmio_gicd"],
             "native: QEMU's GIC model, 1 instruction")):
        def per_op(run):
            r = run.get(key) if run else None
            if not r:
                return None
            return round(1 + (r["loop_ticks"] - r["base_ticks"]) / r["iters"], 2)
        nv, hv = per_op(n), per_op(h)
        rep.add(key, title, unit, nv, hv, bao,
                pending=None if hv is not None else why_missing(h, key),
                note=what + "; per op = 1 + (loop - same loop with a nop) / 10000",
                commands=[cmdline(n), cmdline(h)])


def dist(run, key):
    r = run.get(key) if run and not run.error else None
    if not r or not r.get("n"):
        return None
    return {k: r[k] for k in ("n", "min", "median", "p99", "max")}


def latency_figures(rep, R, unit):
    cases = [
        ("timer_lat", "vtimer IRQ latency (deadline -> handler's 1st insn)",
         "timer.n", "timer.h", None,
         f"Bao: native 3 + {BAO['timer_added']} added"),
        ("timer_lat_interference", "vtimer IRQ latency, 2 VMs hammering (300 samples)",
         "timer_short.n", "timer_intf.h", None,
         "QEMU -icount runs CPUs one at a time (round robin): a busy "
         "hammer vCPU runs out its time slice (100 ms virtual = 6,250,000 "
         "ticks, QEMU's TCG kick period) before the timer's vCPU runs again, "
         "so ~6.25 M here is QEMU's scheduler, not the hypervisor; QEMU "
         "models no cache/bus contention. Control: the 300-sample run alone."),
        ("timer_lat_short", "vtimer IRQ latency, alone, 300 samples (control)",
         "timer_short.n", "timer_short.h", None, ""),
        ("sgi_self_lat", "SGI to self (send -> handler's 1st insn)",
         "ipi.n", "ipi.h", BAO["sgi_self"], ""),
        ("sgi_cross_lat", "SGI vCPU0 -> vCPU1 of one VM (receiver in WFI)",
         "ipi.n", "ipi.h", None,
         "QEMU runs the two CPUs in turn: the figure counts instructions of "
         "both between send and the receiver's handler"),
    ]
    for fid, title, nk, hk, bao, note in cases:
        key = "sgi_self_lat" if fid == "sgi_self_lat" else \
            "sgi_cross_lat" if fid == "sgi_cross_lat" else "timer_lat"
        nd, hd = dist(R.get(nk), key), dist(R.get(hk), key)
        pending = None
        if hd is None:
            pending = why_missing(R.get(hk), key)
            if not R.get(hk).error:  # built and ran, but no samples
                pending = "needs a working vGIC + virtual timer: " + pending
        if fid == "timer_lat" and hd is None and nd is None:
            pending = why_missing(R.get(nk), key)
        b = bao
        if fid == "timer_lat":
            b = 3 + BAO["timer_added"]
        rep.add(fid, title, unit,
                nd["median"] if nd else None, hd["median"] if hd else None, b,
                pending=pending, note=note,
                commands=[cmdline(R.get(nk)), cmdline(R.get(hk))],
                extra={"native_dist": nd, "hypervisor_dist": hd,
                       "statistic": "median (min/p99/max in *_dist)"})


def boot_figures(rep, R, unit):
    nb, n30 = R["boot.n"].get("guest"), R["boot30.n"].get("guest")
    cases = [("boot_1vm", "boot: reset -> guest 1st insn, 1 VM, small image", "boot1.h", nb, "boot.n"),
             ("boot_3vm", "boot: reset -> guest 1st insn, 3 VMs, small image", "boot3.h", nb, "boot.n"),
             ("boot30_1vm", "boot: reset -> guest 1st insn, 1 VM, 30 MiB image", "boot30_1.h", n30, "boot30.n"),
             ("boot30_3vm", "boot: reset -> guest 1st insn, 3 VMs, 30 MiB image", "boot30_3.h", n30, "boot30.n"),
             ("boot_uboot", "boot: reset -> guest 1st insn through U-Boot from FAT32, 1 VM (fs)",
              "boot_uboot.h", nb, "boot.n")]
    for fid, title, hk, nrec, nk in cases:
        h = R[hk]
        recs = [r for r in h.all("guest")] if not h.error else []
        hv = max((r["boot_cntpct"] for r in recs), default=None)
        per_vm = [{"boot_cntpct": r["boot_cntpct"], "boot_cntvct": r["boot_cntvct"],
                   "first_line_cntvct": r["first_line_cntvct"]} for r in recs]
        want = 3 if "3vm" in fid else 1
        pending = None
        if len(recs) < want:
            pending = why_missing(h, f"{want} guest preamble(s)")
            hv = None
        rep.add(fid, title, unit, nrec["boot_cntpct"] if nrec else None, hv,
                None, pending=pending,
                note="CNTPCT read in the guest's 2nd instruction (shared "
                     "physical counter, 0 at QEMU reset; all CPUs' instructions "
                     "count). 3 VMs: the last VM to start. Native: QEMU's "
                     "boot stub only.",
                commands=[cmdline(R[nk]), cmdline(h)],
                extra={"per_vm": per_vm, "no_ratio": True})
    # first console line, comparable with Bao's 536,579
    h = R["boot1.h"]
    r = h.get("guest") if not h.error else None
    fl = r["boot_cntpct"] + (r["first_line_cntvct"] - r["boot_cntvct"]) if r else None
    nr = nb
    nfl = nr["boot_cntpct"] + nr["first_line_cntvct"] - nr["boot_cntvct"] if nr else None
    rep.add("first_line", "boot: reset -> guest's first console line, 1 VM", unit,
            nfl, fl, BAO["first_line"],
            pending=None if fl is not None else why_missing(h, "guest preamble"),
            note="guest CNTPCT at entry + CNTVCT elapsed until it prints",
            commands=[cmdline(R["boot.n"]), cmdline(h)], extra={"no_ratio": True})


def work_figures(rep, R, unit):
    n, h = R["work.n"], R["work.h"]
    for key in ("work_sort", "work_sha256", "work_matmul"):
        nr, hr = n.get(key), (h.get(key) if not h.error else None)
        pending = None
        if hr is None:
            pending = why_missing(h, key)
        elif nr and hr["check"] != nr["check"]:
            pending = f"result differs under the hypervisor ({hr['check']} != {nr['check']})"
        rep.add(key, f"guest slowdown: {key[5:]}", unit,
                nr["ticks"] if nr else None, hr["ticks"] if hr else None, None,
                pending=pending,
                note="icount: instruction counts; stage-2 TLB walks and caches "
                     "are not modelled by QEMU, so ~1.0 is expected",
                commands=[cmdline(n), cmdline(h)])


def footprint_figures(rep, R):
    elf = None
    # The 1-VM bench-boot firmware: the same VM set every run (the tables
    # and bound images depend on the VM set; images are counted apart).
    for cand in (REPO / "build" / f"{BOARD}-bench-boot1" / "axvisor.elf",
                 REPO / "build" / BOARD / "axvisor.elf"):
        if cand.exists():
            elf = cand
            break
    fp = host_figures.footprint(elf) if elf else None
    if not fp:
        rep.add("fp_text", "footprint: hypervisor text", "bytes", pending="no axvisor.elf built")
    else:
        cmd = f"{host_figures.CROSS}size -A {elf.relative_to(REPO)}"
        rep.add("fp_text", "footprint: hypervisor .text", "bytes", None, fp["text"],
                BAO["text_bytes"], commands=[cmd],
                extra={"elf": str(elf.relative_to(REPO)), "sections": fp["sections"]})
        rep.add("fp_rodata", "footprint: .rodata (incl. generated tables)", "bytes", None, fp["rodata"], None, commands=[cmd])
        rep.add("fp_data", "footprint: .data", "bytes", None, fp["data"], None, commands=[cmd])
        rep.add("fp_bss", "footprint: .bss+.noinit (pools, stacks, VM state)", "bytes",
                None, fp["bss"], None, commands=[cmd],
                note="biggest run-time objects in 'symbols' (nm --size-sort)",
                extra={"symbols": fp["symbols"]})
        rep.add("fp_guest_images", "footprint: guest images bound into the firmware",
                "bytes", None, fp["guest_images"], None, commands=[cmd])
    lc = host_figures.loc()
    rep.add("loc_arch", "LOC hypervisor/ arch (aarch64)", "lines", None, lc["arch"], None,
            note="non-blank, non-comment lines of .c/.h/.S (bench/host_figures.py)")
    rep.add("loc_core", "LOC hypervisor/ core (+lib, drivers, include)", "lines", None, lc["core"], None)
    rep.add("loc_total", "LOC hypervisor/ in the firmware (arch + core)", "lines", None,
            lc["arch"] + lc["core"], BAO["loc"], note=f"host test model arch/fake: {lc['fake']} more")


def tool_figures(rep):
    t = host_figures.axvmconfig_figures()
    if "pending" in t:
        rep.add("axvm_check", "axvmconfig check, whole corpus", "s", pending=t["pending"])
        return
    c = t["check_corpus"]
    rep.add("axvm_check", f"axvmconfig check, corpus ({c['files']} TOMLs, 1 process)",
            "s wall", None, round(c["seconds"], 3), None,
            note=f"median of 3; exit {c['rc']}: {c['summary']} (the corpus targets other boards)",
            commands=[c["command"]])
    pf = t["check_corpus_per_file"]
    rep.add("axvm_check_each", "axvmconfig check, corpus, 1 process per file", "s wall",
            None, round(pf["seconds"], 3), None, note=f"exit codes {pf['exit_codes']}")
    for n in (1, 4, 16):
        g = t[f"gen_{n}"]
        rep.add(f"axvm_gen_{n}", f"axvmconfig gen, {n} VM(s)", "s wall", None,
                round(g["seconds"], 3) if g["rc"] == 0 else None, None,
                pending=None if g["rc"] == 0 else f"gen exit {g['rc']}: {g['message']}",
                note=f"median of 3, synthetic 16-CPU board {g['board']}",
                commands=[g["command"]])


def linux_figures(rep, args):
    from linux_boot import linux_boot
    for f in linux_boot(args):
        rep.add(**f)


# ---- output ---------------------------------------------------------------------

def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.2f}" if v < 1000 else f"{v:,.0f}"
    return f"{v:,}"


def table(rep):
    rows = [("figure", "unit", "native", "axvisor", "ratio", "Bao")]
    for f in rep.figures:
        hv = fmt(f["hypervisor"]) if "pending" not in f else "pending"
        ratio = f"{f['ratio']:.3f}" if "ratio" in f else ""
        rows.append((f["title"], f["unit"], fmt(f["native"]), hv, ratio, fmt(f["bao"])))
    w = [max(len(r[i]) for r in rows) for i in range(6)]
    out = []
    for i, r in enumerate(rows):
        out.append("  ".join(r[j].ljust(w[j]) if j < 2 else r[j].rjust(w[j])
                             for j in range(6)).rstrip())
        if i == 0:
            out.append("-" * len(out[0]))
    dists = [f for f in rep.figures if f.get("native_dist") or f.get("hypervisor_dist")]
    if dists:
        out.append("")
        out.append("latency distributions (min / median / p99 / max, n):")
        for f in dists:
            for side in ("native", "hypervisor"):
                d = f.get(f"{side}_dist")
                if d:
                    out.append(f"  {f['id']:<24} {side:<10} {d['min']:,} / {d['median']:,} / "
                               f"{d['p99']:,} / {d['max']:,}  (n={d['n']})")
    for f in rep.figures:
        if f["id"] == "fp_bss" and f.get("symbols"):
            out.append("")
            out.append("largest run-time objects (nm --size-sort, bytes): " + ", ".join(
                f"{s['name']} {s['size']:,}" for s in f["symbols"][:6]))
    pend = [f for f in rep.figures if "pending" in f]
    if pend:
        out.append("")
        out.append("pending:")
        for f in pend:
            out.append(f"  {f['id']}: {f['pending']}")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--native-only", action="store_true",
                    help="skip every run under the hypervisor")
    ap.add_argument("--no-linux", action="store_true", help="skip the Linux boot")
    ap.add_argument("--intf-timeout", type=int, default=240)
    ap.add_argument("-o", "--output", default=str(OUT / "results.json"))
    args = ap.parse_args()
    t0 = time.monotonic()
    rep = Report()
    R = run_all(args)
    freqs = {r.get("guest")["cntfrq"] for r in R.values() if r.get("guest")}
    freq = freqs.pop() if len(freqs) == 1 else None
    unit = "ticks (= instructions)" if freq == 62_500_000 else "ticks"
    exit_figures(rep, R, unit)
    latency_figures(rep, R, unit)
    boot_figures(rep, R, unit)
    work_figures(rep, R, unit)
    if not args.no_linux:
        linux_figures(rep, args)
    footprint_figures(rep, R)
    tool_figures(rep)
    meta = {
        "qemu": q.qemu_version(), "git_commit": q.git_commit(), "board": BOARD,
        "icount": " ".join(q.ICOUNT), "cntfrq_hz": freq,
        "tick_is_instruction": freq == 62_500_000,
        "native_machine": " ".join(q.NATIVE_MACHINE),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "bench_seconds": round(time.monotonic() - t0, 1),
        "hypervisor_half": not args.native_only,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    logs = OUT / "logs"
    logs.mkdir(exist_ok=True)
    for k, r in R.items():
        (logs / f"{k}.log").write_text("$ " + (cmdline(r) or r.error or "") + "\n" + r.output)
    result = {"meta": meta, "figures": rep.figures}
    Path(args.output).write_text(json.dumps(result, indent=1) + "\n")
    text = table(rep)
    (OUT / "results.txt").write_text(text + "\n")
    print()
    print(f"AxVisor bench — {meta['qemu']}, commit {meta['git_commit'][:12]}, "
          f"CNTFRQ {freq} Hz, {meta['icount']}")
    print(text)
    print(f"\nwritten {Path(args.output).relative_to(REPO)} "
          f"({meta['bench_seconds']} s); console logs in build/bench/logs/")


if __name__ == "__main__":
    main()

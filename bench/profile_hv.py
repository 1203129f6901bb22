#!/usr/bin/python3
"""Where the hypervisor's instructions go: run a bench firmware under QEMU
with `-d in_asm,exec,nochain`, count executed instructions per translation
block (TB size from in_asm x executions from exec), and attribute them to
the hypervisor's functions (nm of axvisor.elf).

    bench/profile_hv.py bench-timer-short            # VM config name(s)
    bench/profile_hv.py --per 300 bench-timer-short  # divide by samples

Not part of `make bench` (the log is large and slow); a tool for finding
what to optimise. Counts are exact under -icount: one TB execution = its
instruction count (exceptions mid-TB aside). Counting starts at the first
guest instruction, so the hypervisor's own boot is left out; the guest's
console prints (trapped vPL011 writes) are in, under their functions."""
import argparse
import bisect
import collections
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qemu_run as q  # noqa: E402
from qemu_run import BOARD, REPO  # noqa: E402

CROSS = "aarch64-linux-gnu-"
EXEC_RE = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")
INSN_RE = re.compile(r"^0x([0-9a-f]+):\s")


def symbols(elf):
    out = subprocess.run([CROSS + "nm", "-n", str(elf)], capture_output=True,
                         text=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            syms.append((int(f[0], 16), f[2]))
    return syms


def profile(log, syms, lo, hi):
    sizes = {}
    counts = collections.Counter()
    cur, n = None, 0
    started = False  # count from the first guest instruction (not hv boot)
    with open(log, errors="replace") as fh:
        for line in fh:
            m = EXEC_RE.match(line)
            if m:
                pc = int(m.group(1), 16)
                started = started or pc >= hi
                if started:
                    counts[pc] += 1
                continue
            if line.startswith("IN:"):
                cur, n = None, 0
                continue
            m = INSN_RE.match(line)
            if m:
                pc = int(m.group(1), 16)
                if cur is None:
                    cur = pc
                n += 1
                sizes[cur] = n
    addrs = [a for a, _ in syms]
    per_fn = collections.Counter()
    total_hv = total = 0
    for pc, c in counts.items():
        insns = c * sizes.get(pc, 1)
        total += insns
        if lo <= pc < hi:
            total_hv += insns
            i = bisect.bisect_right(addrs, pc) - 1
            per_fn[syms[i][1] if i >= 0 else hex(pc)] += insns
    return per_fn, total_hv, total


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("vms", nargs="+", help="config names under configs/vms (no .toml)")
    ap.add_argument("--per", type=int, default=1, help="divide counts by this")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    variant = "prof-" + "-".join(args.vms)[:40]
    cmd, why = q.firmware([f"configs/vms/{v}.toml" for v in args.vms], variant)
    if cmd is None:
        sys.exit(why)
    elf = REPO / "build" / f"{BOARD}-{variant}" / "axvisor.elf"
    syms = symbols(elf)
    lo = min(a for a, _ in syms)
    hi = 0x5000_0000  # the hypervisor owns [0x4000_0000, 0x5000_0000)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "exec.log"
        run = q.run_qemu(cmd + ["-d", "in_asm,exec,nochain", "-D", str(log)],
                         [], args.timeout)
        per_fn, total_hv, total = profile(log, syms, lo, hi)
    print(f"$ {' '.join(cmd)} -d in_asm,exec,nochain")
    print(f"QEMU ran {run.seconds:.1f} s; instructions: all {total:,}, "
          f"hypervisor {total_hv:,}; per unit (/{args.per}): "
          f"{total_hv / args.per:,.1f}")
    for fn, n in per_fn.most_common(args.top):
        print(f"  {n / args.per:12,.1f}  {100 * n / max(total_hv, 1):5.1f}%  {fn}")


if __name__ == "__main__":
    main()

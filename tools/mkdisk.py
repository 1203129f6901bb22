#!/usr/bin/python3
"""Build a FAT32 boot disk image without root: MBR + one FAT32 partition.

    mkdisk.py OUT.img LIST [HOST=DISK ...]

LIST is axvmconfig's disk.list (host path TAB disk path per line); each
extra HOST=DISK argument adds one more file (the firmware, boot.scr). The
partition starts at 1 MiB (sector 2048), type 0x0c (FAT32, LBA), bootable;
mkfs.vfat --offset formats it inside the image file and mtools' mmd/mcopy
fill it, so nothing is mounted. The volume id is fixed: same inputs, same
image.
"""
import os
import struct
import subprocess
import sys

SECTOR = 512
START = 2048            # first partition sector (1 MiB, the usual alignment)
MIN_MIB = 64            # FAT32 wants >= 65525 clusters: 64 MiB at 512-byte clusters
SLACK_MIB = 16


def die(msg):
    print(f"mkdisk: {msg}", file=sys.stderr)
    sys.exit(1)


def read_list(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if line.strip():
                host, _, disk = line.rstrip("\n").partition("\t")
                if not disk:
                    die(f"{path}:{no}: expected 'host<TAB>disk', got {line!r}")
                out.append((host, disk))
    return out


def mbr(total_sectors):
    """Classic MBR, one partition entry (CHS fields set to 'use LBA')."""
    b = bytearray(SECTOR)
    b[440:444] = struct.pack("<I", 0x41585653)  # disk signature "SVXA"
    b[446:462] = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x0C, b"\xfe\xff\xff",
                             START, total_sectors - START)
    b[510:512] = b"\x55\xaa"
    return bytes(b)


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        die(f"{' '.join(cmd)} failed: {p.stderr.strip() or p.stdout.strip()}")


def main(argv):
    if len(argv) < 2:
        die(__doc__.strip().splitlines()[2].strip())
    out, files = argv[0], read_list(argv[1])
    files += [tuple(a.split("=", 1)) for a in argv[2:]]
    for host, _ in files:
        if not os.path.isfile(host):
            die(f"{host}: no such file")
    mib = max(MIN_MIB, sum(os.path.getsize(h) for h, _ in files) // (1 << 20) + SLACK_MIB)
    total = mib * (1 << 20) // SECTOR
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate(total * SECTOR)
        f.write(mbr(total))
    run("mkfs.vfat", "-F", "32", "-i", "41585653", "-n", "AXVISOR", "--offset", str(START),
        tmp, str((total - START) * SECTOR // 1024))
    img = f"{tmp}@@{START * SECTOR}"
    dirs = sorted({os.path.dirname(d) for _, d in files} - {"/", ""})
    for d in dirs:
        parts = d.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            sub = "::/" + "/".join(parts[:i])
            subprocess.run(["mmd", "-D", "s", "-i", img, sub], capture_output=True)
    for host, disk in files:
        run("mcopy", "-o", "-i", img, host, "::" + disk)
    os.replace(tmp, out)
    print(f"mkdisk: {out}: {mib} MiB, FAT32 at sector {START}, {len(files)} file(s)")


if __name__ == "__main__":
    main(sys.argv[1:])

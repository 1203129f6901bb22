#!/usr/bin/python3
"""Extract the raw arm64 kernel Image from a Debian linux-image .deb.

Debian's /boot/vmlinuz-* for arm64 is one of:
  - the raw Image itself (bookworm: an EFI-stub PE/COFF Image, "ARM\\x64" at 0x38),
  - a gzip stream of the Image,
  - an EFI zboot image ("MZ" then "zimg" at 4; payload offset/size at 8/12,
    compression name at 24), whose payload is the compressed Image.
Whatever it is, write the uncompressed Image and check its arm64 header.
"""
import argparse
import glob
import gzip
import lzma
import os
import shutil
import struct
import subprocess
import sys
import tempfile

ARM64_MAGIC = b"ARM\x64"


def zboot_payload(data):
    offset, size = struct.unpack_from("<II", data, 8)
    kind = data[24:32].rstrip(b"\0").decode("ascii", "replace")
    payload = data[offset:offset + size]
    if kind == "gzip":
        return gzip.decompress(payload)
    if kind in ("xzkern", "lzma"):
        return lzma.decompress(payload)
    if kind == "zstd22" or kind == "zstd":
        if shutil.which("zstd") is None:
            sys.exit("unpack_kernel: zboot payload is zstd; install the zstd tool")
        return subprocess.run(["zstd", "-dc"], input=payload, check=True,
                              stdout=subprocess.PIPE).stdout
    sys.exit("unpack_kernel: unsupported zboot compression %r" % kind)


def decompress(data):
    """The raw Image inside data, and a word on what data was."""
    if data[0x38:0x3c] == ARM64_MAGIC:
        return data, "raw Image"
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data), "gzip"
    if data[:2] == b"MZ" and data[4:8] == b"zimg":
        return zboot_payload(data), "EFI zboot"
    if data[:6] == b"\xfd7zXZ\0":
        return lzma.decompress(data), "xz"
    sys.exit("unpack_kernel: unknown kernel format (first bytes %s)" % data[:8].hex())


def header(image):
    if image[0x38:0x3c] != ARM64_MAGIC:
        sys.exit("unpack_kernel: result has no arm64 Image header")
    text_offset, image_size, flags = struct.unpack_from("<QQQ", image, 8)
    return text_offset, image_size, flags


def kernel_deb(manifest):
    with open(manifest) as f:
        for line in f:
            words = line.split()
            if words and words[0] == "kernel":
                return words[4]
    sys.exit("unpack_kernel: no kernel line in %s" % manifest)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manifest", required=True, help="written by fetch_debs.py")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    deb = kernel_deb(args.manifest)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(args.out))) as tmp:
        # Only boot/ is needed: skip unpacking the ~400 MB of modules.
        with open(os.path.join(tmp, "fs.tar"), "wb") as tar:
            subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True, stdout=tar)
        subprocess.run(["tar", "-xf", "fs.tar", "--wildcards", "./boot/vmlinuz-*"],
                       cwd=tmp, check=True)
        found = glob.glob(os.path.join(tmp, "boot", "vmlinuz-*"))
        if len(found) != 1:
            sys.exit("unpack_kernel: expected one boot/vmlinuz-* in %s" % deb)
        with open(found[0], "rb") as f:
            image, kind = decompress(f.read())
    text_offset, image_size, flags = header(image)
    with open(args.out + ".tmp", "wb") as f:
        f.write(image)
    os.replace(args.out + ".tmp", args.out)
    print("unpack_kernel: %s -> %s (%d bytes; text_offset=%#x image_size=%#x flags=%#x)"
          % (kind, args.out, len(image), text_offset, image_size, flags))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Write versions.txt: the Debian packages used and SHA-256 of what was built."""
import argparse
import os
import struct

from fetch_debs import sha256  # same directory: on sys.path when run as a script


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("files", nargs="+", help="built files to hash")
    args = ap.parse_args()
    lines = ["# Linux guest image: Debian arm64 packages and build outputs",
             "# package <name> <version> deb-sha256 <sha256> <file> <pinned|fallback-from=...>"]
    with open(args.manifest) as f:
        for line in f:
            role, pkg, version, digest, path, note = line.split()
            lines.append("package %s %s deb-sha256 %s %s %s"
                         % (pkg, version, digest, os.path.basename(path), note))
    for path in args.files:
        lines.append("output %s size %d sha256 %s"
                     % (os.path.basename(path), os.path.getsize(path), sha256(path)))
        if os.path.basename(path) == "Image":
            with open(path, "rb") as f:
                text_offset, image_size, flags = struct.unpack_from("<QQQ", f.read(64), 8)
            lines.append("image-header text_offset %#x image_size %#x flags %#x"
                         % (text_offset, image_size, flags))
    with open(args.out + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Write a gzip'd newc cpio archive from a file list, byte-identically.

The list has one entry per line ('#' starts a comment); ${NAME} is replaced
by the value given with --var NAME=VALUE:

    dir   <path> <mode>
    file  <path> <source> <mode>
    slink <path> <target> <mode>
    nod   <path> <mode> <c|b> <major> <minor>

Every entry gets uid 0, gid 0, mtime 0 and inode numbers in list order; the
gzip header carries no name and mtime 0.  The same inputs therefore always
give the same bytes.
"""
import argparse
import gzip
import io
import os
import stat
import string
import sys

TYPES = {"dir": stat.S_IFDIR, "file": stat.S_IFREG,
         "slink": stat.S_IFLNK, "nod": None}


class ListError(Exception):
    pass


def newc_header(ino, mode, nlink, size, rdev, namesize):
    fields = (ino, mode, 0, 0, nlink, 0, size, 0, 0, rdev[0], rdev[1], namesize, 0)
    return ("070701" + "".join("%08X" % v for v in fields)).encode("ascii")


def pad4(n):
    return b"\0" * (-n % 4)


def entry(ino, path, mode, data=b"", rdev=(0, 0)):
    name = path.lstrip("/").encode() + b"\0"
    nlink = 2 if stat.S_ISDIR(mode) else 1
    hdr = newc_header(ino, mode, nlink, len(data), rdev, len(name))
    head = hdr + name
    return head + pad4(len(head)) + data + pad4(len(data))


def parse_line(words, where):
    kind = words[0]
    if kind not in TYPES:
        raise ListError("%s: unknown entry type %r" % (where, kind))
    want = {"dir": 3, "file": 4, "slink": 4, "nod": 6}[kind]
    if len(words) != want:
        raise ListError("%s: %s takes %d fields" % (where, kind, want - 1))
    path = words[1]
    if kind == "dir":
        return path, stat.S_IFDIR | int(words[2], 8), b"", (0, 0)
    if kind == "file":
        with open(words[2], "rb") as f:
            return path, stat.S_IFREG | int(words[3], 8), f.read(), (0, 0)
    if kind == "slink":
        return path, stat.S_IFLNK | int(words[3], 8), words[2].encode(), (0, 0)
    dev = stat.S_IFCHR if words[3] == "c" else stat.S_IFBLK
    return path, dev | int(words[2], 8), b"", (int(words[4]), int(words[5]))


def build(list_path, variables):
    out = io.BytesIO()
    ino = 0
    with open(list_path) as f:
        for n, line in enumerate(f, 1):
            line = string.Template(line.split("#", 1)[0]).substitute(variables)
            words = line.split()
            if not words:
                continue
            ino += 1
            path, mode, data, rdev = parse_line(words, "%s:%d" % (list_path, n))
            out.write(entry(ino, path, mode, data, rdev))
    out.write(entry(0, "TRAILER!!!", 0))
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("list")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--var", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    variables = dict(v.split("=", 1) for v in args.var)
    try:
        archive = build(args.list, variables)
    except (ListError, KeyError, ValueError, OSError) as e:
        sys.exit("mkcpio: %s" % e)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                           compresslevel=9) as gz:
            gz.write(archive)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()

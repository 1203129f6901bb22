"""Pad an arm64 Image (a bench guest) with zeros to SIZE bytes and set the
header's image_size to SIZE.  usage: pad_image.py IN OUT SIZE"""
import struct
import sys


def main():
    src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
    data = bytearray(open(src, "rb").read())
    if data[56:60] != b"ARM\x64" or len(data) > size:
        sys.exit(f"pad_image: {src}: not an arm64 Image or larger than {size}")
    data[16:24] = struct.pack("<Q", size)
    data += bytes(size - len(data))
    with open(dst + ".tmp", "wb") as f:
        f.write(data)
    import os
    os.replace(dst + ".tmp", dst)


if __name__ == "__main__":
    main()

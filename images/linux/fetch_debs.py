#!/usr/bin/python3
"""Fetch the pinned Debian arm64 packages of the Linux guest into a cache.

Packages come only through the machine's own apt configuration (apt-get
download); nothing here names an archive host.  Writes a manifest with one
line per role:

    <role> <package> <version> <sha256 of .deb> <path of .deb> <note>

where note is "pinned" or "fallback-from=<pinned version>".

Exit codes: 0 done, 1 error, 3 the Debian archive is unreachable (the
integration tests skip only on this one).
"""
import argparse
import glob
import hashlib
import os
import re
import subprocess
import sys

ARCH = "arm64"
KERNEL_META = "linux-image-arm64"
UNREACHABLE_MSG = "linux-image: Debian archive unreachable"
EXIT_UNREACHABLE = 3
NET_ERROR = re.compile(
    r"Could not resolve|Temporary failure resolving|Unable to connect|"
    r"Could not connect|Connection timed out|Connection failed|"
    r"Network is unreachable|No route to host|Unable to fetch some archives",
    re.I)


class FetchError(Exception):
    """A failure with a message for the user."""


class Unreachable(FetchError):
    """The archive could not be reached over the network."""


class Apt:
    """The few apt/dpkg queries we need, with `apt-get update` at most once."""

    def __init__(self, cache):
        self.cache = cache
        self.updated = False
        self.net_failed = False

    @staticmethod
    def run(argv, cwd=None):
        env = dict(os.environ, LC_ALL="C")
        return subprocess.run(argv, cwd=cwd, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def update(self):
        """apt-get update once (root only); remember network failures."""
        if self.updated or os.geteuid() != 0:
            return False
        self.updated = True
        print("linux-image: apt-get update", file=sys.stderr)
        p = self.run(["apt-get", "update"])
        if NET_ERROR.search(p.stdout + p.stderr):
            self.net_failed = True
            print(p.stderr.strip(), file=sys.stderr)
        return True

    def ensure_arch(self):
        """Make sure dpkg knows arm64 (add it as root, else explain)."""
        native = self.run(["dpkg", "--print-architecture"]).stdout.split()
        foreign = self.run(["dpkg", "--print-foreign-architectures"]).stdout.split()
        if ARCH in native + foreign:
            return
        if os.geteuid() != 0:
            raise FetchError("dpkg does not know the %s architecture" % ARCH)
        print("linux-image: dpkg --add-architecture %s" % ARCH, file=sys.stderr)
        p = self.run(["dpkg", "--add-architecture", ARCH])
        if p.returncode:
            raise FetchError("dpkg --add-architecture failed: " + p.stderr)
        self.update()

    def versions(self, pkg):
        """Versions of pkg:arm64 the apt lists know."""
        out = self.run(["apt-cache", "madison", "%s:%s" % (pkg, ARCH)]).stdout
        return {line.split("|")[1].strip()
                for line in out.splitlines() if line.count("|") >= 2}

    def candidate(self, pkg):
        """apt's candidate version of pkg:arm64, or None."""
        out = self.run(["apt-cache", "policy", "%s:%s" % (pkg, ARCH)]).stdout
        m = re.search(r"^\s*Candidate:\s*(\S+)", out, re.M)
        return None if not m or m.group(1) == "(none)" else m.group(1)

    def current_kernel(self):
        """(package, version) the kernel meta-package depends on now."""
        meta_version = self.candidate(KERNEL_META)
        if meta_version is None:
            return None
        spec = "%s:%s=%s" % (KERNEL_META, ARCH, meta_version)
        out = self.run(["apt-cache", "show", "--no-all-versions", spec]).stdout
        m = re.search(r"^Depends:.*?(linux-image-[^\s,(]+)\s*\(=\s*([^)\s]+)\)",
                      out, re.M)
        return (m.group(1), m.group(2)) if m else None

    def download(self, pkg, version):
        """apt-get download pkg:arm64=version into the cache."""
        spec = "%s:%s=%s" % (pkg, ARCH, version)
        print("linux-image: apt-get download " + spec, file=sys.stderr)
        p = self.run(["apt-get", "download", "-o", "APT::Sandbox::User=root",
                      spec], cwd=self.cache)
        if p.returncode == 0:
            return None
        return (p.stdout + p.stderr).strip()


def deb_fields(path):
    p = Apt.run(["dpkg-deb", "-f", path, "Package", "Version", "Architecture"])
    fields = {}
    for line in p.stdout.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def cached_deb(cache, pkg, version):
    """Path of pkg_version_arm64 .deb in the cache, checked by its control data."""
    for path in sorted(glob.glob(os.path.join(cache, "%s_*_%s.deb" % (pkg, ARCH)))):
        f = deb_fields(path)
        if (f.get("Package"), f.get("Version"), f.get("Architecture")) == (pkg, version, ARCH):
            return path
    return None


def fetch(apt, pkg, version):
    """Cached or downloaded .deb of pkg=version, or None if not obtainable."""
    path = cached_deb(apt.cache, pkg, version)
    if path:
        return path
    if version not in apt.versions(pkg) and not apt.update():
        return None
    if version not in apt.versions(pkg):
        return None
    err = apt.download(pkg, version)
    if err and apt.update():            # stale lists: refresh once, retry
        err = apt.download(pkg, version)
    if err:
        if NET_ERROR.search(err):
            raise Unreachable(err)
        raise FetchError("apt-get download %s=%s failed:\n%s" % (pkg, version, err))
    return cached_deb(apt.cache, pkg, version)


def current(apt, role, pkg):
    """(package, version) to fall back to for a role."""
    if role == "kernel":
        return apt.current_kernel()
    version = apt.candidate(pkg)
    return (pkg, version) if version else None


def resolve(apt, role, pkg, version):
    """(package, version, path, note) for one pin, falling back if needed."""
    path = fetch(apt, pkg, version)
    if path:
        return pkg, version, path, "pinned"
    cur = current(apt, role, pkg)
    if cur is None:
        if apt.net_failed:
            raise Unreachable("no %s package found and apt-get update failed" % role)
        raise FetchError("no %s package: pinned %s=%s is not in the archive and "
                         "apt knows no current one" % (role, pkg, version))
    print("WARNING: linux-image: pinned %s %s=%s is no longer in the archive; "
          "falling back to the current %s=%s. Update images/linux/pins.txt."
          % (role, pkg, version, cur[0], cur[1]), file=sys.stderr)
    path = fetch(apt, cur[0], cur[1])
    if path is None:
        raise FetchError("could not download %s=%s" % cur)
    return cur[0], cur[1], path, "fallback-from=%s=%s" % (pkg, version)


def read_pins(path):
    pins = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 3:
                raise FetchError("%s:%d: expected '<role> <package> <version>'" % (path, n))
            pins.append(tuple(words))
    return pins


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def help_commands(pins, cache):
    specs = " ".join("%s:%s=%s" % (p, ARCH, v) for _, p, v in pins)
    return ("Run as root (or fetch the packages yourself):\n"
            "  dpkg --add-architecture %s\n"
            "  apt-get update\n"
            "  mkdir -p %s && cd %s && apt-get download %s\n"
            % (ARCH, cache, cache, specs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pins", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--out", required=True, help="manifest to write")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    apt = Apt(os.path.abspath(args.cache))
    pins = []
    try:
        pins = read_pins(args.pins)
        lines = []
        for role, pkg, version in pins:
            if not cached_deb(apt.cache, pkg, version):
                apt.ensure_arch()
            got = resolve(apt, role, pkg, version)
            lines.append("%s %s %s %s %s %s\n" % (role, got[0], got[1],
                                                 sha256(got[2]), got[2], got[3]))
    except Unreachable as e:
        print("%s:\n%s" % (UNREACHABLE_MSG, e), file=sys.stderr)
        return EXIT_UNREACHABLE
    except FetchError as e:
        print("linux-image: error: %s" % e, file=sys.stderr)
        if os.geteuid() != 0 and pins:
            print(help_commands(pins, args.cache), file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.writelines(lines)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

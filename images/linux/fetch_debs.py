#!/usr/bin/python3
"""Fetch the pinned Debian packages of a Linux guest into a cache.

    fetch_debs.py --pins PINS --cache DIR --out MANIFEST [--arch arm64]
                  [--suite bookworm] [--mirror URI]

Packages come through an apt configuration of the build's own, kept in
<cache>/apt/<suite>-<arch>/: its own sources list (the Debian mirrors the
host's apt uses, or --mirror, with the host's suite names mapped to --suite),
its own Dir::State (lists, an empty dpkg status) and Dir::Cache, and
APT::Architecture=<arch>. The machine's sources, apt lists and dpkg state
(architectures, installed packages) are never touched, so fetching arm64 or
riscv64 packages needs no `dpkg --add-architecture`; it works as any user.

Writes a manifest with one line per role:

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

UNREACHABLE_MSG = "linux-image: Debian archive unreachable"
EXIT_UNREACHABLE = 3
NET_ERROR = re.compile(
    r"Could not resolve|Temporary failure resolving|Unable to connect|"
    r"Could not connect|Connection timed out|Connection failed|"
    r"Network is unreachable|No route to host|Unable to fetch some archives",
    re.I)
HOST_APT = "/etc/apt"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
# Debian's security archive, added when the host names none (a debootstrap
# root lists only its main suite): pinned kernels are often security updates.
SECURITY_MIRROR = "http://deb.debian.org/debian-security"


class FetchError(Exception):
    """A failure with a message for the user."""


class Unreachable(FetchError):
    """The archive could not be reached over the network."""


def kernel_meta(arch):
    """Debian's kernel meta-package for an architecture (linux-image-arm64)."""
    return "linux-image-" + arch


def host_codename(apt_dir=HOST_APT):
    """The host's Debian codename (bookworm), from os-release next to apt."""
    path = os.path.join(os.path.dirname(os.path.abspath(apt_dir)), "os-release")
    try:
        with open(path) as f:
            m = re.search(r"^VERSION_CODENAME=\"?([a-z]+)", f.read(), re.M)
            return m.group(1) if m else None
    except OSError:
        return None


def _one_line_sources(text):
    """(options, uri, suite) of each `deb` line of a sources.list."""
    for line in text.splitlines():
        m = re.match(r"\s*deb\s+(?:\[([^\]]*)\]\s*)?(\S+)\s+(\S+)", line.split("#", 1)[0])
        if m:
            yield (m.group(1) or "").split(), m.group(2), m.group(3)


def _deb822_sources(text):
    """(options, uri, suite) of each enabled deb entry of a .sources file."""
    for para in re.split(r"\n\s*\n", text):
        fields, key = {}, None
        for line in para.splitlines():
            if line.startswith("#"):
                continue
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                fields[key] = value.strip()
        if "deb" not in fields.get("types", "").split():
            continue
        if fields.get("enabled", "yes").lower() == "no":
            continue
        signed = fields.get("signed-by", "")
        opts = ["signed-by=" + signed] if signed.startswith("/") and "\n" not in signed else []
        for uri in fields.get("uris", "").split():
            for suite in fields.get("suites", "").split():
                yield opts, uri, suite


def host_sources(apt_dir=HOST_APT):
    """(options, uri, suite) of every deb entry the host's apt uses."""
    entries = []
    files = [os.path.join(apt_dir, "sources.list")]
    files += sorted(glob.glob(os.path.join(apt_dir, "sources.list.d", "*.list")))
    files += sorted(glob.glob(os.path.join(apt_dir, "sources.list.d", "*.sources")))
    for path in files:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        parse = _deb822_sources if path.endswith(".sources") else _one_line_sources
        entries.extend(parse(text))
    return entries


def sources_list(suite, mirror=None, apt_dir=HOST_APT):
    """Our own sources.list text: the host's Debian entries (those whose suite
    is the host's codename or codename-*, e.g. bookworm-security) with that
    codename replaced by `suite`, component main only, plus Debian's security
    archive if the host names none; or just `mirror` (URI, optionally
    preceded by [options]) for `suite`."""
    lines = []
    if mirror:
        lines.append("deb %s %s main" % (mirror, suite))
    else:
        code = host_codename(apt_dir)
        for opts, uri, host_suite in host_sources(apt_dir) if code else []:
            if host_suite != code and not host_suite.startswith(code + "-"):
                continue  # not a Debian suite of this release (third-party repo)
            keep = [o for o in opts if o.startswith(("signed-by=", "trusted="))]
            line = "deb %s%s %s main" % ("[%s] " % " ".join(keep) if keep else "", uri,
                                          suite + host_suite[len(code):])
            if line not in lines:
                lines.append(line)
        if not lines:
            lines.append("deb %s %s main" % (DEFAULT_MIRROR, suite))
        if not any(l.endswith(" %s-security main" % suite) for l in lines):
            lines.append("deb %s %s-security main" % (SECURITY_MIRROR, suite))
    return "".join(l + "\n" for l in lines)


class Apt:
    """The few apt queries we need, on our own apt configuration, with
    `apt-get update` at most once."""

    def __init__(self, cache, arch, suite, mirror=None, apt_dir=HOST_APT):
        self.cache = cache
        self.arch = arch
        self.updated = False
        self.net_failed = False
        self.root = os.path.join(cache, "apt", "%s-%s" % (suite, arch))
        for sub in ("etc/sources.list.d", "etc/preferences.d", "state/lists/partial",
                    "cache/archives/partial"):
            os.makedirs(os.path.join(self.root, sub), exist_ok=True)
        self._write("etc/sources.list", sources_list(suite, mirror, apt_dir))
        if not os.path.exists(os.path.join(self.root, "state/status")):
            self._write("state/status", "")  # no package is installed here

    def _write(self, rel, text):
        path = os.path.join(self.root, rel)
        try:
            with open(path) as f:
                if f.read() == text:
                    return
        except OSError:
            pass
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)

    def options(self):
        """apt -o options that replace every machine path apt would use."""
        r = self.root
        conf = {
            "Dir::Etc::SourceList": r + "/etc/sources.list",
            "Dir::Etc::SourceParts": r + "/etc/sources.list.d",
            "Dir::Etc::Preferences": r + "/etc/preferences",
            "Dir::Etc::PreferencesParts": r + "/etc/preferences.d",
            "Dir::State": r + "/state",
            "Dir::State::Lists": r + "/state/lists",
            "Dir::State::status": r + "/state/status",
            "Dir::State::extended_states": r + "/state/extended_states",
            "Dir::Cache": r + "/cache",
            "Dir::Cache::archives": r + "/cache/archives",
            "APT::Architecture": self.arch,
            "APT::Architectures": self.arch,
            "Acquire::Languages": "none",
            # Root would hand downloads to the _apt user, who cannot write here.
            "APT::Sandbox::User": "root" if os.geteuid() == 0 else "",
        }
        return [a for k, v in conf.items() if v for a in ("-o", "%s=%s" % (k, v))]

    def run(self, argv, cwd=None):
        env = dict(os.environ, LC_ALL="C")
        return subprocess.run(argv[:1] + self.options() + argv[1:], cwd=cwd, env=env,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def update(self):
        """apt-get update of our own lists, once; remember network failures."""
        if self.updated:
            return False
        self.updated = True
        print("linux-image: apt-get update (own lists: %s)" % self.root, file=sys.stderr)
        p = self.run(["apt-get", "update"])
        if NET_ERROR.search(p.stdout + p.stderr) or p.returncode:
            self.net_failed = bool(NET_ERROR.search(p.stdout + p.stderr))
            print(p.stderr.strip(), file=sys.stderr)
        return True

    def versions(self, pkg):
        """Versions of pkg:arch the lists know."""
        out = self.run(["apt-cache", "madison", "%s:%s" % (pkg, self.arch)]).stdout
        return {line.split("|")[1].strip()
                for line in out.splitlines() if line.count("|") >= 2}

    def candidate(self, pkg):
        """apt's candidate version of pkg:arch, or None."""
        out = self.run(["apt-cache", "policy", "%s:%s" % (pkg, self.arch)]).stdout
        m = re.search(r"^\s*Candidate:\s*(\S+)", out, re.M)
        return None if not m or m.group(1) == "(none)" else m.group(1)

    def current_kernel(self):
        """(package, version) the kernel meta-package depends on now."""
        meta = kernel_meta(self.arch)
        meta_version = self.candidate(meta)
        if meta_version is None:
            return None
        spec = "%s:%s=%s" % (meta, self.arch, meta_version)
        out = self.run(["apt-cache", "show", "--no-all-versions", spec]).stdout
        m = re.search(r"^Depends:.*?(linux-image-[^\s,(]+)\s*\(=\s*([^)\s]+)\)",
                      out, re.M)
        return (m.group(1), m.group(2)) if m else None

    def download(self, pkg, version):
        """apt-get download pkg:arch=version into the cache."""
        spec = "%s:%s=%s" % (pkg, self.arch, version)
        print("linux-image: apt-get download " + spec, file=sys.stderr)
        p = self.run(["apt-get", "download", spec], cwd=self.cache)
        if p.returncode == 0:
            return None
        return (p.stdout + p.stderr).strip()


def deb_fields(path):
    p = subprocess.run(["dpkg-deb", "-f", path, "Package", "Version", "Architecture"],
                       text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fields = {}
    for line in p.stdout.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def cached_deb(cache, pkg, version, arch):
    """Path of pkg_version_arch .deb in the cache, checked by its control data."""
    for path in sorted(glob.glob(os.path.join(cache, "%s_*_%s.deb" % (pkg, arch)))):
        f = deb_fields(path)
        if (f.get("Package"), f.get("Version"), f.get("Architecture")) == (pkg, version, arch):
            return path
    return None


def fetch(apt, pkg, version):
    """Cached or downloaded .deb of pkg=version, or None if not obtainable."""
    path = cached_deb(apt.cache, pkg, version, apt.arch)
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
    return cached_deb(apt.cache, pkg, version, apt.arch)


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


def help_commands(apt, pins):
    specs = " ".join("%s:%s=%s" % (p, apt.arch, v) for _, p, v in pins)
    opts = " ".join(apt.options())
    return ("The same apt calls by hand (own configuration, no host state):\n"
            "  apt-get %s update\n"
            "  cd %s && apt-get %s download %s\n" % (opts, apt.cache, opts, specs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pins", required=True,
                    help="pins file: lines '<role> <package> <version>'")
    ap.add_argument("--cache", required=True,
                    help="directory for the .deb files (and apt's own state, in apt/)")
    ap.add_argument("--out", required=True, help="manifest to write")
    ap.add_argument("--arch", default="arm64",
                    help="Debian architecture of the packages (default arm64)")
    ap.add_argument("--suite", default="bookworm",
                    help="Debian suite (default bookworm); the host's -updates and "
                         "-security suites are followed too")
    ap.add_argument("--mirror", metavar="URI",
                    help="archive to use instead of the host's Debian mirrors, e.g. "
                         "http://deb.debian.org/debian ('[trusted=yes] file:/dir' for a "
                         "local one)")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    apt = Apt(os.path.abspath(args.cache), args.arch, args.suite, args.mirror)
    pins = []
    try:
        pins = read_pins(args.pins)
        lines = []
        for role, pkg, version in pins:
            got = resolve(apt, role, pkg, version)
            lines.append("%s %s %s %s %s %s\n" % (role, got[0], got[1],
                                                 sha256(got[2]), got[2], got[3]))
    except Unreachable as e:
        print("%s:\n%s" % (UNREACHABLE_MSG, e), file=sys.stderr)
        return EXIT_UNREACHABLE
    except FetchError as e:
        print("linux-image: error: %s" % e, file=sys.stderr)
        if pins:
            print(help_commands(apt, pins), file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.writelines(lines)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

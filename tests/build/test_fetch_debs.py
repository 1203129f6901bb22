"""images/linux/fetch_debs.py fetches a guest's Debian packages through an
apt configuration of its own: any architecture and suite, the host's
mirrors, and never the machine's sources, lists or dpkg state.

The end-to-end test serves a tiny Debian archive from a local directory
(`--mirror "[trusted=yes] file:..."`), so it needs no network."""
import hashlib
import os
import subprocess
import sys

from conftest import PYTHON, REPO

sys.path.insert(0, str(REPO / "images" / "linux"))
import fetch_debs  # noqa: E402

FETCH = REPO / "images" / "linux" / "fetch_debs.py"


def host_apt(tmp_path, sources_list="", deb822=None, codename="bookworm"):
    """A fake /etc: os-release and apt sources in the host's two formats."""
    etc = tmp_path / "etc"
    (etc / "apt" / "sources.list.d").mkdir(parents=True)
    (etc / "os-release").write_text(f'ID=debian\nVERSION_CODENAME={codename}\n')
    (etc / "apt" / "sources.list").write_text(sources_list)
    for name, text in (deb822 or {}).items():
        (etc / "apt" / "sources.list.d" / name).write_text(text)
    return str(etc / "apt")


DEB822 = """Types: deb
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: https://vendor.example/apt
Suites: nodistro
Components: main
"""


def test_sources_follow_the_hosts_mirrors_with_the_asked_suite(tmp_path):
    apt_dir = host_apt(tmp_path, deb822={"debian.sources": DEB822})
    assert fetch_debs.sources_list("trixie", apt_dir=apt_dir).splitlines() == [
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://mirror.example/debian trixie main",
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://mirror.example/debian trixie-updates main",
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://mirror.example/debian-security trixie-security main",
    ]


def test_one_line_sources_list_and_mirror_override(tmp_path):
    apt_dir = host_apt(tmp_path, sources_list=(
        "# debootstrap\n"
        "deb http://deb.example/debian bookworm main\n"
        "deb [arch=amd64] https://cloud.example/apt cloud-sdk-bookworm main\n"
        "deb-src http://deb.example/debian bookworm main\n"))
    # A debootstrap root names only its main suite: Debian's security archive
    # is added (pinned kernels are often security updates).
    assert fetch_debs.sources_list("bookworm", apt_dir=apt_dir) == (
        "deb http://deb.example/debian bookworm main\n"
        "deb http://deb.debian.org/debian-security bookworm-security main\n")
    assert fetch_debs.sources_list("trixie", mirror="http://m.example/d", apt_dir=apt_dir) == \
        "deb http://m.example/d trixie main\n"


def test_apt_options_name_only_the_builds_own_paths(tmp_path):
    apt_dir = host_apt(tmp_path, deb822={"debian.sources": DEB822})
    cache = tmp_path / "cache"
    apt = fetch_debs.Apt(str(cache), "riscv64", "trixie", apt_dir=apt_dir)
    opts = dict(o.split("=", 1) for o in apt.options()[1::2])
    for key in ("Dir::Etc::SourceList", "Dir::Etc::SourceParts", "Dir::Etc::Preferences",
                "Dir::Etc::PreferencesParts", "Dir::State", "Dir::State::Lists",
                "Dir::State::status", "Dir::State::extended_states", "Dir::Cache",
                "Dir::Cache::archives"):
        assert opts[key].startswith(str(cache / "apt" / "trixie-riscv64")), (key, opts[key])
    assert opts["APT::Architecture"] == opts["APT::Architectures"] == "riscv64"
    assert (cache / "apt" / "trixie-riscv64" / "state" / "status").read_text() == ""
    assert fetch_debs.kernel_meta("riscv64") == "linux-image-riscv64"


# --- end to end against a local archive ---------------------------------------

def build_deb(pool, name, version, arch, depends=None):
    root = pool / f"{name}-src"
    (root / "DEBIAN").mkdir(parents=True)
    control = (f"Package: {name}\nVersion: {version}\nArchitecture: {arch}\n"
               f"Maintainer: test <t@example.org>\nDescription: test package\n")
    if depends:
        control += f"Depends: {depends}\n"
    (root / "DEBIAN" / "control").write_text(control)
    (root / "usr" / "share").mkdir(parents=True)
    (root / "usr" / "share" / name).write_text(name)
    deb = pool / f"{name}_{version.split(':')[-1]}_{arch}.deb"
    subprocess.run(["dpkg-deb", "-Zgzip", "--root-owner-group", "--build", str(root), str(deb)],
                   check=True, capture_output=True)
    data = deb.read_bytes()
    return control + (f"Filename: pool/{deb.name}\nSize: {len(data)}\n"
                      f"SHA256: {hashlib.sha256(data).hexdigest()}\n")


def local_archive(tmp_path, suite, arch):
    repo = tmp_path / "archive"
    pool = repo / "pool"
    pool.mkdir(parents=True)
    stanzas = [
        build_deb(pool, "busybox-static", "1:1.0-1", arch),
        build_deb(pool, "linux-image-6.99-" + arch, "6.99-1", arch),
        build_deb(pool, "linux-image-" + arch, "6.99+1", arch,
                  depends=f"linux-image-6.99-{arch} (= 6.99-1)"),
    ]
    rel = f"main/binary-{arch}/Packages"
    packages = repo / "dists" / suite / rel
    packages.parent.mkdir(parents=True)
    packages.write_text("\n".join(stanzas))
    data = packages.read_bytes()
    (repo / "dists" / suite / "Release").write_text(
        f"Suite: {suite}\nCodename: {suite}\nArchitectures: {arch}\nComponents: main\n"
        f"SHA256:\n {hashlib.sha256(data).hexdigest()} {len(data)} {rel}\n")
    return repo


def host_state():
    """What the fetch must never change on the machine."""
    def stat(path):
        try:
            st = os.stat(path)
            return (st.st_mtime_ns, st.st_size)
        except OSError:
            return None
    arches = subprocess.run(["dpkg", "--print-foreign-architectures"],
                            capture_output=True, text=True).stdout
    return (arches, stat("/var/lib/dpkg/status"), stat("/var/lib/apt/lists"),
            stat("/etc/apt/sources.list"), stat("/etc/apt/sources.list.d"))


def test_fetch_riscv64_trixie_from_local_archive_leaves_host_alone(tmp_path):
    repo = local_archive(tmp_path, "trixie", "riscv64")
    pins = tmp_path / "pins.txt"
    pins.write_text("# pins\n"
                    "kernel  linux-image-6.98-riscv64  6.98-1   # gone: falls back\n"
                    "busybox busybox-static            1:1.0-1\n")
    cache, manifest = tmp_path / "cache", tmp_path / "debs.txt"
    before = host_state()
    r = subprocess.run([PYTHON, str(FETCH), "--pins", str(pins), "--cache", str(cache),
                        "--out", str(manifest), "--arch", "riscv64", "--suite", "trixie",
                        "--mirror", f"[trusted=yes] file:{repo}"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert host_state() == before
    assert "add-architecture" not in r.stderr
    rows = [line.split() for line in manifest.read_text().splitlines()]
    assert [(row[0], row[1], row[2], row[5]) for row in rows] == [
        ("kernel", "linux-image-6.99-riscv64", "6.99-1", "fallback-from=linux-image-6.98-riscv64=6.98-1"),
        ("busybox", "busybox-static", "1:1.0-1", "pinned"),
    ]
    for row in rows:
        assert os.path.dirname(row[4]) == str(cache)
        assert fetch_debs.sha256(row[4]) == row[3]
    assert "WARNING" in r.stderr and "Update images/linux/pins.txt" in r.stderr

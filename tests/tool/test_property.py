"""Property: generated and mutated configs only ever give a clean diagnostic (exit 0/1)."""
import io
import os

import pytest
from contextlib import redirect_stderr, redirect_stdout

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, REPO
from rulekit import BASE

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def check(tmp_path, text: str, *extra):
    from axvmconfig_pkg.cli import main
    p = tmp_path / "vm.toml"
    p.write_text(text, encoding="utf-8", errors="surrogatepass") if isinstance(text, str) else p.write_bytes(text)
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            rc = main(["check", "--allow-missing-images", *extra, str(p)])
    finally:
        os.chdir(cwd)
    assert rc in (0, 1), err.getvalue()
    assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue()
    return rc


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("prop")
    (d / "k.bin").write_bytes(b"\0" * 64)
    return d


# ---- structured configs: right keys, values of any type and size
def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v) if v < 0 else hex(v)
    if isinstance(v, float):
        return repr(v) if v == v and abs(v) != float("inf") else "nan"
    if isinstance(v, str):
        return '"' + v.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(v, dict):
        return "{" + ", ".join(f'"{k}" = {_toml_value(x)}' for k, x in v.items()) + "}"
    return "[" + ", ".join(_toml_value(x) for x in v) + "]"


ints = st.one_of(st.integers(0, 8), st.integers(0, 1 << 40).map(lambda x: x & ~0xfff),
                 st.integers(-5, (1 << 64) + 5))
scalars = st.one_of(ints, st.booleans(), st.text(max_size=12), st.floats(allow_nan=False))
values = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=6),
                                                   st.dictionaries(st.sampled_from(
                                                       ["gpa", "size", "flags", "map_type", "name", "x"]),
                                                       c, max_size=4)), max_leaves=12)
region = st.one_of(st.tuples(ints, ints, ints, st.integers(0, 3)).map(list), values)
KEYS = {
    "base": {"id": ints, "name": st.text(max_size=8), "vm_type": ints, "cpu_num": st.integers(0, 6),
             "phys_cpu_ids": st.lists(ints, max_size=5), "phys_cpu_sets": st.lists(ints, max_size=5)},
    "kernel": {"entry_point": ints, "kernel_path": st.sampled_from(["k.bin", "/nope", ""]),
               "kernel_load_addr": ints, "dtb_load_addr": ints, "image_location": st.sampled_from(["memory", "fs", "x"]),
               "memory_regions": st.lists(region, max_size=4), "ramdisk_path": st.just("r.img"),
               "ramdisk_load_addr": ints},
    "devices": {"passthrough_devices": st.lists(st.one_of(
                    st.sampled_from([["/"], ["/pl011@9000000"], ["pl031@9010000"], ["virtio_mmio"],
                                     ["intc@8000000"], ["/nope"]]),
                    st.tuples(st.text(max_size=6), ints, ints, ints, ints).map(list), values), max_size=4),
                "emu_devices": st.lists(st.one_of(
                    st.tuples(st.text(max_size=4), ints, ints, ints,
                              st.sampled_from([0, 1, 2, 0xA, 0x20, 0x21, 0x22, 0x99]),
                              st.lists(ints, max_size=4)).map(list), values), max_size=3),
                "interrupt_mode": st.sampled_from(["emu", "pt", "none", "bogus"]),
                "excluded_devices": st.lists(st.sampled_from([["/pcie@10000000"], ["/"], "x"]), max_size=2),
                "passthrough_addresses": st.lists(st.tuples(ints, ints).map(list), max_size=2)},
}


@st.composite
def configs(draw):
    lines = []
    for table, keys in KEYS.items():
        if draw(st.integers(0, 20)) == 0:
            continue
        lines.append(f"[{table}]")
        for k, strat in keys.items():
            if draw(st.integers(0, 5)):
                v = draw(st.one_of(strat, values) if draw(st.integers(0, 8)) == 0 else strat)
                lines.append(f"{k} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=1000, **SETTINGS)
@given(configs())
def test_generated_configs_give_clean_diagnostics(workdir, text):
    check(workdir, text)


# ---- mutations of real configs: delete, duplicate, replace bytes and lines
SEEDS = [BASE, open(os.path.join(DATA, "hello", "hello.toml")).read()]


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 3))
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 12)))
        if kind == 0:
            text = text[:i] + text[j:]
        elif kind == 1:
            text = text[:i] + draw(st.sampled_from(["[", "]", "{", "}", "=", ",", '"', "0x", "_",
                                                    "\n", "-1", "1e9", "#", "[[", "'''"])) + text[i:]
        elif kind == 2:
            text = text[:i] + text[i:j] * 2 + text[j:]
        else:
            text = text[:i] + draw(st.text(max_size=4)) + text[j:]
    return text


@settings(max_examples=700, **SETTINGS)
@given(mutated())
def test_mutated_configs_give_clean_diagnostics(workdir, text):
    check(workdir, text)

"""contract.py reads the same AXV_* values the C build sees (hv/contract.h + arch contract.h)."""
import os
import shutil
import subprocess

import pytest

from conftest import REPO

from axvmconfig_pkg import contract

ARCHES = sorted(d for d in os.listdir(os.path.join(REPO, "hypervisor", "arch"))
                if os.path.isfile(os.path.join(REPO, "hypervisor", "arch", d, "include", "arch",
                                               "contract.h")))


def _c_values(tmp_path, arch, names):
    """Compile and run a host program that includes both headers and prints each name."""
    inc = [os.path.join(REPO, "hypervisor", "include"),
           os.path.join(REPO, "hypervisor", "arch", arch, "include")]
    src = tmp_path / "c.c"
    body = "".join(f'\tprintf("%s %llu\\n", "{n}", (unsigned long long)({n}));\n' for n in names)
    src.write_text("#include <stdio.h>\n#include <hv/contract.h>\n#include <arch/contract.h>\n"
                   f"int main(void)\n{{\n{body}\treturn 0;\n}}\n")
    exe = tmp_path / "c"
    subprocess.run(["gcc", "-Wall", "-Wextra", "-Werror", *[f"-I{i}" for i in inc], "-o", str(exe),
                    str(src)], check=True, timeout=60)
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True, timeout=10).stdout
    macros = subprocess.run(["gcc", "-dM", "-E", *[f"-I{i}" for i in inc], "-"], check=True,
                            input="#include <hv/contract.h>\n#include <arch/contract.h>\n",
                            capture_output=True, text=True, timeout=60).stdout
    defined = {ln.split()[1] for ln in macros.splitlines() if ln.split()[1].startswith("AXV_")}
    return {ln.split()[0]: int(ln.split()[1]) for ln in out.splitlines()}, defined


@pytest.mark.skipif(not shutil.which("gcc"), reason="host gcc missing")
@pytest.mark.parametrize("arch", ARCHES)
def test_contract_matches_c_build(tmp_path, arch):
    contract.load.cache_clear()
    k = contract.load(arch)
    assert "AXV_ARCH_IPA_BITS" in k.values and "AXV_MEM_FLAGS_SUPPORTED" in k.values
    cvals, defined = _c_values(tmp_path, arch, sorted(k.values))
    assert cvals == k.values
    assert defined == set(k.values), "an AXV_ macro the Python reader does not see"


def test_contract_missing_name_is_clear():
    k = contract.load("aarch64")
    with pytest.raises(contract.ContractError, match=r"AXV_NOPE is not defined in .*contract\.h"):
        k.get("AXV_NOPE")


def test_contract_parse_literals():
    text = "#define AXV_A 0x20u\n#define AXV_B 40\n# define AXV_C 0X1ful /* x */\n#define NOT_AXV 1\n"
    assert contract.parse_header(text) == {"AXV_A": 0x20, "AXV_B": 40, "AXV_C": 0x1f}

"""Reading the hypervisor's console: every line on the physical UART is a
record "[name] text" from the console multiplexer (hv/console.h). When the
mux flushes a VM's line before its newline (buffer full, idle, another VM
cut in), the rest follows as "[name]+ text". Tests compare whole lines, so
they glue those continuations back first, always through this module.
"""
import re

RECORD = re.compile(r"^\[([^\]\s]+)\](\+?) ?(.*?)\r?$")


def timeline(text, strict=False):
    """Console text -> [[record number, name, line]] in output order, each
    VM line glued from its continuations; the number is its first record's.
    With strict=True every non-empty line must be a record."""
    lines, last = [], {}
    for no, raw in enumerate(text.splitlines()):
        m = RECORD.match(raw)
        if not m:
            assert not (strict and raw.strip()), f"untagged console line: {raw!r}"
            continue
        name, cont, body = m.groups()
        if cont and name in last:
            last[name][2] += body
        else:
            assert not (strict and cont), f"continuation with nothing before it: {raw!r}"
            last[name] = [no, name, body]
            lines.append(last[name])
    return lines


def per_vm(text, strict=False):
    """Console text -> {name: [whole lines]}."""
    vms = {}
    for _, name, body in timeline(text, strict):
        vms.setdefault(name, []).append(body)
    return vms


def vm_text(text, vm):
    """What VM `vm` printed, as text with its lines glued back."""
    return "\n".join(per_vm(text).get(vm, []))


def complete(text):
    """The text up to its last newline: a record still being printed may
    yet get a continuation."""
    return text[: text.rfind("\n") + 1]

"""JSON Schema of the AxVisor VM format, from the loader's own schema.

Draft-07 on purpose: Taplo (Even Better TOML, the taplo LSP) validates
draft-04/07 keywords, not 2020-12's prefixItems. Every table is closed
(additionalProperties false): AxVisor's format has no free-form keys, so an
editor flags a typo such as `cmd_line`.
"""
from __future__ import annotations

from . import model as m
from .loader import RECORDS, SCHEMA

INT = {"type": "integer", "minimum": 0, "maximum": (1 << 64) - 1}


def _field(typ: str) -> dict:
    if typ == "int":
        return dict(INT)
    if typ == "str":
        return {"type": "string"}
    return {"type": "array", "items": dict(INT)}


def _record(name: str) -> dict:
    layout = RECORDS[name]
    need = sum(1 for _, _, r in layout if r)
    positional = {"type": "array", "minItems": need, "maxItems": len(layout),
                  "items": [dict(_field(t), title=f) for f, t, _ in layout], "additionalItems": False}
    table = {"type": "object", "properties": {f: _field(t) for f, t, _ in layout},
             "required": [f for f, _, r in layout if r], "additionalProperties": False}
    alts = [positional, table] + ([{"type": "string"}] if len(layout) == 1 else [])
    return {"type": "array", "items": {"anyOf": alts}}


def json_schema() -> dict:
    tables = {}
    for t, keys in SCHEMA.items():
        props = {}
        for k, (typ, _, desc) in keys.items():
            props[k] = _record(k) if typ == "records" else _field(typ)
            props[k]["description"] = desc
        tables[t] = {"type": "object", "properties": props, "additionalProperties": False,
                     "required": [k for k, (_, r, _) in keys.items() if r]}
    k = tables["kernel"]["properties"]
    k["image_location"]["enum"] = ["memory", "fs"]
    tables["devices"]["properties"]["interrupt_mode"]["enum"] = list(m.IRQ_MODES)
    tables["base"]["properties"]["vm_type"]["enum"] = [0, 1, 2]
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://axvisor.invalid/axvmconfig/vm.schema.json",
            "title": "AxVisor VM configuration", "type": "object",
            "properties": tables, "required": list(SCHEMA), "additionalProperties": False}

"""The API surface: what a user of the SDK can call and read, as compact, sorted JSON.

It is stored in the output (`.sdkgen/surface.json`) so the next generation can report
what changed. Methods hold their parameters and response types; named types are kept
once, in `types`, and referred to as `{"ref": name}`, so the surface stays linear in
the size of the spec even when schemas are shared or recursive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Optional

from openapi_sdkgen.model import ir

SURFACE = ".sdkgen/surface.json"
FORMAT = 1
_SECTIONS = ("methods", "types")

Json = Dict[str, Any]


def surface_of(api: ir.Api) -> Json:
    return {
        "format": FORMAT,
        "package": api.config.package,
        "version": api.config.version,
        "api_version": api.version,
        "methods": {method_key(op): _method(op) for op in api.operations},
        "types": {d.name: _definition(d) for d in api.definitions},
    }


def surface_text(surface: Json) -> str:
    """Sorted JSON with one line per method and per type: small, and readable in a diff."""
    scalars = [f"{_dumps(key)}:{_dumps(surface[key])}" for key in sorted(surface) if key not in _SECTIONS]
    sections = [
        f"{_dumps(name)}:{{\n" + ",\n".join(f"{_dumps(key)}:{_dumps(value)}" for key, value in sorted(surface[name].items())) + "\n}"
        for name in _SECTIONS
    ]
    return "{\n" + ",\n".join(scalars + sections) + "\n}\n"


_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode  # one encoder for every line


def read_surface(out: Path) -> Optional[Json]:
    """The surface stored by the previous generation, if it is there and readable."""
    try:
        data = json.loads((out / SURFACE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def method_key(op: ir.Operation) -> str:
    """The method as a user calls it on the client: `chat.completions.create`."""
    return ".".join(op.group + (op.py_name,))


def _method(op: ir.Operation) -> Json:
    method: Json = {"http": f"{op.method} {op.path}", "params": {p.py_name: _parameter(p) for p in op.params}}
    result = _result_type(op)
    if result is not None:
        method["response"] = type_json(result)
    if op.stream is not None:
        method["stream"] = type_json(op.stream.type)
    if op.doc.deprecated:
        method["deprecated"] = True
    return method


def _result_type(op: ir.Operation) -> Optional[ir.TypeRef]:
    """What the method returns (its event stream aside): every success status's type, as
    a union when they differ, nullable when one of several is bodiless."""
    types = list(dict.fromkeys(r.type for r in op.responses if r.type is not None))
    if not types:
        return None
    result = types[0] if len(types) == 1 else ir.UnionType(tuple(types))
    return ir.Nullable(result) if any(r.type is None for r in op.responses) else result


def _parameter(param: ir.Parameter) -> Json:
    return _flags({"type": type_json(param.type), "in": param.location}, param.required, param.nullable, param.doc.deprecated)


def _field(field: ir.Field) -> Json:
    record = _flags({"type": type_json(field.type)}, field.required, field.nullable, field.doc.deprecated)
    if field.py_name != field.wire_name:
        record["py"] = field.py_name
    if field.read_only:
        record["read_only"] = True
    if field.write_only:
        record["write_only"] = True
    return record


def _flags(record: Json, required: bool, nullable: bool, deprecated: bool) -> Json:
    """Only true flags are written, to keep the surface small."""
    if required:
        record["required"] = True
    if nullable:
        record["nullable"] = True
    if deprecated:
        record["deprecated"] = True
    return record


def _definition(definition: ir.Definition) -> Json:
    if isinstance(definition, ir.Model):
        return {"model": {f.wire_name: _field(f) for f in definition.fields}}
    if isinstance(definition, ir.Enum):
        return {"enum": list(definition.values)}
    return {"alias": type_json(definition.type)}


def type_json(typ: ir.TypeRef) -> Any:
    """A type as JSON: a string for leaf types, a one-key object for composite ones."""
    if isinstance(typ, ir.Primitive):
        return typ.kind
    if isinstance(typ, ir.AnyType):
        return "any"
    if isinstance(typ, ir.FileType):
        return "file"
    if isinstance(typ, ir.Ref):
        return {"ref": typ.name}
    if isinstance(typ, ir.LiteralType):
        return {"literal": list(typ.values)}
    if isinstance(typ, ir.ListType):
        return {"list": type_json(typ.item)}
    if isinstance(typ, ir.MapType):
        return {"map": type_json(typ.value)}
    if isinstance(typ, ir.Nullable):
        return {"nullable": type_json(typ.inner)}
    return {"union": [type_json(m) for m in typ.members]}

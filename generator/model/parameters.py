"""Path, query and header parameters of an operation -> `ir.Parameter`."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Dict, Optional, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import HEADER_NAME
from openapi_sdkgen.model.schemas import doc_of
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver


def operation_parameters(
    types: TypeBuilder, resolver: Resolver, item: Located, op: Located, hint: str, name_of: Callable[[str], str] = naming.parameter_name
) -> Tuple[ir.Parameter, ...]:
    """The path item's parameters overridden by the operation's (same name and place);
    `name_of` names their keyword arguments (the naming convention's rule)."""
    merged: Dict[Tuple[str, str], ir.Parameter] = {}
    for owner in (item, op):
        for i in range(len(owner.node.get("parameters") or ())):
            param_loc = resolver.deref(owner.child("parameters", i))
            param = _parameter(types, resolver, param_loc, hint, name_of)
            if param is not None:
                merged[(param.wire_name, param.location)] = param
    return tuple(merged.values())


def unique_params(params: Tuple[ir.Parameter, ...]) -> Tuple[ir.Parameter, ...]:
    """Parameters renamed where their Python names collide: a body field and a query or path
    parameter of the same name are told apart by their place (`account_sid`, `body_account_sid`)."""
    registry = naming.Registry()
    unique = []
    for p in params:
        name = p.py_name
        if registry.taken(name):
            name = naming.parameter_name(f"{p.location}_{p.py_name}")
        name = registry.claim(name)
        unique.append(p if name == p.py_name else replace(p, py_name=name))
    return tuple(unique)


def _parameter(types: TypeBuilder, resolver: Resolver, loc: Located, hint: str, name_of: Callable[[str], str]) -> Optional[ir.Parameter]:
    node = loc.node
    if not isinstance(node, dict) or "name" not in node or "in" not in node:
        types.fail(loc, "a parameter needs 'name' and 'in'")
        return None
    wire, where = str(node["name"]), str(node["in"])
    if where == "cookie":
        types.warn(loc, f"cookie parameter {wire!r} is not supported: send it with http_headers")
        return None
    if where == "header" and not HEADER_NAME.match(wire):
        types.fail(loc.child("name"), f"{wire!r} is not a valid HTTP header name")
        return None
    schema_loc = loc.child("schema") if "schema" in node else Located({}, loc.file, loc.path + ("schema",))
    typ = types.type_of(schema_loc, hint + naming.pascal(wire))
    nullable = isinstance(typ, ir.Nullable)
    schema = resolver.deref(schema_loc).node if "schema" in node else {}
    doc = doc_of({**(schema if isinstance(schema, dict) else {}), **node})
    return ir.Parameter(
        wire, name_of(wire), where, typ.inner if isinstance(typ, ir.Nullable) else typ,
        bool(node.get("required")) or where == "path", nullable, doc,
        schema.get("default") if isinstance(schema, dict) else None, isinstance(schema, dict) and "default" in schema,
    )

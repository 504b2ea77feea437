"""Path, query, header and cookie parameters of an operation -> `ir.Parameter`."""

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
            param = parameter(types, resolver, param_loc, hint, name_of)
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


_STYLES = {
    "path": ("simple", ("simple", "label", "matrix")),
    "query": ("form", ("form", "spaceDelimited", "pipeDelimited", "deepObject")),
    "header": ("simple", ("simple",)),
    "cookie": ("form", ("form",)),
}


def parameter(types: TypeBuilder, resolver: Resolver, loc: Located, hint: str, name_of: Callable[[str], str]) -> Optional[ir.Parameter]:
    node = loc.node
    if not isinstance(node, dict) or "name" not in node or "in" not in node:
        types.fail(loc, "a parameter needs 'name' and 'in'")
        return None
    wire, where = str(node["name"]), str(node["in"])
    if where not in _STYLES:
        types.warn(loc.child("in"), f"skipped: 'in' must be one of path, query, header, cookie, not {where!r}")
        return None
    if where in ("header", "cookie") and not HEADER_NAME.match(wire):
        types.fail(loc.child("name"), f"{wire!r} is not a valid HTTP {where} name")
        return None
    content_type, schema_loc = _schema_of(loc)
    typ = types.type_of(schema_loc, hint + naming.pascal(wire))
    nullable = isinstance(typ, ir.Nullable)
    schema = resolver.deref(schema_loc).node if schema_loc.node else {}
    doc = doc_of({**(schema if isinstance(schema, dict) else {}), **node})
    style, explode = _style(types, loc, where)
    return ir.Parameter(
        wire, name_of(wire), where, typ.inner if isinstance(typ, ir.Nullable) else typ,
        bool(node.get("required")) or where == "path", nullable, doc,
        schema.get("default") if isinstance(schema, dict) else None, isinstance(schema, dict) and "default" in schema,
        style=style, explode=explode, allow_reserved=where == "query" and node.get("allowReserved") is True, content_type=content_type,
    )


def _schema_of(loc: Located) -> Tuple[Optional[str], Located]:
    """(media type of a `content` parameter, else None; the location of its schema)."""
    node = loc.node
    if "schema" in node:
        return None, loc.child("schema")
    content = node.get("content")
    if isinstance(content, dict) and content:
        media = str(next(iter(content)))
        if isinstance(content[media], dict) and "schema" in content[media]:
            return media, loc.child("content", media, "schema")
        return media, Located({}, loc.file, loc.path + ("content", media))
    return None, Located({}, loc.file, loc.path + ("schema",))


def _style(types: TypeBuilder, loc: Located, where: str) -> Tuple[str, Optional[bool]]:
    """The parameter's (style, explode), "" and None where they are the location's default."""
    default, allowed = _STYLES[where]
    style = loc.node.get("style", default)
    if style not in allowed:
        types.warn(loc.child("style"), f"style {style!r} is not defined for {where} parameters ({', '.join(allowed)}): sent as {default}")
        style = default
    explode = loc.node.get("explode", style == "form")
    if not isinstance(explode, bool):
        types.warn(loc.child("explode"), f"explode must be true or false, not {explode!r}: taken as {style == 'form'}")
        explode = style == "form"
    if style == default and explode == (style == "form"):
        return "", None
    return str(style), explode

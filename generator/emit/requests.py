"""View data of how an operation's request is serialized: the `Operation(...)` arguments for
parameter styles, body encodings, media types, idempotency keys and globals."""

from __future__ import annotations

from typing import Sequence

from openapi_sdkgen.emit import fit, pytext
from openapi_sdkgen.model import ir

_DEFAULT_STYLE = {"path": ("simple", False), "query": ("form", True), "header": ("simple", False), "cookie": ("form", True)}


def request_parts(op: ir.Operation) -> Sequence[str]:
    """The `Operation(...)` arguments of how its request is serialized, where not the default."""
    parts = []
    styles = [f"({pytext.string(p.location)}, {pytext.string(p.wire_name)}): {_style_expr(p)}" for p in op.params if p.location != "body" and p.custom_style]
    if styles:
        parts.append("param_styles=" + fit.items("{", styles, "}", "param_styles=", "    ", ","))
    if op.body is not None and op.body.form_styles:
        items = [f"{pytext.string(name)}: utils.Style({pytext.string(style)}, {explode}{', True' if reserved else ''})" for name, style, explode, reserved in op.body.form_styles]
        parts.append("body_styles=" + fit.items("{", items, "}", "body_styles=", "    ", ","))
    if op.body is not None and op.body.part_types:
        items = [f"{pytext.string(name)}: {pytext.string(media)}" for name, media in op.body.part_types]
        parts.append("part_types=" + fit.items("{", items, "}", "part_types=", "    ", ","))
    if op.body is not None and op.body.alternatives:
        parts.append("content_types=" + fit.tuple_of([pytext.string(m) for m in op.body.alternatives], "content_types=", "    ", ","))
    if op.idempotency_header is not None:
        parts.append(f"idempotency_header={pytext.string(op.idempotency_header)}")
    places = [f"({pytext.string(p.location)}, {pytext.string(p.wire_name)})" for p in op.params if p.is_global]
    if places:
        parts.append("globals=" + fit.tuple_of(places, "globals=", "    ", ","))
    return parts


def _style_expr(p: ir.Parameter) -> str:
    style, explode = (p.style, bool(p.explode)) if p.style else _DEFAULT_STYLE[p.location]
    args = [pytext.string(style), str(explode)]
    if p.allow_reserved or p.content_type is not None:
        args.append(str(p.allow_reserved))
    if p.content_type is not None:
        args.append(pytext.string(p.content_type))
    return f"utils.Style({', '.join(args)})"


def content_type_name(op: ir.Operation) -> str:
    """The keyword that chooses the body's media type: `content_type`, unless a parameter has it."""
    names = {p.py_name for p in op.params}
    return next(n for n in ("content_type", "request_content_type", "content_type_") if n not in names)

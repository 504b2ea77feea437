"""Request bodies -> `ir.RequestBody`, and the body fields that become method parameters."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import is_json, media_doc
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

_PREFERRED = ("multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "text/plain")


def request_body(types: TypeBuilder, resolver: Resolver, op: Located, hint: str) -> Tuple[Optional[ir.RequestBody], Tuple[ir.Parameter, ...]]:
    """The body and its parameters: an object's fields one by one, anything else as `request`."""
    if "requestBody" not in op.node:
        return None, ()
    loc = resolver.deref(op.child("requestBody"))
    content = loc.node.get("content") or {}
    media = _pick_media_type(content)
    if media is None:
        types.fail(loc, f"no supported request content type among {sorted(content)}")
        return None, ()
    schema_loc = loc.child("content", media, "schema") if "schema" in (content[media] or {}) else Located({}, loc.file, loc.path)
    typ = types.type_of(schema_loc, hint + "RequestBody", multipart=media == "multipart/form-data", field_base=hint)
    required = bool(loc.node.get("required"))
    model = types.definitions.get(typ.name) if isinstance(typ, ir.Ref) else None
    doc = media_doc(loc.node, content[media])
    if isinstance(model, ir.Model):
        params = tuple(
            ir.Parameter(f.wire_name, naming.parameter_name(f.wire_name), "body", f.type, f.required, f.nullable, f.doc, f.default, f.has_default)
            for f in model.fields if not f.read_only
        )
        return ir.RequestBody(media, typ, required, True, doc), params
    body_param = ir.Parameter("request", "request", "body", typ.inner if isinstance(typ, ir.Nullable) else typ, required, isinstance(typ, ir.Nullable), doc)
    return ir.RequestBody(media, typ, required, False, doc), (body_param,)


def _pick_media_type(content: Dict[str, Any]) -> Optional[str]:
    for media in content:
        if is_json(media):
            return media
    for preferred in _PREFERRED:
        if preferred in content:
            return preferred
    return None

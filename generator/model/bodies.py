"""Request bodies -> `ir.RequestBody`, and the body fields that become method parameters."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Dict, Optional, Tuple

from openapi_sdkgen.model import ir, naming, speakeasy
from openapi_sdkgen.model.http import as_dict, is_json, media_doc
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

_PREFERRED = ("multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "text/plain")


def request_body(
    types: TypeBuilder, resolver: Resolver, op: Located, hint: str, name_of: Callable[[str], str] = naming.parameter_name, speakeasy_params: Optional[int] = None
) -> Tuple[Optional[ir.RequestBody], Tuple[ir.Parameter, ...]]:
    """The body and its parameters: an object's fields one by one, anything else as `request`;
    with `speakeasy_params` (the operation's other parameters), as Speakeasy decides it."""
    if "requestBody" not in op.node:
        return None, ()
    loc = resolver.deref(op.child("requestBody"))
    content = loc.node.get("content") or {}
    media = _pick_media_type(content)
    if media is None:
        types.fail(loc, "the request body declares no media type under `content`")
        return None, ()
    schema_loc = loc.child("content", media, "schema") if "schema" in as_dict(content[media]) else Located({}, loc.file, loc.path)
    if _is_raw(media) and not _is_text(media):
        typ: ir.TypeRef = ir.Primitive("bytes")  # raw binary: bytes, a file object or a path, whatever the schema says
    else:
        typ = types.type_of(schema_loc, hint + "RequestBody", multipart=media == "multipart/form-data", field_base=hint)
    wire_media = _sendable(media)
    others = _alternatives(content, media)
    alternatives = tuple(m for m in dict.fromkeys(_sendable(m) for m in others) if m != wire_media)
    encoding: Dict[str, Any] = {}
    for each in (media, *others):  # a form or multipart alternative keeps its own encoding
        encoding.update({k: v for k, v in _encoding(types, loc.child("content", each), each).items() if v})
    required = bool(loc.node.get("required"))
    model = types.definitions.get(typ.name) if isinstance(typ, ir.Ref) else None
    doc = media_doc(loc.node, content[media])
    argument: Optional[str] = None if isinstance(model, ir.Model) else "request"
    if speakeasy_params is not None:
        argument = _speakeasy_argument(types, resolver, op, schema_loc, isinstance(model, ir.Model), required, speakeasy_params)
    if isinstance(model, ir.Model) and argument is None:
        params = tuple(
            ir.Parameter(f.wire_name, name_of(f.wire_name), "body", f.type, f.required, f.nullable, f.doc, f.default, f.has_default)
            for f in model.fields if not f.read_only
        )
        return replace(ir.RequestBody(wire_media, typ, required, True, doc, alternatives), **encoding), params
    body_param = ir.Parameter("request", argument or "request", "body", typ.inner if isinstance(typ, ir.Nullable) else typ, required, isinstance(typ, ir.Nullable), doc)
    return replace(ir.RequestBody(wire_media, typ, required, False, doc, alternatives), **encoding), (body_param,)


def _alternatives(content: Dict[str, Any], media: str) -> Tuple[str, ...]:
    """The other media types a call may choose for the same body: those encoded from the
    same schema (JSON, form, multipart) beside a model body, the other raw ones beside a raw one."""
    raw = _is_raw(media) and not _is_text(media)
    schema = as_dict(content[media]).get("schema")
    found = []
    for other in content:
        if other == media or _is_raw(other) != _is_raw(media):
            continue
        if raw and not _is_text(other):
            found.append(other)
        elif not raw and not _is_raw(other) and as_dict(content[other]).get("schema") == schema:
            found.append(other)
    return tuple(found)


def _encoding(types: TypeBuilder, loc: Located, media: str) -> Dict[str, Any]:
    """The media type's `encoding`: form fields' styles, multipart file parts' types."""
    encoding = as_dict(as_dict(loc.node).get("encoding"))
    styles, part_types = [], []
    for name, spec in encoding.items():
        spec = as_dict(spec)
        if media == "application/x-www-form-urlencoded":
            style = spec.get("style", "form")
            if style not in ("form", "spaceDelimited", "pipeDelimited", "deepObject"):
                types.warn(loc.child("encoding", name, "style"), f"style {style!r} is not defined for form fields: sent as form")
                style = "form"
            explode = spec.get("explode", style == "form")
            allow_reserved = spec.get("allowReserved") is True
            if style != "form" or explode is not True or allow_reserved:
                styles.append((str(name), str(style), bool(explode), allow_reserved))
        elif media == "multipart/form-data" and isinstance(spec.get("contentType"), str):
            part_types.append((str(name), spec["contentType"].split(",")[0].strip()))
    return {"form_styles": tuple(styles), "part_types": tuple(part_types)}


def _speakeasy_argument(types: TypeBuilder, resolver: Resolver, op: Located, schema_loc: Located, is_model: bool, required: bool, params: int) -> Optional[str]:
    """Speakeasy's choice between flattening the body and one argument (speakeasy.body_argument)."""
    raw = schema_loc.node if isinstance(schema_loc.node, dict) else {}
    component = str(raw["$ref"]).rsplit("/", 1)[-1] if isinstance(raw.get("$ref"), str) else None
    schema = resolver.deref(schema_loc).node if raw else {}
    union = isinstance(schema, dict) and ("oneOf" in schema or "anyOf" in schema)
    max_params = speakeasy.max_method_params(op.node)
    argument = speakeasy.body_argument(is_model and not union, required, params, component, max_params)
    if params and speakeasy.exceeds(params, max_params):
        types.warn(op.child("x-speakeasy-max-method-params"), f"{params + 1} arguments exceed x-speakeasy-max-method-params ({max_params}): the body is one argument, {argument!r}, and the parameters stay keyword arguments (Speakeasy would take them in one request object too)")
    return argument


def _pick_media_type(content: Dict[str, Any]) -> Optional[str]:
    """JSON first, then form encodings, then raw binary and text; else the first declared."""
    for media in content:
        if is_json(media):
            return media
    for preferred in _PREFERRED:
        if preferred in content:
            return preferred
    return next(iter(content), None)


_ENCODED = ("multipart/form-data", "application/x-www-form-urlencoded")
_TEXT_MEDIA = ("application/xml", "application/yaml", "application/x-yaml", "application/javascript", "application/sql")


def _is_raw(media: str) -> bool:
    """A body sent as it is given (bytes, str or a file), not encoded from a model."""
    bare = media.split(";")[0].strip().lower()
    return not is_json(bare) and bare not in _ENCODED


def _is_text(media: str) -> bool:
    bare = media.split(";")[0].strip().lower()
    return bare.startswith("text/") or bare in _TEXT_MEDIA or bare.endswith("+xml")


def _sendable(media: str) -> str:
    """The Content-Type to send: a wildcard range (`*/*`, `image/*`) names no type, so a raw body goes as octet-stream."""
    return "application/octet-stream" if "*" in media.split(";")[0] else media

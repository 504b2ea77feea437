"""Responses of an operation -> its success `ir.Response`, its stream and its error classes."""

from __future__ import annotations

from http import HTTPStatus
from typing import Dict, Optional, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import SSE, as_dict, is_json, media_doc
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

_ERROR_NAMES = {
    400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError",
    404: "NotFoundError", 409: "ConflictError", 422: "UnprocessableEntityError",
    429: "RateLimitError", 500: "InternalServerError", 503: "ServiceUnavailableError",
}
_DEFAULT_SENTINEL = "[DONE]"
_EVENT_FIELDS = frozenset(("event", "data", "id", "retry"))


def success_response(types: TypeBuilder, resolver: Resolver, op: Located, hint: str) -> Tuple[Optional[ir.Response], Optional[ir.StreamInfo]]:
    """The first 2xx response: its JSON (or other) body, and its event stream if it has one."""
    responses = op.node.get("responses") or {}
    success = sorted((str(code) for code in responses if str(code).startswith("2")), key=lambda c: c.replace("X", "9"))
    if not success:
        return None, None
    status = success[0]
    loc = resolver.deref(op.child("responses", status if status in responses else int(status)))
    content = loc.node.get("content") or {}
    json_media = next((m for m in content if is_json(m)), None)
    doc = media_doc(loc.node, content.get(json_media) if json_media else None)
    stream = None
    if SSE in content:
        media = loc.child("content", SSE)
        has_schema = "schema" in (media.node or {})
        event = types.type_of(media.child("schema"), hint + "StreamEvent") if has_schema else ir.AnyType()
        schema = as_dict(resolver.deref(media.child("schema")).node) if has_schema else {}
        sentinel = (media.node or {}).get("x-speakeasy-sse-sentinel") or schema.get("x-speakeasy-sse-sentinel")
        stream = ir.StreamInfo(event, str(sentinel or _DEFAULT_SENTINEL), "stream" if json_media else None, media_doc(loc.node, media.node), is_envelope(schema))
    if json_media is not None:
        schema_loc = loc.child("content", json_media, "schema") if "schema" in (content[json_media] or {}) else None
        typ = types.type_of(schema_loc, hint + "ResponseBody") if schema_loc else ir.AnyType()
        return ir.Response(status, json_media, typ, doc), stream
    other = next((m for m in content if m != SSE), None)
    if other is not None:
        return ir.Response(status, other, ir.Primitive("bytes"), doc), stream
    return (None if stream else ir.Response(status, None, None, doc)), stream


def is_envelope(schema: Dict[str, object]) -> bool:
    """Whether an event schema is Speakeasy's envelope: an object whose properties are among
    an SSE event's fields (event, data, id, retry), `data` one of them, holding the payload."""
    properties = schema.get("properties")
    return isinstance(properties, dict) and "data" in properties and set(properties) <= _EVENT_FIELDS


class ErrorClasses:
    """One error class per declared status, shared across operations."""

    def __init__(self, types: TypeBuilder, resolver: Resolver) -> None:
        self.types = types
        self.resolver = resolver
        self._by_status: Dict[str, Tuple[str, Optional[ir.TypeRef]]] = {}

    def of_operation(self, op: Located, hint: str) -> Tuple[ir.ErrorResponse, ...]:
        found = []
        responses = op.node.get("responses") or {}
        for code in responses:
            status = str(code)
            if status.startswith(("1", "2", "3")):
                continue
            loc = self.resolver.deref(op.child("responses", code))
            content = loc.node.get("content") or {}
            json_media = next((m for m in content if is_json(m)), None)
            typ = None
            if json_media and "schema" in (content[json_media] or {}):
                typ = self.types.type_of(loc.child("content", json_media, "schema"), f"{hint}{naming.pascal(status)}Error")
            class_name = self._class(status, typ)
            found.append(ir.ErrorResponse(status, class_name, typ, json_media or "*/*", ir.Doc(description=str(loc.node.get("description") or ""))))
        return tuple(found)

    def _class(self, status: str, typ: Optional[ir.TypeRef]) -> str:
        if not status.isdigit():
            return "APIError"
        if status not in self._by_status:
            name = _ERROR_NAMES.get(int(status)) or _status_class_name(int(status))
            self._by_status[status] = (name, typ)
        return self._by_status[status][0]


def _status_class_name(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"Status{status}Error"
    name = naming.class_name(phrase)
    return name if name.endswith("Error") else name + "Error"

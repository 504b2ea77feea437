"""Responses of an operation -> its successful `ir.Response`s, its stream, its Accept
headers and its error classes."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Dict, List, Optional, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import SSE, as_dict, is_json, media_doc
from openapi_sdkgen.model.schemas import doc_of
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

_ERROR_NAMES = {
    400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError",
    404: "NotFoundError", 409: "ConflictError", 422: "UnprocessableEntityError",
    429: "RateLimitError", 500: "InternalServerError", 503: "ServiceUnavailableError",
}
_DEFAULT_SENTINEL = "[DONE]"
_EVENT_FIELDS = frozenset(("event", "data", "id", "retry"))


@dataclass(frozen=True)
class Outcomes:
    """What an operation answers on success."""

    responses: Tuple[ir.Response, ...]  # one per status, the event stream aside
    stream: Optional[ir.StreamInfo]
    media_types: Tuple[str, ...]  # every success media type, as declared, the event stream last
    headers_type: Optional[ir.TypeRef] = None  # the model of the declared response headers


class SuccessResponses:
    """Every declared 2xx status (and `2XX`; `default` when no 2xx is declared) is one
    outcome: a JSON body of its schema, a body handed over as a stream (binary and text
    media types, and JSON declared as a bare string, which real specs use for file
    downloads), or none. `text/event-stream` becomes the operation's `StreamInfo`."""

    def __init__(self, types: TypeBuilder, resolver: Resolver) -> None:
        self.types = types
        self.resolver = resolver

    def of_operation(self, op: Located, hint: str) -> Outcomes:
        codes = {str(code): code for code in as_dict(op.node.get("responses"))}
        success = sorted((c for c in codes if c.startswith("2")), key=lambda c: c.replace("X", "9"))
        if not success and "default" in codes:
            success = ["default"]
        responses: List[ir.Response] = []
        stream: Optional[ir.StreamInfo] = None
        media_types: List[str] = []
        for status in success:
            loc = self.resolver.deref(op.child("responses", codes[status]))
            if not isinstance(loc.node, dict):
                continue
            content = as_dict(loc.node.get("content"))
            media_types += [m for m in content if m != SSE and m not in media_types]
            if SSE in content and stream is None:
                stream = self._stream(loc, hint, has_other=len(content) > 1)
            response = self._response(status, loc, hint, several=len(success) > 1)
            if response is not None:
                responses.append(response)
        if stream is not None:
            media_types.append(SSE)
        headers_type = self._headers_model(op, codes, responses, hint)
        return Outcomes(tuple(responses), stream, tuple(media_types), headers_type)

    def _headers_model(self, op: Located, codes: Dict[str, Any], responses: List[ir.Response], hint: str) -> Optional[ir.TypeRef]:
        """One model of the headers the successful responses declare (names as httpx gives
        them, lower case); a header is required when every response requires it."""
        declaring = [r for r in responses if r.headers]
        if not declaring:
            return None
        properties: Dict[str, Any] = {}
        required: Dict[str, bool] = {}
        for response in declaring:
            loc = self.resolver.deref(op.child("responses", codes[response.status]))
            for header in response.headers:
                node = self.resolver.deref(loc.child("headers", header.wire_name)).node
                name = header.wire_name.lower()
                schema = dict(as_dict(node.get("schema")) or {"type": "string"})
                if node.get("description") and "description" not in schema:
                    schema["description"] = node["description"]
                properties.setdefault(name, schema)
                required[name] = required.get(name, True) and header.required
        for response in responses:  # a response without a header does not send it
            for name in required:
                if not any(h.wire_name.lower() == name for h in response.headers):
                    required[name] = False
        first = self.resolver.deref(op.child("responses", codes[declaring[0].status]))
        node = {"type": "object", "properties": properties, "required": [n for n, r in required.items() if r]}
        return self.types.type_of(Located(node, first.file, first.path + ("headers",)), hint + "ResponseHeaders")

    def _response(self, status: str, loc: Located, hint: str, several: bool) -> Optional[ir.Response]:
        content = as_dict(loc.node.get("content"))
        headers = self._headers(loc, hint)
        others = [m for m in content if m != SSE]
        if not others:
            if content:  # only an event stream
                return None
            return ir.Response(status, None, None, ir.Doc(description=str(loc.node.get("description") or "")), headers)
        name = hint + ("ResponseBody" if not several or status == "200" else naming.pascal(status) + "ResponseBody")
        json_media = [m for m in others if is_json(m) and not self._is_string(loc, m)]
        streamed = [m for m in others if m not in json_media]
        if json_media:
            media = json_media[0]
            if streamed:
                self.types.warn(loc.child("content"), f"{', '.join(streamed)} answers are read as {media}: the method returns its JSON body")
            has_schema = "schema" in as_dict(content[media])
            typ = self.types.type_of(loc.child("content", media, "schema"), name) if has_schema else ir.AnyType()
            return ir.Response(status, media, typ, media_doc(loc.node, content[media]), headers)
        media = streamed[0]
        return ir.Response(status, media, ir.Primitive("bytes"), media_doc(loc.node, content[media]), headers)

    def _is_string(self, loc: Located, media: str) -> bool:
        """JSON declared as a bare string: a download in practice (a file's content)."""
        if "schema" not in as_dict(as_dict(loc.node.get("content")).get(media)):
            return False
        schema = self.resolver.deref(loc.child("content", media, "schema")).node
        return isinstance(schema, dict) and schema.get("type") == "string" and not ({"enum", "const", "pattern"} & set(schema))

    def _stream(self, loc: Located, hint: str, has_other: bool) -> ir.StreamInfo:
        media = loc.child("content", SSE)
        node = as_dict(media.node)
        has_schema = "schema" in node
        event = self.types.type_of(media.child("schema"), hint + "StreamEvent") if has_schema else ir.AnyType()
        schema = as_dict(self.resolver.deref(media.child("schema")).node) if has_schema else {}
        sentinel = node.get("x-speakeasy-sse-sentinel") or schema.get("x-speakeasy-sse-sentinel")
        return ir.StreamInfo(event, str(sentinel or _DEFAULT_SENTINEL), "stream" if has_other else None, media_doc(loc.node, node), is_envelope(schema))

    def _headers(self, loc: Located, hint: str) -> Tuple[ir.ResponseHeader, ...]:
        found: List[ir.ResponseHeader] = []
        registry = naming.Registry()
        for wire in as_dict(loc.node.get("headers")):
            if str(wire).lower() == "content-type":  # OpenAPI: ignored when declared
                continue
            header = self.resolver.deref(loc.child("headers", wire))
            if not isinstance(header.node, dict):
                continue
            if "schema" in header.node:
                typ = self.types.type_of(header.child("schema"), hint + naming.pascal(str(wire)) + "Header")
            else:
                typ = ir.Primitive("str")
            py_name = registry.claim(naming.parameter_name(str(wire)))
            inner = typ.inner if isinstance(typ, ir.Nullable) else typ
            found.append(ir.ResponseHeader(str(wire), py_name, inner, bool(header.node.get("required")), doc_of(header.node)))
        return tuple(found)


def accept_headers(media_types: Tuple[str, ...], streams_on_request: bool) -> Tuple[str, str]:
    """(Accept, Accept of a call that asks for events), as Speakeasy sends them.

    `media_types`: what the successes declare, or what the errors declare when the
    successes have no body (orq-ai-sdk: a 204 with JSON errors takes `application/json`).
    One media type: that type; several: q-weighted in declared order (an event stream
    last, at q=0), e.g. `application/json;q=1, text/event-stream;q=0`; none: `*/*`. A call
    that asks for events (`stream=True`) puts the event stream first.
    """
    if not media_types:
        return "*/*", SSE
    accept = _weighted(media_types)
    if not streams_on_request or SSE not in media_types:
        return accept, SSE
    return accept, _weighted((SSE,) + tuple(m for m in media_types if m != SSE))


def _weighted(media_types: Tuple[str, ...]) -> str:
    if len(media_types) == 1:
        return media_types[0]
    last = len(media_types) - 1
    return ", ".join(f"{m};q={_q(1 - i / last)}" for i, m in enumerate(media_types))


def _q(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


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

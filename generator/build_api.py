"""OpenAPI document -> `ir.Api`: operations, their grouping into resources, and names.

Grouping follows DESIGN section 4: `x-speakeasy-group` / `x-speakeasy-name-override`
first, else the URL path and the HTTP verb. Nothing is dropped silently: an operation
that cannot be generated is an error; an ignored one is reported as a warning.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace
from http import HTTPStatus
from typing import Any, Dict, FrozenSet, List, Optional, Tuple, TypeVar

from . import ir, naming
from .build_types import TypeBuilder, doc_of
from .diagnostics import Diagnostic, GeneratorError
from .fold import fold_identical
from .resolve import Located, Resolver

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$")
_ERROR_NAMES = {
    400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError",
    404: "NotFoundError", 409: "ConflictError", 422: "UnprocessableEntityError",
    429: "RateLimitError", 500: "InternalServerError", 503: "ServiceUnavailableError",
}
_JSON = re.compile(r"^application/(.+\+)?json$")
_SSE = "text/event-stream"
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an HTTP token (RFC 9110)
_DEFAULT_SENTINEL = "[DONE]"


def build_api(resolver: Resolver, config: ir.SdkConfig) -> Tuple[ir.Api, List[Diagnostic]]:
    builder = _ApiBuilder(resolver, config)
    api = builder.build()
    errors = [d for d in builder.diagnostics if d.severity == "error"]
    if errors:
        raise GeneratorError(errors)
    return api, builder.diagnostics


class _ApiBuilder:
    def __init__(self, resolver: Resolver, config: ir.SdkConfig) -> None:
        self.resolver = resolver
        self.config = config
        self.data: Dict[str, Any] = resolver.root.data
        reserved = set(naming.SDK_RESERVED_CLASSES) | {config.sdk_class}
        self.types = TypeBuilder(resolver, naming.Registry(reserved))
        self.error_classes: Dict[str, Tuple[str, Optional[ir.TypeRef]]] = {}
        self.operation_ids = naming.Registry()

    @property
    def diagnostics(self) -> List[Diagnostic]:
        return self.types.diagnostics

    def build(self) -> ir.Api:
        root = self.resolver.root_node()
        self.types.claim_component_names(((self.data.get("components") or {}).get("schemas")) or {})
        operations = self._operations(root)
        self._components(root)
        self.types.untangle_alias_cycles()
        definitions, operations = fold_identical(self.types.definitions, operations, self.types.component_names)
        info = self.data.get("info") or {}
        return ir.Api(
            title=str(info.get("title") or self.config.sdk_class),
            version=str(info.get("version") or ""),
            doc=ir.Doc(summary=str(info.get("title") or ""), description=str(info.get("description") or "")),
            server_url=self._server_url(),
            security=self._security(),
            definitions=tuple(definitions[name] for name in sorted(definitions)),
            root=build_resources(operations, self.config.sdk_class),
            config=self.config,
            retries=self._retries(self.resolver.root_node()),
            timeout_ms=_int_or_none(self.data.get("x-speakeasy-timeout")),
            warnings=tuple(str(d) for d in self.diagnostics if d.severity == "warning"),
        )

    def _components(self, root: Located) -> None:
        """Every component schema becomes a type, used by an operation or not."""
        schemas = ((self.data.get("components") or {}).get("schemas")) or {}
        for key in schemas:
            self.types.type_of(Located({"$ref": "#/components/schemas/" + _escape(key)}, root.file, ("components", "schemas", key)), key)

    # --- operations ----------------------------------------------------------------

    def _operations(self, root: Located) -> List[ir.Operation]:
        found: List[ir.Operation] = []
        paths = self.data.get("paths") or {}
        self._action_paths = _action_paths(paths)
        for path in paths:
            if _has_control(str(path)):
                self.types.fail(root.child("paths", path), "a path must not contain control characters or line breaks")
                continue
            item = self.resolver.deref(root.child("paths", path))
            if not isinstance(item.node, dict):
                continue
            for method in _METHODS:
                if method in item.node:
                    op = self._operation(item, path, method)
                    if op is not None:
                        found.append(op)
        return found

    def _operation(self, item: Located, path: str, method: str) -> Optional[ir.Operation]:
        loc = item.child(method)
        node = loc.node
        if not isinstance(node, dict):
            self.types.fail(loc, "an operation must be an object")
            return None
        if node.get("x-speakeasy-ignore") is True:
            self.types.warn(loc, "skipped: x-speakeasy-ignore is true")
            return None
        raw_id = node.get("operationId") or f"{method}_{path}"
        operation_id = str(raw_id)
        if self.operation_ids.taken(operation_id):
            self.types.fail(loc, f"duplicate operationId {operation_id!r}")
            return None
        self.operation_ids.claim(operation_id)
        hint = naming.class_name(operation_id)
        params = self._parameters(item, loc, hint)
        body, body_params = self._request_body(loc, hint)
        response, stream = self._responses(loc, hint)
        group, name = _group_and_name(node, path, method, self._action_paths)
        params = _unique_params(params + body_params)
        if stream is not None and stream.switch is not None:
            switch = next((p.py_name for p in params if p.location == "body" and p.wire_name == stream.switch), None)
            stream = replace(stream, switch=switch)
        return ir.Operation(
            operation_id=operation_id,
            py_name=name,
            group=group,
            method=method.upper(),
            path=path,
            params=params,
            body=body,
            response=response,
            stream=stream,
            errors=self._errors(loc, hint),
            doc=ir.Doc(summary=str(node.get("summary") or ""), description=str(node.get("description") or ""), deprecated=bool(node.get("deprecated"))),
            pointer=loc.pointer,
            retries=self._retries(loc),
            timeout_ms=_int_or_none(node.get("x-speakeasy-timeout")),
            secured=node.get("security", self.data.get("security")) not in ([], None) or False,
        )

    def _parameters(self, item: Located, op: Located, hint: str) -> Tuple[ir.Parameter, ...]:
        merged: Dict[Tuple[str, str], ir.Parameter] = {}
        for owner in (item, op):
            for i in range(len(owner.node.get("parameters") or ())):
                param_loc = self.resolver.deref(owner.child("parameters", i))
                param = self._parameter(param_loc, hint)
                if param is not None:
                    merged[(param.wire_name, param.location)] = param
        return tuple(merged.values())

    def _parameter(self, loc: Located, hint: str) -> Optional[ir.Parameter]:
        node = loc.node
        if not isinstance(node, dict) or "name" not in node or "in" not in node:
            self.types.fail(loc, "a parameter needs 'name' and 'in'")
            return None
        wire, where = str(node["name"]), str(node["in"])
        if where == "cookie":
            self.types.warn(loc, f"cookie parameter {wire!r} is not supported: send it with http_headers")
            return None
        if where == "header" and not _HEADER_NAME.match(wire):
            self.types.fail(loc.child("name"), f"{wire!r} is not a valid HTTP header name")
            return None
        schema_loc = loc.child("schema") if "schema" in node else Located({}, loc.file, loc.path + ("schema",))
        typ = self.types.type_of(schema_loc, hint + naming.pascal(wire))
        nullable = isinstance(typ, ir.Nullable)
        schema = self.resolver.deref(schema_loc).node if "schema" in node else {}
        doc = doc_of({**(schema if isinstance(schema, dict) else {}), **node})
        return ir.Parameter(
            wire, naming.parameter_name(wire), where, typ.inner if isinstance(typ, ir.Nullable) else typ,
            bool(node.get("required")) or where == "path", nullable, doc,
            schema.get("default") if isinstance(schema, dict) else None, isinstance(schema, dict) and "default" in schema,
        )

    def _request_body(self, op: Located, hint: str) -> Tuple[Optional[ir.RequestBody], Tuple[ir.Parameter, ...]]:
        if "requestBody" not in op.node:
            return None, ()
        loc = self.resolver.deref(op.child("requestBody"))
        content = loc.node.get("content") or {}
        media = _pick_media_type(content)
        if media is None:
            self.types.fail(loc, f"no supported request content type among {sorted(content)}")
            return None, ()
        schema_loc = loc.child("content", media, "schema") if "schema" in (content[media] or {}) else Located({}, loc.file, loc.path)
        typ = self.types.type_of(schema_loc, hint + "RequestBody", multipart=media == "multipart/form-data", field_base=hint)
        required = bool(loc.node.get("required"))
        model = self.types.definitions.get(typ.name) if isinstance(typ, ir.Ref) else None
        doc = _media_doc(loc.node, content[media])
        if isinstance(model, ir.Model):
            params = tuple(
                ir.Parameter(f.wire_name, naming.parameter_name(f.wire_name), "body", f.type, f.required, f.nullable, f.doc, f.default, f.has_default)
                for f in model.fields if not f.read_only
            )
            return ir.RequestBody(media, typ, required, True, doc), params
        body_param = ir.Parameter("request", "request", "body", typ.inner if isinstance(typ, ir.Nullable) else typ, required, isinstance(typ, ir.Nullable), doc)
        return ir.RequestBody(media, typ, required, False, doc), (body_param,)

    def _responses(self, op: Located, hint: str) -> Tuple[Optional[ir.Response], Optional[ir.StreamInfo]]:
        responses = op.node.get("responses") or {}
        success = sorted((str(code) for code in responses if str(code).startswith("2")), key=lambda c: c.replace("X", "9"))
        if not success:
            return None, None
        status = success[0]
        loc = self.resolver.deref(op.child("responses", status if status in responses else int(status)))
        content = loc.node.get("content") or {}
        json_media = next((m for m in content if _JSON.match(m.split(";")[0].strip())), None)
        doc = _media_doc(loc.node, content.get(json_media) if json_media else None)
        stream = None
        if _SSE in content:
            media = loc.child("content", _SSE)
            event = self.types.type_of(media.child("schema"), hint + "StreamEvent") if "schema" in (media.node or {}) else ir.AnyType()
            sentinel = (media.node or {}).get("x-speakeasy-sse-sentinel") or _as_dict((media.node or {}).get("schema")).get("x-speakeasy-sse-sentinel")
            stream = ir.StreamInfo(event, str(sentinel or _DEFAULT_SENTINEL), "stream" if json_media else None, _media_doc(loc.node, media.node))
        if json_media is not None:
            schema_loc = loc.child("content", json_media, "schema") if "schema" in (content[json_media] or {}) else None
            typ = self.types.type_of(schema_loc, hint + "ResponseBody") if schema_loc else ir.AnyType()
            return ir.Response(status, json_media, typ, doc), stream
        other = next((m for m in content if m != _SSE), None)
        if other is not None:
            return ir.Response(status, other, ir.Primitive("bytes"), doc), stream
        return (None if stream else ir.Response(status, None, None, doc)), stream

    def _errors(self, op: Located, hint: str) -> Tuple[ir.ErrorResponse, ...]:
        found = []
        responses = op.node.get("responses") or {}
        for code in responses:
            status = str(code)
            if status.startswith(("1", "2", "3")):
                continue
            loc = self.resolver.deref(op.child("responses", code))
            content = loc.node.get("content") or {}
            json_media = next((m for m in content if _JSON.match(m.split(";")[0].strip())), None)
            typ = None
            if json_media and "schema" in (content[json_media] or {}):
                typ = self.types.type_of(loc.child("content", json_media, "schema"), f"{hint}{naming.pascal(status)}Error")
            class_name = self._error_class(status, typ)
            found.append(ir.ErrorResponse(status, class_name, typ, json_media or "*/*", ir.Doc(description=str(loc.node.get("description") or ""))))
        return tuple(found)

    def _error_class(self, status: str, typ: Optional[ir.TypeRef]) -> str:
        """One class per declared status, shared across operations."""
        if not status.isdigit():
            return "APIError"
        if status not in self.error_classes:
            name = _ERROR_NAMES.get(int(status)) or _status_class_name(int(status))
            self.error_classes[status] = (name, typ)
        return self.error_classes[status][0]

    # --- api-level -----------------------------------------------------------------

    def _server_url(self) -> str:
        servers = self.data.get("servers") or [{}]
        url = str((servers[0] or {}).get("url") or "http://localhost")
        variables = (servers[0] or {}).get("variables") or {}
        for name, spec in variables.items():
            url = url.replace("{" + str(name) + "}", str((spec or {}).get("default", "")))
        if _has_control(url) or any(ch.isspace() for ch in url):
            self.types.fail(self.resolver.root_node().child("servers", 0, "url"), "the server URL must not contain spaces, control characters or line breaks")
        return url.rstrip("/")

    def _retries(self, owner: Located) -> Optional[ir.RetryPolicy]:
        try:
            return _retry_policy(owner.node.get("x-speakeasy-retries"))
        except ValueError as exc:
            self.types.fail(owner.child("x-speakeasy-retries"), f"x-speakeasy-retries: {exc}")
            return None

    def _security(self) -> Optional[ir.Security]:
        """The first supported scheme, preferring those the spec requires."""
        schemes = ((self.data.get("components") or {}).get("securitySchemes")) or {}
        required = [name for entry in self.data.get("security") or [] for name in (entry or {})]
        for name in dict.fromkeys(required + list(schemes)):
            loc = Located(schemes.get(name), str(self.resolver.root.path), ("components", "securitySchemes", name))
            found = _security_of(str(name), self.resolver.deref(loc).node)
            if found is not None and not _HEADER_NAME.match(found.header_name):
                self.types.fail(self.resolver.deref(loc).child("name"), f"{found.header_name!r} is not a valid HTTP header name")
                return None
            if found is not None:
                return found
        if schemes:
            self.types.warn(self.resolver.root_node().child("components", "securitySchemes"), "no supported security scheme (http bearer, or apiKey in a header): pass credentials with http_headers")
        return None


def _security_of(name: str, scheme: Any) -> Optional[ir.Security]:
    if not isinstance(scheme, dict):
        return None
    doc = ir.Doc(description=str(scheme.get("description") or ""))
    if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return ir.Security("bearer", "Authorization", name, "Bearer ", doc)
    if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
        return ir.Security("header", str(scheme.get("name") or "Authorization"), name, "", doc)
    return None


# --- grouping ----------------------------------------------------------------------


def _action_paths(paths: Dict[str, Any]) -> FrozenSet[str]:
    """Paths like `/batches/{id}/cancel`: a POST-only literal leaf after a parameter.

    These become methods of the parent resource (`client.batches.cancel(id)`), not a
    sub-resource with a `create` method. A literal leaf that other paths extend, or
    that has other methods, is a collection (`/threads/{id}/messages`).
    """
    found = set()
    for path, item in paths.items():
        segments = [s for s in path.split("/") if s]
        if len(segments) < 2 or segments[-1].startswith("{") or not segments[-2].startswith("{"):
            continue
        methods = [m for m in _METHODS if isinstance(item, dict) and m in item]
        extended = any(other != path and other.startswith(path + "/") for other in paths)
        if methods == ["post"] and not extended:
            found.add(path)
    return frozenset(found)


def _group_and_name(node: Dict[str, Any], path: str, method: str, actions: FrozenSet[str]) -> Tuple[Tuple[str, ...], str]:
    group_ext = node.get("x-speakeasy-group")
    name_ext = node.get("x-speakeasy-name-override")
    segments = [s for s in path.split("/") if s]
    literal = [s for s in segments if not s.startswith("{") and not _VERSION_SEGMENT.match(s)]
    action = path in actions and bool(literal)
    if isinstance(group_ext, str) and group_ext.strip():
        group = tuple(naming.method_name(g) for g in group_ext.split(".") if g.strip())
    else:
        group = tuple(naming.method_name(s) for s in (literal[:-1] if action else literal))
    if isinstance(name_ext, str) and name_ext.strip():
        return group, naming.method_name(name_ext)
    if action and not (isinstance(group_ext, str) and group_ext.strip()):
        return group, naming.method_name(literal[-1])
    item = bool(segments) and segments[-1].startswith("{")
    verb = {"get": "retrieve" if item else "list", "post": "update" if item else "create", "put": "update", "patch": "update", "delete": "delete"}
    return group, naming.method_name(verb.get(method, method))


def build_resources(operations: List[ir.Operation], sdk_class: str) -> ir.Resource:
    """The resource tree; class names unique (a collision takes its parents' names)."""
    tree: Dict[Tuple[str, ...], List[ir.Operation]] = {(): []}
    for op in operations:
        for depth in range(len(op.group) + 1):
            tree.setdefault(op.group[:depth], [])
        tree[op.group].append(op)
    classes = naming.Registry(naming.RESOURCE_RESERVED_CLASSES | {sdk_class})
    modules = naming.Registry(["__init__", "utils", "models", "errors", "sdk"])
    names = {}
    for group in sorted((g for g in tree if g), key=lambda g: (len(g), g)):
        names[group] = (_claim_class(classes, group), modules.claim(naming.module_name("_".join(group))))
    tree = {group: [_with_params_class(op, classes) for op in ops] for group, ops in tree.items()}
    return _resource((), tree, names, sdk_class)


def _with_params_class(op: ir.Operation, classes: naming.Registry) -> ir.Operation:
    """A method overloaded on its stream switch takes its other arguments through a TypedDict,
    named after the operation and defined in its resource's module (unique among the classes)."""
    if op.stream is None or not op.stream.switch:
        return op
    return replace(op, params_class=classes.claim(naming.class_name(op.operation_id + "_params")))


def _claim_class(classes: naming.Registry, group: Tuple[str, ...]) -> str:
    for depth in range(1, len(group) + 1):
        candidate = naming.class_name("_".join(group[-depth:]))
        if not classes.taken(candidate):
            return classes.claim(candidate)
    return classes.claim(naming.class_name("_".join(group)))


def _resource(group: Tuple[str, ...], tree: Dict[Tuple[str, ...], List[ir.Operation]], names: Dict[Tuple[str, ...], Tuple[str, str]], sdk_class: str) -> ir.Resource:
    children = tuple(_resource(g, tree, names, sdk_class) for g in tree if len(g) == len(group) + 1 and g[: len(group)] == group)
    taken = naming.Registry({c.attr_name for c in children})
    ops = []
    for op in tree[group]:
        name = op.py_name if not taken.taken(op.py_name) else naming.method_name(op.operation_id)
        ops.append(_renamed(op, taken.claim(name)))
    class_name, module = names.get(group, (sdk_class, "sdk"))
    return ir.Resource(group, group[-1] if group else "", class_name, module, tuple(ops), children)


_Named = TypeVar("_Named", ir.Operation, ir.Parameter)


def _renamed(item: _Named, name: str) -> _Named:
    return item if item.py_name == name else replace(item, py_name=name)


# --- small helpers -------------------------------------------------------------------


def _unique_params(params: Tuple[ir.Parameter, ...]) -> Tuple[ir.Parameter, ...]:
    registry = naming.Registry()
    return tuple(_renamed(p, registry.claim(p.py_name)) for p in params)


def _pick_media_type(content: Dict[str, Any]) -> Optional[str]:
    for media in content:
        if _JSON.match(media.split(";")[0].strip()):
            return media
    for preferred in ("multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "text/plain"):
        if preferred in content:
            return preferred
    return None


def _media_doc(owner: Dict[str, Any], media: Any) -> ir.Doc:
    """Description of a request body or response, with its media type's example."""
    media = _as_dict(media)
    example, has_example = media.get("example"), "example" in media
    examples = media.get("examples")
    if not has_example and isinstance(examples, dict) and examples:
        first = _as_dict(next(iter(examples.values())))
        example, has_example = first.get("value"), "value" in first
    return ir.Doc(description=str(owner.get("description") or ""), example=example, has_example=has_example)


def _status_class_name(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"Status{status}Error"
    name = naming.class_name(phrase)
    return name if name.endswith("Error") else name + "Error"


def _retry_policy(ext: Any) -> Optional[ir.RetryPolicy]:
    """The policy of an `x-speakeasy-retries` extension; ValueError says what is malformed."""
    if not isinstance(ext, dict) or ext.get("strategy") != "backoff":
        return None
    backoff = ext.get("backoff") or {}
    codes = ext.get("statusCodes") or ["429", "500", "502", "503", "504"]
    if not isinstance(backoff, dict) or not isinstance(codes, list):
        raise ValueError("backoff must be a mapping and statusCodes a list")
    return ir.RetryPolicy(
        initial_interval=int(_number(backoff, "initialInterval", 500)),
        max_interval=int(_number(backoff, "maxInterval", 60000)),
        exponent=_number(backoff, "exponent", 1.5),
        max_elapsed_time=int(_number(backoff, "maxElapsedTime", 3600000)),
        status_codes=tuple(str(c) for c in codes),
        retry_connection_errors=bool(ext.get("retryConnectionErrors", True)),
    )


def _number(mapping: Dict[str, Any], key: str, default: float) -> float:
    value = mapping.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ValueError(f"backoff.{key} must be a non-negative number, not {value!r}")
    return float(value)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _int_or_none(value: Any) -> Optional[int]:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


def _as_dict(node: Any) -> Dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


"""Validation of requests and responses against the OpenAPI document.

openapi-core validates the operation, parameters, security and JSON bodies through a
small httpx adapter (its request/response protocols). Two things it cannot do on 3.1 are
done here with openapi-schema-validator, the engine openapi-core itself uses:

- multipart/form-data bodies: openapi-core 0.23 fails on 3.1 type lists
  (`type: [integer, "null"]`) in part schemas and never casts text parts. Parts are
  decoded here as the spec's `encoding` says (JSON parts parsed, text parts cast to
  the property's type, repeated parts collected into arrays, binary parts kept as
  latin-1 text so any byte sequence is a string) and validated as one object.
- text/event-stream responses: each event's data is validated against the media
  type's schema; the `x-speakeasy-sse-sentinel` event is skipped.

A response whose status the operation does not declare (no code, range or `default`
entry) cannot be checked; for an error status that is recorded as unchecked, for a
success status it is a violation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

import httpx
import yaml
from jsonschema.exceptions import ValidationError
from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_core.validation.request.validators import (
    V31RequestBodyValidator,
    V31RequestParametersValidator,
    V31RequestSecurityValidator,
)
from openapi_core.validation.response.validators import V31ResponseValidator
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.datastructures import Headers, ImmutableMultiDict

from contract.wire import ObservedRequest, parse_multipart, parse_sse

SPEC = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
_SPEC_URI = "urn:contract:openapi"
_SSE = "text/event-stream"
_MULTIPART = "multipart/form-data"


# --- the httpx adapter: openapi-core's Request and Response protocols ---------------------


class OpenAPIRequest:
    """An httpx request as openapi-core reads it; `host_url` may stand in for the real host."""

    def __init__(self, request: ObservedRequest, host_url: Optional[str] = None) -> None:
        self._request = request
        self._host_url = host_url
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.query),
            header=Headers(list(request.headers.multi_items())),
            cookie=ImmutableMultiDict(_cookies(request.headers)),
        )

    @property
    def host_url(self) -> str:
        if self._host_url is not None:
            return self._host_url.rstrip("/")
        return f"{self._request.url.scheme}://{self._request.url.netloc.decode('ascii')}"

    @property
    def path(self) -> str:
        return self._request.path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> Optional[bytes]:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return str(self._request.headers.get("content-type", "")).lower()

    @property
    def full_url(self) -> str:
        return self.host_url + self.path


def _cookies(headers: httpx.Headers) -> List[Tuple[str, str]]:
    pairs = []
    for header in headers.get_list("cookie"):
        for item in header.split(";"):
            name, _, value = item.strip().partition("=")
            if name:
                pairs.append((name, value))
    return pairs


class OpenAPIResponse:
    def __init__(self, status_code: int, headers: httpx.Headers, data: bytes) -> None:
        self._status_code = status_code
        self._headers = headers
        self._data = data

    @property
    def status_code(self) -> int:
        return self._status_code

    @property
    def content_type(self) -> str:
        return str(self._headers.get("content-type", "")).lower()

    @property
    def headers(self) -> Headers:
        return Headers(list(self._headers.multi_items()))

    @property
    def data(self) -> Optional[bytes]:
        return self._data


# --- the validator ----------------------------------------------------------------------


@dataclass
class Report:
    """Problems found in one message; `unchecked` says why a part could not be validated."""

    problems: List[str] = field(default_factory=list)
    unchecked: List[str] = field(default_factory=list)


class SpecValidator:
    def __init__(self, spec_path: Path = SPEC) -> None:
        with spec_path.open(encoding="utf-8") as handle:
            self.document: Dict[str, Any] = yaml.safe_load(handle)
        self.spec = SchemaPath.from_dict(self.document)
        self.server_url = str(self.document.get("servers", [{"url": "/"}])[0]["url"]).rstrip("/")
        self._registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(self.document, default_specification=DRAFT202012)
        )

    # requests ---------------------------------------------------------------------------

    def check_request(self, observed: ObservedRequest, host_url: Optional[str] = None) -> Report:
        request = OpenAPIRequest(observed, host_url)
        report = Report()
        try:
            path, method = self.operation(request)
        except PathError as exc:
            report.problems.append(f"spec: no operation for {observed.method} {request.full_url}: {exc}")
            return report
        for validator in (V31RequestParametersValidator, V31RequestSecurityValidator):
            report.problems.extend(_openapi_core_errors(validator(self.spec).iter_errors(request), "request"))
        media_type = observed.media_type
        if media_type == _MULTIPART:
            report.problems.extend(self._multipart_errors(observed, path, method))
        else:
            report.problems.extend(
                _openapi_core_errors(V31RequestBodyValidator(self.spec).iter_errors(request), "request body")
            )
        return report

    def operation(self, request: OpenAPIRequest) -> Tuple[str, str]:
        """(path template, method) of the operation the request addresses."""
        found = APICallPathFinder(self.spec).find(request.method, request.full_url)
        return str(found.path.parts[-1]), request.method

    def _multipart_errors(self, observed: ObservedRequest, path: str, method: str) -> List[str]:
        pointer = ("paths", path, method, "requestBody", "content", _MULTIPART)
        media = self._node(pointer)
        if media is None:
            return [f"spec: {method.upper()} {path} takes no {_MULTIPART} body"]
        try:
            parts = parse_multipart(observed.headers.get("content-type", ""), observed.content)
        except ValueError as exc:
            return [f"spec: request body: {exc}"]
        schema = self._resolve(media.get("schema", {}))
        encoding = media.get("encoding", {})
        decoded, problems = _decode_form(parts, self._resolved_properties(schema), encoding)
        return problems + self.schema_errors(decoded, (*pointer, "schema"), "request body")

    def _resolved_properties(self, schema: Mapping[str, Any]) -> Dict[str, Mapping[str, Any]]:
        return {name: self._resolve(prop) for name, prop in schema.get("properties", {}).items()}

    # responses --------------------------------------------------------------------------

    def check_response(
        self,
        observed: ObservedRequest,
        status: int,
        headers: httpx.Headers,
        body: bytes,
        host_url: Optional[str] = None,
    ) -> Report:
        request = OpenAPIRequest(observed, host_url)
        report = Report()
        try:
            path, method = self.operation(request)
        except PathError as exc:
            report.problems.append(f"spec: no operation for {observed.method} {request.full_url}: {exc}")
            return report
        responses = self._node(("paths", path, method, "responses")) or {}
        key = next((k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None)
        if key is None:
            message = f"{method.upper()} {path} declares no response for status {status}"
            (report.unchecked if status >= 400 else report.problems).append(f"spec: {message}")
            return report
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == _SSE:
            report.problems.extend(
                self._sse_errors(body, ("paths", path, method, "responses", key, "content", _SSE))
            )
            return report
        response = OpenAPIResponse(status, headers, body)
        errors = V31ResponseValidator(self.spec).iter_errors(request, response)
        report.problems.extend(_openapi_core_errors(errors, "response"))
        return report

    def _sse_errors(self, body: bytes, pointer: Tuple[str, ...]) -> List[str]:
        media = self._node(pointer)
        if media is None:
            return [f"spec: {'/'.join(pointer[:-2])} declares no {_SSE} content"]
        sentinel = media.get("x-speakeasy-sse-sentinel")
        problems = []
        for index, (_, data) in enumerate(parse_sse(body)):
            if sentinel is not None and data == sentinel:
                continue
            problems.extend(self.event_errors(data, pointer, f"response event {index}"))
        return problems

    def event_errors(self, data: str, media_pointer: Tuple[str, ...], where: str) -> List[str]:
        """Problems of one SSE event's data against the media type's schema."""
        try:
            value = json.loads(data)
        except ValueError as exc:
            return [f"spec: {where}: data is not JSON ({exc}): {data[:80]!r}"]
        return self.schema_errors(value, (*media_pointer, "schema"), where)

    # schemas ----------------------------------------------------------------------------

    def schema_errors(self, value: Any, pointer: Iterable[str], where: str) -> List[str]:
        """Problems of `value` against the schema at `pointer` in the document ($refs resolved)."""
        ref = _SPEC_URI + "#/" + "/".join(_escape(str(token)) for token in pointer)
        validator = OAS31Validator(
            {"$ref": ref}, registry=self._registry, format_checker=OAS31Validator.FORMAT_CHECKER
        )
        return [
            f"spec: {where}{_location(error)}: {_message(error)}" for error in validator.iter_errors(value)
        ]

    def _node(self, pointer: Iterable[str]) -> Any:
        node: Any = self.document
        for token in pointer:
            if not isinstance(node, Mapping) or token not in node:
                return None
            node = self._resolve(node[token])
        return node

    def _resolve(self, node: Any) -> Any:
        while (
            isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")
        ):
            target: Any = self.document
            for token in node["$ref"][2:].split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _location(error: ValidationError) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def _message(error: ValidationError) -> str:
    if error.context:
        reasons = dict.fromkeys(sub.message for sub in error.context)
        return f"{error.message} ({'; '.join(reasons)})"
    return str(error.message)


def _openapi_core_errors(errors: Iterable[Exception], where: str) -> List[str]:
    """openapi-core errors as lines; schema errors (its cause) listed one by one with their path."""
    lines: List[str] = []
    for error in errors:
        cause = error.__cause__
        schema_errors = getattr(cause, "schema_errors", None)
        name, location = getattr(error, "name", None), getattr(error, "location", None)
        place = f"{where} {location} parameter {name}" if name and location else where
        if schema_errors:
            lines.extend(f"spec: {place}{_location(e)}: {_message(e)}" for e in schema_errors)
        else:
            detail = f" ({cause})" if cause is not None and str(cause) not in str(error) else ""
            lines.append(f"spec: {where}: {error}{detail}")
    return lines


# --- multipart decoding -------------------------------------------------------------------


def part_content_type(schema: Mapping[str, Any], encoding: Mapping[str, Any]) -> str:
    """The part's content type: the `encoding` entry, else the OpenAPI default for its schema."""
    if "contentType" in encoding:
        return str(encoding["contentType"]).split(",")[0].strip()
    types = _types(schema)
    if "contentMediaType" in schema or schema.get("format") == "binary" or "contentEncoding" in schema:
        return str(schema.get("contentMediaType", "application/octet-stream"))
    if "object" in types:
        return "application/json"
    if "array" in types and isinstance(schema.get("items"), Mapping):
        return part_content_type(schema["items"], {})
    return "text/plain"


def _types(schema: Mapping[str, Any]) -> List[str]:
    declared = schema.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)


def _decode_form(
    parts: Iterable[Any], properties: Mapping[str, Mapping[str, Any]], encodings: Mapping[str, Any]
) -> Tuple[Dict[str, Any], List[str]]:
    """The form as the data its schema describes, and the parts that could not be decoded."""
    values: Dict[str, List[Any]] = {}
    problems = []
    for part in parts:
        schema = properties.get(part.name, {})
        item_schema = schema.get("items", {}) if "array" in _types(schema) else schema
        content_type = part_content_type(schema, encodings.get(part.name, {}))
        try:
            value = _decode_part(part, item_schema, content_type)
        except ValueError as exc:
            problems.append(f"spec: request body.{part.name}: not {content_type}: {exc}")
            continue
        values.setdefault(part.name, []).append(value)
    decoded: Dict[str, Any] = {}
    for name, items in values.items():
        if "array" in _types(properties.get(name, {})):
            decoded[name] = items
        else:
            decoded[name] = items[0]
            if len(items) > 1:
                problems.append(
                    f"spec: request body.{name}: sent {len(items)} times, the schema allows one value"
                )
    return decoded, problems


def _decode_part(part: Any, schema: Mapping[str, Any], content_type: str) -> Any:
    raw = part.content if part.content is not None else part.value.encode("utf-8")
    if content_type == "application/json" or content_type.endswith("+json"):
        return json.loads(raw)
    if not content_type.startswith("text/") or (part.content is not None and not _is_utf8(raw)):
        return raw.decode("latin-1")  # binary: any byte sequence is a valid string
    return _cast(raw.decode("utf-8"), _types(schema))


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cast(text: str, types: List[str]) -> Any:
    """A form field's text as the scalar type its schema declares (text that does not parse stays text)."""
    if "integer" in types:
        try:
            return int(text)
        except ValueError:
            pass
    if "number" in types:
        try:
            return float(text)
        except ValueError:
            pass
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    return text

"""The recorded-exchange format: load and check a YAML file, build the SDK call, dump a new one.

The format is documented in tests/contract/README.md. Loading is strict: an unknown or
missing key is an error naming the file and the key's path, so a typo in a fixture
never silently weakens what it checks.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, IO, List, Mapping, Optional, Sequence, Tuple

import yaml

EXCHANGES = Path(__file__).resolve().parent / "exchanges"
API_KEY_PLACEHOLDER = "<API_KEY>"
FILE_MARKER = "$file"
FILE_SOURCES = ("bytes", "file")


class FormatError(ValueError):
    """A fixture that does not follow the documented format."""


@dataclass(frozen=True)
class Part:
    """One multipart/form-data part as the wire carries it."""

    name: str
    value: Any = None  # text of a field part, or data when `is_json`
    is_json: bool = False  # the text is JSON, compared as data
    filename: Optional[str] = None
    content_type: Optional[str] = None
    content: Optional[bytes] = None  # bytes of a file part


@dataclass(frozen=True)
class ExpectedRequest:
    method: str
    path: str
    query: Tuple[Tuple[str, str], ...] = ()
    headers: Mapping[str, Any] = field(default_factory=dict)  # str, or {pattern: regex}
    body_kind: str = "none"  # none | json | multipart | raw
    json: Any = None
    parts: Tuple[Part, ...] = ()
    raw: bytes = b""


@dataclass(frozen=True)
class SSEEvent:
    data: Any  # a str is sent as is, anything else as JSON
    event: Optional[str] = None
    id: Optional[str] = None

    def data_text(self) -> str:
        return self.data if isinstance(self.data, str) else json_text(self.data)

    def wire(self) -> bytes:
        lines = []
        if self.event is not None:
            lines.append(f"event: {self.event}")
        if self.id is not None:
            lines.append(f"id: {self.id}")
        lines.extend(f"data: {line}" for line in self.data_text().split("\n"))
        return ("\n".join(lines) + "\n\n").encode("utf-8")


@dataclass(frozen=True)
class RecordedResponse:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body_kind: str = "none"  # none | json | sse | text | raw
    json: Any = None
    events: Tuple[SSEEvent, ...] = ()
    raw: bytes = b""

    def body(self) -> bytes:
        """The whole body; an SSE body is the concatenation of its events."""
        if self.body_kind == "json":
            return json_text(self.json).encode("utf-8")
        if self.body_kind == "sse":
            return b"".join(event.wire() for event in self.events)
        return self.raw


@dataclass(frozen=True)
class Interaction:
    request: ExpectedRequest
    response: RecordedResponse


@dataclass(frozen=True)
class Outcome:
    kind: str  # result | events | error
    type_name: str
    fields: Any = None  # result: {path: value}; events: [{path: value}, ...]; error: {path: value}
    status: Optional[int] = None
    body_json: Any = None
    sleeps: Tuple[float, ...] = ()


@dataclass(frozen=True)
class Call:
    resource: str  # dotted attribute path from the client, e.g. router.images.generations
    method: str
    args: Mapping[str, Any]


@dataclass(frozen=True)
class Exchange:
    name: str
    path: Path
    description: str
    call: Call
    interactions: Tuple[Interaction, ...]
    outcome: Outcome

    @property
    def streams(self) -> bool:
        return any(i.response.body_kind == "sse" for i in self.interactions)


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- loading --------------------------------------------------------------------------


class _Reader:
    """Walks one YAML document, naming the file and key path in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> FormatError:
        return FormatError(f"{self.path}: {where}: {message}")

    def mapping(
        self, value: Any, where: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        unknown = sorted(set(value) - set(required) - set(optional))
        if unknown:
            raise self.fail(where, f"unknown key(s) {unknown}; allowed: {sorted([*required, *optional])}")
        missing = [key for key in required if key not in value]
        if missing:
            raise self.fail(where, f"missing key(s) {missing}")
        return value

    def one_of(self, value: Mapping[str, Any], where: str, keys: Sequence[str]) -> Optional[str]:
        present = [key for key in keys if key in value]
        if len(present) > 1:
            raise self.fail(where, f"give at most one of {list(keys)}, got {present}")
        return present[0] if present else None

    def decode_base64(self, value: Any, where: str) -> bytes:
        try:
            return base64.b64decode(str(value), validate=True)
        except ValueError as exc:
            raise self.fail(where, f"invalid base64: {exc}") from None


def load(path: Path) -> Exchange:
    reader = _Reader(path)
    with path.open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    top = reader.mapping(doc, "/", ["description", "call", "interactions", "outcome"])
    interactions = top["interactions"]
    if not isinstance(interactions, list) or not interactions:
        raise reader.fail("/interactions", "expected a non-empty list")
    return Exchange(
        name=path.stem,
        path=path,
        description=str(top["description"]),
        call=_call(reader, top["call"]),
        interactions=tuple(
            _interaction(reader, item, f"/interactions/{i}") for i, item in enumerate(interactions)
        ),
        outcome=_outcome(reader, top["outcome"]),
    )


def load_all(directory: Path = EXCHANGES) -> List[Exchange]:
    return [load(path) for path in sorted(directory.glob("*.yaml"))]


def _call(reader: _Reader, value: Any) -> Call:
    call = reader.mapping(value, "/call", ["resource", "method"], ["args"])
    args = call.get("args") or {}
    if not isinstance(args, dict):
        raise reader.fail("/call/args", f"expected a mapping of keyword arguments, got {type(args).__name__}")
    _check_files(reader, args, "/call/args")
    return Call(str(call["resource"]), str(call["method"]), args)


def _check_files(reader: _Reader, value: Any, where: str) -> None:
    if isinstance(value, dict):
        if FILE_MARKER in value:
            spec = reader.mapping(
                value[FILE_MARKER], f"{where}/{FILE_MARKER}", ["name", "base64"], ["content_type", "source"]
            )
            reader.decode_base64(spec["base64"], f"{where}/{FILE_MARKER}/base64")
            if spec.get("source", "bytes") not in FILE_SOURCES:
                raise reader.fail(f"{where}/{FILE_MARKER}/source", f"expected one of {FILE_SOURCES}")
            return
        for key, item in value.items():
            _check_files(reader, item, f"{where}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_files(reader, item, f"{where}/{i}")


def _interaction(reader: _Reader, value: Any, where: str) -> Interaction:
    item = reader.mapping(value, where, ["request", "response"])
    return Interaction(
        _request(reader, item["request"], f"{where}/request"),
        _response(reader, item["response"], f"{where}/response"),
    )


def _request(reader: _Reader, value: Any, where: str) -> ExpectedRequest:
    req = reader.mapping(
        value, where, ["method", "path"], ["query", "headers", "json", "multipart", "base64"]
    )
    kind = {"json": "json", "multipart": "multipart", "base64": "raw", None: "none"}[
        reader.one_of(req, where, ["json", "multipart", "base64"])
    ]
    query = req.get("query") or []
    if not isinstance(query, list) or not all(isinstance(p, list) and len(p) == 2 for p in query):
        raise reader.fail(f"{where}/query", "expected a list of [name, value] pairs")
    headers: Dict[str, Any] = {}
    for name, header in (req.get("headers") or {}).items():
        if isinstance(header, dict):
            reader.mapping(header, f"{where}/headers/{name}", ["pattern"])
        headers[str(name).lower()] = header if isinstance(header, dict) else str(header)
    parts: Tuple[Part, ...] = ()
    if kind == "multipart":
        if not isinstance(req["multipart"], list):
            raise reader.fail(f"{where}/multipart", "expected a list of parts")
        parts = tuple(_part(reader, p, f"{where}/multipart/{i}") for i, p in enumerate(req["multipart"]))
    return ExpectedRequest(
        method=str(req["method"]).upper(),
        path=str(req["path"]),
        query=tuple((str(k), str(v)) for k, v in query),
        headers=headers,
        body_kind=kind,
        json=req.get("json"),
        parts=parts,
        raw=reader.decode_base64(req["base64"], f"{where}/base64") if kind == "raw" else b"",
    )


def _part(reader: _Reader, value: Any, where: str) -> Part:
    part = reader.mapping(value, where, ["name"], ["value", "json", "filename", "content_type", "base64"])
    kind = reader.one_of(part, where, ["value", "json", "base64"])
    if kind is None:
        raise reader.fail(where, "a part needs one of value, json or base64")
    if kind == "base64":
        return Part(
            name=str(part["name"]),
            filename=part.get("filename"),
            content_type=part.get("content_type"),
            content=reader.decode_base64(part["base64"], f"{where}/base64"),
        )
    if "filename" in part or "content_type" in part:
        raise reader.fail(where, "filename and content_type belong to file parts (base64)")
    if kind == "json":
        return Part(name=str(part["name"]), value=part["json"], is_json=True)
    return Part(name=str(part["name"]), value=str(part["value"]))


def _response(reader: _Reader, value: Any, where: str) -> RecordedResponse:
    resp = reader.mapping(value, where, ["status"], ["headers", "json", "sse", "text", "base64"])
    kind = reader.one_of(resp, where, ["json", "sse", "text", "base64"])
    headers = {str(k).lower(): str(v) for k, v in (resp.get("headers") or {}).items()}
    events: Tuple[SSEEvent, ...] = ()
    raw = b""
    if kind == "sse":
        if not isinstance(resp["sse"], list):
            raise reader.fail(f"{where}/sse", "expected a list of events")
        events = tuple(_event(reader, e, f"{where}/sse/{i}") for i, e in enumerate(resp["sse"]))
    elif kind == "text":
        raw = str(resp["text"]).encode("utf-8")
    elif kind == "base64":
        raw = reader.decode_base64(resp["base64"], f"{where}/base64")
    return RecordedResponse(
        status=int(resp["status"]),
        headers=headers,
        body_kind={"text": "raw", "base64": "raw", None: "none"}.get(kind, kind or "none"),
        json=resp.get("json"),
        events=events,
        raw=raw,
    )


def _event(reader: _Reader, value: Any, where: str) -> SSEEvent:
    event = reader.mapping(value, where, ["data"], ["event", "id"])
    return SSEEvent(event["data"], event.get("event"), event.get("id"))


def _outcome(reader: _Reader, value: Any, where: str = "/outcome") -> Outcome:
    out = reader.mapping(value, where, [], ["result", "events", "error", "sleeps"])
    kind = reader.one_of(out, where, ["result", "events", "error"])
    if kind is None:
        raise reader.fail(where, "give one of result, events or error")
    sleeps = tuple(float(s) for s in out.get("sleeps") or ())
    body = out[kind]
    if kind == "result":
        spec = reader.mapping(body, f"{where}/result", ["type"], ["fields"])
        return Outcome("result", str(spec["type"]), spec.get("fields") or {}, sleeps=sleeps)
    if kind == "events":
        spec = reader.mapping(body, f"{where}/events", ["type", "fields"])
        if not isinstance(spec["fields"], list):
            raise reader.fail(f"{where}/events/fields", "expected one mapping per event")
        return Outcome("events", str(spec["type"]), spec["fields"], sleeps=sleeps)
    spec = reader.mapping(body, f"{where}/error", ["type", "status"], ["fields", "body_json"])
    return Outcome(
        "error",
        str(spec["type"]),
        spec.get("fields") or {},
        status=int(spec["status"]),
        body_json=spec.get("body_json"),
        sleeps=sleeps,
    )


# --- building the SDK call --------------------------------------------------------------


def call_arguments(args: Mapping[str, Any], utils: Any, opened: List[IO[bytes]], tmp: Path) -> Dict[str, Any]:
    """Keyword arguments for the SDK method: `$file` markers become files, `retries` a RetryConfig.

    `source: file` writes the bytes under `tmp` and passes an open binary file (closed by
    the caller through `opened`); `source: bytes` passes the bytes themselves.
    """
    built = {key: _build(value, opened, tmp) for key, value in args.items()}
    if isinstance(built.get("retries"), dict):
        built["retries"] = retry_config(built["retries"], utils)
    return built


def _build(value: Any, opened: List[IO[bytes]], tmp: Path) -> Any:
    if isinstance(value, dict):
        if FILE_MARKER in value:
            return _file(value[FILE_MARKER], opened, tmp)
        return {key: _build(item, opened, tmp) for key, item in value.items()}
    if isinstance(value, list):
        return [_build(item, opened, tmp) for item in value]
    return value


def _file(spec: Mapping[str, Any], opened: List[IO[bytes]], tmp: Path) -> Dict[str, Any]:
    content = base64.b64decode(spec["base64"])
    built: Dict[str, Any] = {"file_name": spec["name"]}
    if spec.get("source", "bytes") == "file":
        path = tmp / f"upload-{len(opened)}-{Path(spec['name']).name}"
        path.write_bytes(content)
        handle = path.open("rb")
        opened.append(handle)
        built["content"] = handle
    else:
        built["content"] = content
    if spec.get("content_type") is not None:
        built["content_type"] = spec["content_type"]
    return built


def retry_config(spec: Mapping[str, Any], utils: Any) -> Any:
    """{strategy, backoff: {initial_interval, max_interval, exponent, max_elapsed_time}, retry_connection_errors}."""
    backoff = spec.get("backoff")
    return utils.RetryConfig(
        spec["strategy"],
        utils.BackoffStrategy(**backoff) if backoff else None,
        bool(spec.get("retry_connection_errors", False)),
    )


# --- dumping (used by the recorder) -------------------------------------------------------


def dump(document: Mapping[str, Any], path: Path) -> None:
    """Write a fixture document; block style, keys in the documented order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(dict(document), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def encode_base64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")

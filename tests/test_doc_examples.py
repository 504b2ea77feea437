"""Every usage example in the generated docs runs against the generated SDK.

The SDK is generated into a temporary directory (not generated/), imported from there,
and its HTTP clients are swapped for ones whose transport is a mock of the API built
from the IR: each operation answers with its response example, or with a few
server-sent events when the request asks for a stream.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.validators import extend
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from openapi_sdkgen.docs import examples
from openapi_sdkgen.model import ir
from openapi_sdkgen import pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED_SPECS = ROOT.parent / "shared" / "specs"
API_KEY = "test-key-123"


# What the real specs lack: top-level, path/query/header parameters, a list body, dates,
# recursive types, a stream-only operation, an empty response, declared error classes.
FEATURES = """
openapi: 3.1.0
info: {title: Feature Test, version: "1"}
servers: [{url: "https://api.example.com/base"}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Problem:
      type: object
      required: [code]
      properties: {code: {type: string, example: bad_input}, detail: {type: string}}
    Json:
      anyOf:
        - {type: array, items: {$ref: "#/components/schemas/Json"}}
        - {type: object, additionalProperties: {$ref: "#/components/schemas/Json"}}
        - {type: string}
    Node:
      type: object
      required: [name, children, value]
      properties:
        name: {type: string}
        value: {$ref: "#/components/schemas/Json"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
    Item:
      type: object
      required: [id, created_at, kind]
      properties:
        id: {type: string, example: item_1}
        created_at: {type: string, format: date-time, example: "2024-03-01T12:00:00Z"}
        due: {type: string, format: date}
        kind: {type: string, enum: [small, large]}
        level: {type: integer, enum: [1, 2, 3]}
        note: {type: [string, "null"], example: null}
        legacy: {type: string, deprecated: true}
paths:
  /:
    get:
      operationId: status
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}
        "400":
          description: bad
          content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}
  /items:
    post:
      operationId: createItems
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: array, items: {$ref: "#/components/schemas/Item"}}
      responses:
        "201":
          description: created
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Item"}}}}
  /items/{item_id}:
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: string}, example: item_1}
    get:
      operationId: getItem
      parameters:
        - {name: include, in: query, schema: {type: array, items: {type: string, enum: [owner, tags]}}, example: [owner]}
        - {name: X-Trace-Id, in: header, required: true, schema: {type: string}}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}
        "404":
          description: missing
          content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}
    put:
      operationId: replaceItem
      deprecated: true
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}
    delete:
      operationId: deleteItem
      responses:
        "204": {description: gone}
  /nodes:
    post:
      operationId: createNode
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Node"}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Node"}}}}
  /uploads:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string, example: testing}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
  /events:
    get:
      operationId: listEvents
      responses:
        "200":
          description: events
          content:
            text/event-stream:
              schema: {$ref: "#/components/schemas/Item"}
"""


@dataclass(frozen=True)
class Target:
    name: str
    spec: Path  # a file, or under tmp: written from `text`
    config: Optional[Path]
    lenient: bool = False
    text: str = ""


TARGETS = [
    Target("router", ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml"),
    Target("openai-subset", SHARED_SPECS / "openai-subset.yaml", None, lenient=True),
    Target("orq-subset", SHARED_SPECS / "orq-subset.yaml", None),
    Target("features", Path("features.yaml"), None, text=FEATURES),
]


@dataclass
class Generated:
    out: Path
    api: ir.Api
    document: Dict[str, Any]


@pytest.fixture(scope="session")
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    target: Target = request.param
    base = tmp_path_factory.mktemp(target.name)
    spec = target.spec
    if target.text:
        spec = base / target.spec
        spec.write_text(target.text, encoding="utf-8")
    if not spec.exists():
        pytest.skip(f"{spec} is not available")
    out = base / "sdk"
    result = pipeline.generate(spec, out, target.config, lenient=target.lenient)
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return Generated(out, result.api, document)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "generated" in metafunc.fixturenames:
        metafunc.parametrize("generated", TARGETS, ids=[t.name for t in TARGETS], indirect=True, scope="session")


# --- the mock API ------------------------------------------------------------------------


@dataclass
class Seen:
    request: httpx.Request
    content: bytes
    op: Optional[ir.Operation]


@dataclass
class MockApi:
    api: ir.Api
    seen: List[Seen] = field(default_factory=list)
    fail_with: Optional[Tuple[int, Any]] = None  # (status, JSON body) to answer every request with

    def __post_init__(self) -> None:
        self.definitions = {d.name: d for d in self.api.definitions}
        base = httpx.URL(self.api.server_url).path.rstrip("/")
        # Literal paths win over templated ones (/certificates/activate before /certificates/{id}).
        ops = sorted(self.api.operations, key=lambda op: (op.path.count("{"), -len(op.path)))
        self.routes = [(op.method, re.compile(re.escape(base) + _path_pattern(op.path) + "$"), op) for op in ops]

    def match(self, request: httpx.Request) -> Optional[ir.Operation]:
        return next((op for method, pattern, op in self.routes if method == request.method and pattern.match(request.url.path)), None)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        op = self.match(request)
        self.seen.append(Seen(request, content, op))
        if op is None:
            return httpx.Response(404, json={"message": "no such operation"})
        if self.fail_with is not None:
            return httpx.Response(self.fail_with[0], json=self.fail_with[1])
        if op.stream is not None and request.headers.get("accept", "").startswith("text/event-stream"):
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=self._events(op))
        status = int(op.response.status) if op.response and op.response.status.isdigit() else 200
        body = examples.response_example(self.definitions, op)
        if op.response is None or op.response.type is None:
            return httpx.Response(status)
        if op.response.content_type and "json" not in op.response.content_type:
            return httpx.Response(status, headers={"content-type": op.response.content_type}, content=b"binary")
        return httpx.Response(status, json=body)

    def _events(self, op: ir.Operation) -> bytes:
        assert op.stream is not None
        data = json.dumps(examples.stream_event_example(self.definitions, op))
        chunks = [f"data: {data}\n\n"] * 3
        sentinel = op.stream.sentinel
        if sentinel and "\r" not in sentinel:  # SSE cannot carry a CR; lines go as several data lines
            chunks.append("".join(f"data: {line}\n" for line in sentinel.split("\n")) + "\n")
        return "".join(chunks).encode("utf-8")


def _path_pattern(template: str) -> str:
    parts = re.split(r"(\{[^{}]+\})", template)
    return "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)


@contextlib.contextmanager
def mocked_httpx(monkeypatch: pytest.MonkeyPatch, handler: Callable[[httpx.Request], httpx.Response]) -> Iterator[None]:
    """Every httpx client created from here on (by the SDK or by an example) talks to `handler`."""
    transport = httpx.MockTransport(handler)
    real_client, real_async = httpx.Client, httpx.AsyncClient

    class Client(real_client):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = transport
            super().__init__(*args, **kwargs)

    class AsyncClient(real_async):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = transport
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", Client)
    monkeypatch.setattr(httpx, "AsyncClient", AsyncClient)
    yield


@contextlib.contextmanager
def sdk_importable(gen: Generated, monkeypatch: pytest.MonkeyPatch, workdir: Path) -> Iterator[None]:
    """The generated package on sys.path, its key in the environment, an example file in the cwd."""
    package = gen.api.config.package
    prefix = gen.api.config.env_prefix
    monkeypatch.syspath_prepend(str(gen.out / "src"))
    monkeypatch.setenv(f"{prefix}_API_KEY", API_KEY)
    for name in ("SERVER_URL", "DEBUG"):
        monkeypatch.delenv(f"{prefix}_{name}", raising=False)
    (workdir / "example.file").write_bytes(b"\x89PNG\r\n\x1a\n not really an image")
    monkeypatch.chdir(workdir)
    _forget(package)
    try:
        yield
    finally:
        _forget(package)


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


# --- the examples -------------------------------------------------------------------------


def python_blocks(text: str) -> List[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def usage_blocks(out: Path) -> List[Tuple[str, str]]:
    """(label, code) of every python block in README.md, USAGE.md and docs/sdks/*/README.md."""
    pages = [out / "README.md", out / "USAGE.md", *sorted((out / "docs" / "sdks").glob("*/README.md"))]
    found = []
    for page in pages:
        for i, code in enumerate(python_blocks(page.read_text(encoding="utf-8"))):
            found.append((f"{page.relative_to(out).as_posix()}#{i + 1}", code))
    return found


def run_block(label: str, code: str) -> str:
    """Execute one example as a script; returns what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # examples of deprecated operations warn, as they should
        exec(compile(code, label, "exec"), {"__name__": "__main__"})
    return printed.getvalue()


# `discriminator` is only a hint in OpenAPI (oneOf decides); some real specs give it an
# implicit mapping to schema names that do not exist, which the validator cannot follow.
_Validator = extend(OAS31Validator, {k: Draft202012Validator.VALIDATORS[k] for k in ("allOf", "anyOf", "oneOf")})


class BodyChecker:
    """JSON bodies are validated against the spec's request schema (OpenAPI 3.1 specs)."""

    def __init__(self, document: Dict[str, Any]) -> None:
        self.document = document
        self.registry: Registry = Registry().with_resource("urn:spec", Resource.from_contents(document, default_specification=DRAFT202012))
        self.oas31 = str(document.get("openapi", "")).startswith("3.1")

    def problems(self, seen: Seen) -> List[str]:
        op = seen.op
        assert op is not None
        if op.body is None:
            return [] if not seen.content else ["a body was sent to an operation without one"]
        if not seen.content:
            return [] if not op.body.required else ["the required body is missing"]
        declared = seen.request.headers.get("content-type", "")
        if op.body.content_type == "multipart/form-data":
            return [] if declared.startswith("multipart/form-data; boundary=") else [f"content type {declared!r} is not multipart"]
        if "json" in op.body.content_type:
            try:
                body = json.loads(seen.content)
            except ValueError as exc:
                return [f"body is not JSON: {exc}"]
            return self._schema_errors(op, body) if self.oas31 else []
        return []

    def _schema_errors(self, op: ir.Operation, body: Any) -> List[str]:
        pointer = self._schema_pointer(op)
        if pointer is None:
            return []
        validator = _Validator({"$ref": "urn:spec#" + pointer}, registry=self.registry)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]

    def _schema_pointer(self, op: ir.Operation) -> Optional[str]:
        assert op.body is not None
        parts = ["paths", op.path, op.method.lower(), "requestBody"]
        node = self.document["paths"][op.path][op.method.lower()]["requestBody"]
        while isinstance(node, dict) and "$ref" in node:  # a shared components/requestBodies entry
            parts = node["$ref"].lstrip("#/").split("/")
            node = _at(self.document, parts)
        if "schema" not in ((node or {}).get("content") or {}).get(op.body.content_type, {}):
            return None
        return "/" + "/".join(_escape(p) for p in [*parts, "content", op.body.content_type, "schema"])


def _at(document: Any, parts: List[str]) -> Any:
    for part in parts:
        document = document[part.replace("~1", "/").replace("~0", "~")]
    return document


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def test_every_usage_example_runs(generated: Generated, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mock = MockApi(generated.api)
    checker = BodyChecker(generated.document)
    blocks = usage_blocks(generated.out)
    resources = sum(1 for r in generated.api.root.walk() if r.operations)
    assert len(blocks) >= 10 + resources  # README sections, USAGE.md, one per method
    failures: List[str] = []
    with sdk_importable(generated, monkeypatch, tmp_path), mocked_httpx(monkeypatch, mock):
        for label, code in blocks:
            mock.seen.clear()
            try:
                printed = run_block(label, code)
            except Exception as exc:  # collect them all: one report for every broken example
                failures.append(f"{label}: raised {type(exc).__name__}: {exc}")
                continue
            failures += [f"{label}: {problem}" for problem in _request_problems(generated.api, mock.seen, checker)]
            if not printed.strip() and any(s.op and s.op.response and s.op.response.type for s in mock.seen):
                failures.append(f"{label}: printed nothing")
    assert not failures, "\n".join(failures)


def _request_problems(api: ir.Api, seen: List[Seen], checker: BodyChecker) -> List[str]:
    if not seen:
        return ["made no request"]
    problems = []
    for s in seen:
        where = f"{s.request.method} {s.request.url.path}"
        if s.op is None:
            problems.append(f"{where} matches no operation")
            continue
        security = api.security
        if security is not None and security.kind in ("bearer", "header") and s.op.secured:
            sent = s.request.headers.get(security.header_name)
            if sent != security.prefix + API_KEY:
                problems.append(f"{where}: {security.header_name} is {sent!r}")
        problems += [f"{where}: {p}" for p in checker.problems(s)]
    return problems


def test_streaming_examples_get_events(generated: Generated, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The streaming examples really iterate events (a plain JSON answer would not print them)."""
    mock = MockApi(generated.api)
    streaming = [(label, code) for label, code in usage_blocks(generated.out) if "event_stream" in code]
    if not any(op.stream for op in generated.api.operations):
        assert streaming == []
        return
    assert streaming
    with sdk_importable(generated, monkeypatch, tmp_path), mocked_httpx(monkeypatch, mock):
        for label, code in streaming:
            mock.seen.clear()
            printed = run_block(label, code)
            assert mock.seen and all(s.request.headers.get("accept", "").startswith("text/event-stream") for s in mock.seen), label
            assert len(printed.strip().split("\n")) == 3, label  # three events before the sentinel


def test_file_upload_example_sends_the_file(generated: Generated, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mock = MockApi(generated.api)
    readme = (generated.out / "README.md").read_text(encoding="utf-8")
    if "## File uploads" not in readme:
        pytest.skip("no operation takes a file")
    section = readme[readme.index("## File uploads") : readme.index("\n## ", readme.index("## File uploads"))]
    (code,) = python_blocks(section)
    with sdk_importable(generated, monkeypatch, tmp_path), mocked_httpx(monkeypatch, mock):
        run_block("README.md#file-uploads", code)
    (sent,) = mock.seen
    assert b'filename="example.file"' in sent.content and b"not really an image" in sent.content


def test_error_handling_example_catches_errors(generated: Generated, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The README's error example, answered with an error: it prints what the error carries.

    The status is one the client does not retry: the declared class the example checks
    for when there is such a status, else a plain 400.
    """
    readme = (generated.out / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Error Handling") : readme.index("### Error Classes")]
    (code,) = python_blocks(section)
    api = generated.api
    retried = api.retries.status_codes if api.retries else ("429", "500", "502", "503", "504")
    declared = [e for op in api.operations for e in op.errors if e.status.isdigit() and e.status not in retried]
    chosen = next((e for e in declared if f"isinstance(e, errors.{e.class_name})" in code), None)
    definitions = {d.name: d for d in api.definitions}
    body = examples.wire_example(definitions, chosen.type) if chosen and chosen.type else {"message": "bad request"}
    status = int(chosen.status) if chosen else 400
    mock = MockApi(api, fail_with=(status, body))
    with sdk_importable(generated, monkeypatch, tmp_path), mocked_httpx(monkeypatch, mock):
        printed = run_block("README.md#error-handling", code)
    # e.message: the body's own message when it carries one, else the generic one
    said = body.get("message") if isinstance(body, dict) else None
    expected = said.strip() if isinstance(said, str) and said.strip() else "API error occurred"
    assert f"\n{status}\n" in printed and expected in printed
    if chosen is not None and isinstance(chosen.type, ir.Ref):
        assert printed.rstrip().split("\n")[-1] != "None"  # e.data, parsed into its model


def test_enum_examples_run(generated: Generated, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The model pages' enum examples are real Python too (union pages use Speakeasy's placeholder)."""
    pages = sorted((generated.out / "docs" / "models").glob("*.md"))
    blocks = [(p.name, code) for p in pages for code in python_blocks(p.read_text(encoding="utf-8")) if "/* values here */" not in code]
    definitions = {d.name: d for d in generated.api.definitions}
    enums = [d for d in definitions.values() if isinstance(definitions.get(ir.target_of(d) or d.name), ir.Enum)]  # and their other names
    assert len(blocks) == len(enums)
    with sdk_importable(generated, monkeypatch, tmp_path):
        for label, code in blocks:
            run_block(label, code)

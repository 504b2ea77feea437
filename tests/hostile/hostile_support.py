"""Checks shared by the hostile-input tests: the CLI in a child process, inert code, intact
markdown tables, and calls of every generated operation through a mock transport."""

from __future__ import annotations

import ast
import datetime
import json
import os
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Mapping, Sequence, Tuple

import httpx

from openapi_sdkgen.model import ir

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "templates" / "runtime"


# --- the CLI --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def sdkgen(args: Sequence[Any], cwd: Path, timeout: float = 900) -> Run:
    """`sdkgen ARGS` in a child process, as a user runs it: a traceback would show on stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "openapi_sdkgen", *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
    return Run(result.returncode, result.stdout, result.stderr)


_DIAGNOSTIC = re.compile(r"^(?P<file>[^\n]+?)(?::(?P<line>\d+))?: error: (?P<pointer>#/\S*): (?P<message>.+)$", re.M)


def placed_errors(stderr: str) -> List[Dict[str, str]]:
    """The `file[:line]: error: #/pointer: message` lines of a failed run."""
    return [m.groupdict() for m in _DIAGNOSTIC.finditer(stderr)]


# --- emitted code is inert ------------------------------------------------------------

# Identifiers the payloads would introduce if spec text ever became code.
FORBIDDEN_NAMES = frozenset({"system", "popen", "__import__", "exec", "eval", "PWNED", "touch", "cookie", "require", "cycler", "fetch", "alert"})
# Modules generated (non-runtime) files may import.
ALLOWED_IMPORTS = frozenset({"__future__", "typing", "typing_extensions", "datetime", "functools", "importlib", "httpx", "pydantic", "os", "sys"})


# What the package's own tests (tests/) may import besides the package itself.
TEST_IMPORTS = ALLOWED_IMPORTS | {"__future__", "asyncio", "contextlib", "json", "pathlib", "re", "urllib", "warnings", "pytest", "sdk_checks"}


# What the docs' usage examples may import besides the package itself.
DOCS_IMPORTS = ALLOWED_IMPORTS | {"asyncio", "logging", "io", "pathlib", "json"}


# Characters that hide code or reorder how a line shows ("Trojan Source"): escapes only.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def code_problems(source: str, allowed: FrozenSet[str] = ALLOWED_IMPORTS) -> List[str]:
    """Anything in a generated module that only spec text could have put there."""
    tree = ast.parse(source)
    problems = [f"invisible character U+{ord(m.group()):04X} at offset {m.start()}" for m in _INVISIBLE.finditer(source)]
    for node in ast.walk(tree):
        names: List[str] = []
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, ast.keyword) and node.arg:
            names = [node.arg]
        elif isinstance(node, ast.Import):
            problems += [f"import {a.name}" for a in node.names if a.name.split(".")[0] not in allowed]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] not in allowed:
            problems.append(f"from {node.module} import")
        problems += [f"identifier {n!r}" for n in names if n in FORBIDDEN_NAMES]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" and node.attr not in ("getenv", "environ"):
            problems.append(f"os.{node.attr}")
    return problems


def generated_sources(out: Path) -> Iterator[Tuple[Path, str]]:
    for path in sorted(out.rglob("*.py")):
        yield path, path.read_text(encoding="utf-8")


def runtime_is_verbatim(out: Path, package: str) -> List[str]:
    """Runtime modules are copied (and formatted), never rendered: spec text cannot reach them."""
    from openapi_sdkgen.output.format import format_source

    utils = out / "src" / package / "utils"
    return [p.name for p in RUNTIME.glob("*.py") if (utils / p.name).read_text(encoding="utf-8") != format_source(p.name, p.read_text(encoding="utf-8"))]


# --- markdown tables --------------------------------------------------------------------

_DELIMITER = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def row_cells(line: str) -> int:
    """Cells of a GFM table row: split on pipes not escaped by a backslash."""
    body = line.strip()
    cells, current, escaped = [], "", False
    for ch in body:
        if ch == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += ch
        escaped = ch == "\\"  # GFM: a backslash before a pipe escapes it, however many precede it
    cells.append(current)
    if body.startswith("|"):
        cells = cells[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        cells = cells[:-1]
    return len(cells)


def broken_tables(markdown: str, authored: Sequence[str] = ()) -> List[str]:
    """Rows whose cell count differs from their header's, or lines that leak out of a table.

    Tables whose header line is in `authored` were written in a spec description: they are
    the author's markdown, kept as such.
    """
    lines = markdown.split("\n")
    problems = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and i + 1 < len(lines) and line.startswith("|") and _DELIMITER.match(lines[i + 1].strip()):
            if line.strip() in authored:
                i += 2
                continue
            width = row_cells(line)
            if row_cells(lines[i + 1]) != width:
                problems.append(f"line {i + 2}: delimiter row does not match the header")
            i += 2
            while i < len(lines) and lines[i].strip():
                if not lines[i].startswith("|") or row_cells(lines[i]) != width:
                    problems.append(f"line {i + 1}: {row_cells(lines[i])} cells for a {width}-column table: {lines[i][:120]!r}")
                i += 1
            continue
        i += 1
    return problems


def count_tables(markdown: str) -> int:
    lines = markdown.split("\n")
    return sum(1 for a, b in zip(lines, lines[1:]) if a.startswith("|") and _DELIMITER.match(b.strip()))


# --- calling every operation ------------------------------------------------------------


def spec_operations(data: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """(METHOD, path) of every operation the spec declares and does not ignore."""
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    found = []
    for path, item in (data.get("paths") or {}).items():
        for method in methods:
            if isinstance(item, dict) and isinstance(item.get(method), dict) and item[method].get("x-speakeasy-ignore") is not True:
                found.append((method.upper(), path))
    return found


def methods_of(client: Any, resource: ir.Resource) -> Iterator[Tuple[ir.Operation, Callable[..., Any]]]:
    """Every operation with the bound method that calls it, walking the resource tree."""
    for op in resource.operations:
        yield op, getattr(client, op.py_name)
    for child in resource.children:
        yield from methods_of(getattr(client, child.attr_name), child)


class Samples:
    """Minimal valid values of IR types: Python arguments and JSON wire bodies."""

    def __init__(self, definitions: Mapping[str, ir.Definition]) -> None:
        self.definitions = definitions

    def python(self, t: ir.TypeRef, depth: int = 0) -> Any:
        return self._value(t, depth, wire=False)

    def wire(self, t: ir.TypeRef, depth: int = 0) -> Any:
        return self._value(t, depth, wire=True)

    def _value(self, t: ir.TypeRef, depth: int, wire: bool) -> Any:
        if isinstance(t, ir.Primitive):
            values = {"str": "x", "int": 1, "float": 1.5, "bool": True, "bytes": "eA==" if wire else b"x"}
            if t.kind in ("date", "datetime"):
                moment = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
                value = moment.date() if t.kind == "date" else moment
                return value.isoformat() if wire else value
            return values[t.kind]
        if isinstance(t, ir.LiteralType):
            return t.values[0]
        if isinstance(t, ir.Nullable):
            return self._value(t.inner, depth, wire)
        if isinstance(t, ir.ListType):
            return [self._value(t.item, depth + 1, wire)] if depth < 3 else []
        if isinstance(t, ir.MapType):
            return {"k": self._value(t.value, depth + 1, wire)} if depth < 3 else {}
        if isinstance(t, ir.UnionType):
            return self._value(t.members[0], depth, wire)
        if isinstance(t, ir.FileType):
            return {"file_name": "a.txt", "content": b"x"}
        if isinstance(t, ir.Ref):
            return self._definition(self.definitions[t.name], depth, wire)
        return "x"

    def _definition(self, d: ir.Definition, depth: int, wire: bool) -> Any:
        if isinstance(d, ir.Enum):
            return d.values[0]
        if isinstance(d, ir.Alias):
            return self._value(d.type, depth, wire)
        return {(f.wire_name if wire else f.py_name): self._value(f.type, depth + 1, wire) for f in d.fields if f.required}


def arguments(op: ir.Operation, samples: Samples) -> Dict[str, Any]:
    args = {p.py_name: samples.python(p.type) for p in op.params if p.required}
    for p in op.params:
        if p.location == "path":
            args[p.py_name] = "a b/c?d#e"  # quoted into one segment
    if op.stream is not None and op.stream.switch:
        args[op.stream.switch] = False
    return args


def response_for(op: ir.Operation, samples: Samples) -> httpx.Response:
    response = op.response
    status = int(response.status) if response is not None and response.status.isdigit() else 200
    if response is None or response.type is None:
        return httpx.Response(status)
    if response.type == ir.Primitive("bytes"):
        return httpx.Response(status, content=b"raw", headers={"content-type": response.content_type or "application/octet-stream"})
    return httpx.Response(status, json=samples.wire(response.type))


def call_every_operation(package: Any, api: ir.Api) -> Tuple[int, List[str]]:
    """Call each operation once against a mock answering its declared success response.

    Returns how many were called and the problems met (wrong method, wrong path prefix).
    """
    samples = Samples({d.name: d for d in api.definitions})
    answers: List[httpx.Response] = []
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop()

    sdk_class = getattr(package, api.config.sdk_class)
    client = sdk_class(api_key="k", server_url="https://api.test/base", client=httpx.Client(transport=httpx.MockTransport(handler)), retry_config=None)
    problems = []
    called = 0
    for op, method in methods_of(client, api.root):
        answers.append(response_for(op, samples))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # deprecated operations say so
                method(**arguments(op, samples))
        except Exception as exc:  # reported with the operation, then the test fails
            problems.append(f"{op.operation_id!r}: {type(exc).__name__}: {exc}")
            continue
        called += 1
        request = seen[-1]
        if request.method != op.method:
            problems.append(f"{op.operation_id!r}: sent {request.method}, expected {op.method}")
        if not request.url.raw_path.startswith(b"/base/"):
            problems.append(f"{op.operation_id!r}: sent to {request.url}")
        if op.stream is not None:
            problems += _stream_problems(op, method, samples, answers)
    return called, problems


def _stream_problems(op: ir.Operation, method: Callable[..., Any], samples: Samples, answers: List[httpx.Response]) -> List[str]:
    """The streaming form of an operation yields the one event the server sends."""
    assert op.stream is not None
    event = json.dumps(samples.wire(op.stream.type))
    answers.append(httpx.Response(200, content=f"data: {event}\n\n".encode(), headers={"content-type": "text/event-stream"}))
    args = arguments(op, samples)
    if op.stream.switch:
        args[op.stream.switch] = True
    try:
        with method(**args) as stream:
            received = list(stream)
    except Exception as exc:  # reported with the operation, then the test fails
        return [f"{op.operation_id!r} streaming: {type(exc).__name__}: {exc}"]
    return [] if len(received) == 1 else [f"{op.operation_id!r} streaming: {len(received)} events, expected 1"]


def expected_errors_raised(package: Any, api: ir.Api) -> Tuple[int, List[str]]:
    """Each declared error status, answered: the operation raises that status's error class."""
    import importlib

    errors = importlib.import_module(f"{api.config.package}.errors")
    samples = Samples({d.name: d for d in api.definitions})
    problems = []
    checked = 0
    operations = [op for op, _ in methods_of(_client(package, api, httpx.Response(500)), api.root)]
    for index, op in enumerate(operations):
        for err in op.errors:
            if not err.status.isdigit():
                continue
            body = samples.wire(err.type) if err.type is not None else {"message": "x"}
            _, method = list(methods_of(_client(package, api, httpx.Response(int(err.status), json=body)), api.root))[index]
            checked += 1
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    method(**arguments(op, samples))
            except getattr(errors, err.class_name):
                continue
            except Exception as exc:  # reported, then the test fails
                problems.append(f"{op.operation_id!r} {err.status}: {type(exc).__name__}: {exc}")
                continue
            problems.append(f"{op.operation_id!r} {err.status}: nothing raised")
    return checked, problems


def _client(package: Any, api: ir.Api, answer: httpx.Response) -> Any:
    transport = httpx.MockTransport(lambda request: answer)
    sdk_class = getattr(package, api.config.sdk_class)
    return sdk_class(api_key="k", server_url="https://api.test/base", client=httpx.Client(transport=transport), retry_config=None)


def dumps(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1)
    import yaml

    return yaml.dump(data, allow_unicode=True, sort_keys=False, width=10_000)

"""Wire compatibility with the official Speakeasy-made SDKs, installed from the package index
into tests/wire/.venv (`make official`): orq-ai-sdk 4.14.0rc44 (generated from exactly
orq-full.yaml) and r9s 0.9.0.

For every operation of ../shared/specs/orq-full.yaml and r9s-relay.yaml, the same call is
made through theirs and through ours (generated here from the same spec): once with the
required arguments, once with all of them, values taken from the spec's examples. Both
must send the same method, path, query, relevant headers (authorization, accept, content
type, header parameters) and body, compared as data. Where they differ and theirs is wrong, the
case is listed below with the reason (KNOWN); the test fails on any other difference, and
on a listed case that no longer differs.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import parse_qsl

import httpx
import pytest

from openapi_sdkgen.docs.examples import MISSING, ExampleBuilder
from openapi_sdkgen.model import ir
from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT.parent / "shared" / "specs"
OFFICIAL_PYTHON = Path(__file__).resolve().parent / ".venv" / "bin" / "python"
OFFICIAL_STAMP = Path(__file__).resolve().parent / ".venv" / ".installed"
DRIVER = Path(__file__).resolve().parent / "driver.py"


@dataclass(frozen=True)
class Sdk:
    spec: str
    package: str
    client: str
    env_prefix: str


SDKS = {
    "r9s": Sdk("r9s-relay.yaml", "r9s", "R9S", "R9S"),
    "orq": Sdk("orq-full.yaml", "orq_ai_sdk", "Orq", "ORQ"),
}

# Differences where the official SDK is wrong, by (sdk, operationId, case) - case "*" for
# both - with the reason ours is right.
KNOWN: Dict[Tuple[str, str, str], str] = {
    ("orq", "DeploymentInvoke", "all"): (
        "theirs is wrong: orq-ai-sdk 4.14.0rc44 sends stream=false when called with stream=True "
        "(deployments.invoke); ours sends the argument given"
    ),
    ("orq", "DeploymentGetConfig", "*"): "theirs adds `stream: false`, a field the operation's request schema does not have",
    ("orq", "DeploymentStream", "*"): "theirs adds `stream: true`, a field the operation's request schema does not have",
    **{
        ("orq", operation_id, "required"): (
            "theirs is wrong: with no file among the arguments it sends the multipart/form-data body "
            "the spec declares as application/x-www-form-urlencoded (httpx's choice when no file is given); ours sends "
            "multipart/form-data (its top-level defaults, which theirs adds, ours leaves to the server)"
        )
        for operation_id in ("createTranscription", "createTranslation", "createImageEdit", "createImageVariation")
    },
    ("orq", "post_/v2/feedback/evaluation", "all"): (
        "drift: theirs sends reviewed_at 2026-08-21T08:04:42.712Z, a default from another snapshot of the spec "
        "(this one's defaults of the deprecated field are 2026-08-21T14:38:06.2xxZ); ours leaves a default to the server"
    ),
    ("orq", "SearchKnowledge", "all"): (
        "the example value of agentic_rag_config is {}: theirs drops the argument without a word, "
        "ours sends what it was given (neither enforces the schema's anyOf of required lists)"
    ),
    **{
        ("orq", operation_id, "all"): (
            "Accept of a streaming call: theirs asks for JSON first (`application/json;q=1, text/event-stream;q=0`) "
            "also when called with stream=True; ours prefers the event stream it asks for"
        )
        for operation_id in ("CreateAgentResponseRequest", "createChatCompletion", "createCompletion", "create-router-response")
    },
    **{
        ("r9s", operation_id, "*"): (
            "generator version: r9s 0.9.0 (Speakeasy 2.770) sends a bare `application/json` or `text/event-stream` "
            "by the stream argument; Speakeasy 2.932 (orq-ai-sdk 4.14) and ours send q-weighted Accept headers"
        )
        for operation_id in ("createChatCompletion", "createResponse", "createMessage", "createCompletion")
    },
    ("r9s", "createAudioSpeech", "*"): (
        "generator version: r9s 0.9.0 (Speakeasy 2.770) orders the audio types alphabetically in Accept; "
        "ours keeps the spec's order (audio/mpeg, the spec's first and default format, first)"
    ),
    ("r9s", "createAudioTranscription", "required"): (
        "generator version: r9s 0.9.0 (Speakeasy 2.770) weighs four types 1, 0.8, 0.5, 0 in Accept; ours 1, 0.7, 0.3, 0 "
        "(evenly spaced), same order"
    ),
    ("r9s", "createImageGeneration", "*"): (
        "drift: r9s 0.9.0 (version 0.3.1 inside, generator 2.770) was made from an older relay.yaml: "
        "it sends size=1024x1024 by default where the spec's default is auto, and rejects quality=auto, "
        "which the spec's enum has"
    ),
    ("r9s", "createAudioTranscription", "all"): (
        "generator version: r9s 0.9.0 (Speakeasy 2.770) sends a multipart array as repeated "
        "`timestamp_granularities`; Speakeasy 2.932 (orq-ai-sdk 4.14) and ours send `timestamp_granularities[]`; "
        "and the Accept weights of the required case"
    ),
    ("r9s", "createImageEdit", "*"): (
        "drift: r9s 0.9.0 names the method images.edit; the spec says x-speakeasy-name-override: "
        "createEdit, so Speakeasy's rule gives images.create_edit (ours)"
    ),
}

# --- calls ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    id: str
    operation: ir.Operation
    case: str  # "required" | "all"
    resource: str
    kwargs: Dict[str, Any]


def _file_shape(t: ir.TypeRef, definitions: Dict[str, ir.Definition]) -> str:
    """"one" or "list" where an argument of type `t` takes files, else ""."""
    if isinstance(t, ir.FileType):
        return "one"
    if isinstance(t, ir.ListType):
        return "list" if _file_shape(t.item, definitions) == "one" else ""
    if isinstance(t, ir.Nullable):
        return _file_shape(t.inner, definitions)
    if isinstance(t, ir.UnionType):
        return next((shape for shape in (_file_shape(m, definitions) for m in t.members) if shape), "")
    definition = definitions.get(t.name) if isinstance(t, ir.Ref) else None
    return _file_shape(definition.type, definitions) if isinstance(definition, ir.Alias) else ""


def _argument(builder: ExampleBuilder, p: ir.Parameter) -> Any:
    shape = _file_shape(p.type, dict(builder.definitions))
    if shape:
        file = {"$file": {"name": "cat.png", "base64": base64.b64encode(b"\x89PNG\r\n\x1a\nwire").decode(), "content_type": "image/png"}}
        return [file] if shape == "list" else file
    return builder.value(p.type, p.doc.example if p.doc.has_example else MISSING)


def calls_of(api: ir.Api) -> List[Call]:
    builder = ExampleBuilder({d.name: d for d in api.definitions}, wire=True)
    found = []
    for resource in api.root.walk():
        for op in resource.operations:
            required = {p.py_name: _argument(builder, p) for p in op.params if p.required}
            every = {p.py_name: _argument(builder, p) for p in op.params}
            path = ".".join(resource.path)
            found.append(Call(f"{op.operation_id}/required", op, "required", path, required))
            if every != required:
                found.append(Call(f"{op.operation_id}/all", op, "all", path, every))
    return found


def run_driver(python: str, sdk: Sdk, calls: List[Call], src: Optional[Path]) -> Dict[str, Dict[str, Any]]:
    job = {"package": sdk.package, "client": sdk.client, "calls": [{"id": c.id, "resource": c.resource, "method": c.operation.py_name, "kwargs": c.kwargs} for c in calls]}
    env = {k: v for k, v in os.environ.items() if not k.startswith((sdk.env_prefix + "_", "PYTHONPATH"))}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([python, str(DRIVER)], input=json.dumps(job), capture_output=True, text=True, env=env, timeout=900, cwd=str(DRIVER.parent))
    assert done.returncode == 0, done.stderr[-3000:]
    return {record["id"]: record for record in json.loads(done.stdout)}


# --- the requests, as data -------------------------------------------------------------


def request_data(record: Dict[str, Any], op: ir.Operation) -> Dict[str, Any]:
    url = httpx.URL(record["url"])
    headers = {name: value for name, value in record["headers"]}
    media = headers.get("content-type", "").split(";")[0].strip()
    relevant = {"authorization", "accept"} | {p.wire_name.lower() for p in op.params if p.location == "header"}
    return {
        "method": record["method"],
        "path": url.path,
        "query": sorted(url.params.multi_items()),
        "headers": {name: headers[name] for name in sorted(relevant) if name in headers},
        "content-type": media,
        "body": _body(media, headers.get("content-type", ""), base64.b64decode(record["body"])),
    }


def _body(media: str, content_type: str, content: bytes) -> Any:
    if not content:
        return None
    if media == "application/json" or media.endswith("+json"):
        return json.loads(content)
    if media == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + content)
        parts = []
        for part in message.iter_parts():
            value: Any = part.get_payload(decode=True) or b""
            if part.get_content_type() == "application/json":
                value = json.loads(value)
            elif part.get_filename() is None:
                value = value.decode("utf-8")
            else:
                value = base64.b64encode(value).decode()
            parts.append((str(part.get_param("name", header="content-disposition")), part.get_filename(), part.get("content-type"), value))
        return sorted(parts, key=lambda p: (p[0], json.dumps(p[1:], sort_keys=True, default=str)))
    if media == "application/x-www-form-urlencoded":
        return sorted(parse_qsl(content.decode("utf-8"), keep_blank_values=True))
    return base64.b64encode(content).decode()


def top_level_defaults(op: ir.Operation, definitions: Dict[str, ir.Definition]) -> Dict[str, Any]:
    """The spec's defaults of an operation's arguments, and of the fields of a body taken whole
    (of each member of a union body): what a request's top level may leave to the server."""
    defaults = {p.wire_name: p.default for p in op.params if p.has_default}
    if op.body is not None and not op.body.flattened:
        pending, seen = [op.body.type], set()
        while pending:
            t = pending.pop()
            t = t.inner if isinstance(t, ir.Nullable) else t
            if isinstance(t, ir.UnionType):
                pending.extend(t.members)
            elif isinstance(t, ir.Ref) and t.name not in seen:
                seen.add(t.name)
                definition = definitions.get(t.name)
                if isinstance(definition, ir.Model):
                    defaults.update({f.wire_name: f.default for f in definition.fields if f.has_default})
                elif isinstance(definition, ir.Alias):
                    pending.append(definition.type)
    return defaults


def differences(ours: Dict[str, Any], theirs: Dict[str, Any], defaults: Dict[str, Any]) -> List[str]:
    """What differs, but the spec's defaults of top-level arguments that theirs sends and ours
    leaves to the server (DESIGN section 6: an argument not given is not sent)."""
    found = []
    for key in ("method", "path", "headers", "content-type"):
        if ours[key] != theirs[key]:
            found.append(f"{key}: ours {ours[key]!r}, theirs {theirs[key]!r}")
    our_query = [pair for pair in ours["query"]]
    their_query = [(k, v) for k, v in theirs["query"] if not (k not in dict(ours["query"]) and k in defaults and _same(v, defaults[k]))]
    if our_query != their_query:
        found.append(f"query: ours {our_query!r}, theirs {theirs['query']!r}")
    our_body, their_body = ours["body"], theirs["body"]
    if isinstance(our_body, dict) and isinstance(their_body, dict):
        their_body = {k: v for k, v in their_body.items() if k in our_body or k not in defaults or not _same(v, defaults[k])}
    elif isinstance(our_body, list) and isinstance(their_body, list) and ours["content-type"] == theirs["content-type"] == "multipart/form-data":
        names = {part[0] for part in our_body}
        their_body = [part for part in their_body if part[0] in names or part[0] not in defaults or not _same(part[3], defaults[part[0]])]
    if our_body != their_body:
        found.append("body: " + "; ".join(_where(our_body, their_body, "")[:6]))
    return found


def _where(ours: Any, theirs: Any, at: str) -> List[str]:
    """The places where two JSON values differ, with both values there."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return [d for key in sorted(set(ours) | set(theirs), key=str) for d in _where(ours.get(key, "<absent>"), theirs.get(key, "<absent>"), f"{at}.{key}")]
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in _where(a, b, f"{at}[{i}]")]
    if ours == theirs:
        return []
    return [f"{at or 'body'}: ours {json.dumps(ours, default=str)[:200]}, theirs {json.dumps(theirs, default=str)[:200]}"]


def _same(sent: Any, default: Any) -> bool:
    """A form value (text) and a spec default: `0.0` is 0, `true` is True; date-times alike
    whatever their fraction's digits (`.712Z`, `.712000Z`)."""
    if isinstance(default, (str, datetime)) and isinstance(sent, str) and sent != default:
        try:
            when = default if isinstance(default, datetime) else datetime.fromisoformat(default.replace("Z", "+00:00"))
            return bool(datetime.fromisoformat(sent.replace("Z", "+00:00")) == when)
        except ValueError:
            return False
    if isinstance(default, bool):
        return str(sent).lower() == str(default).lower()
    if isinstance(default, (int, float)) and not isinstance(sent, bool):
        try:
            return float(sent) == float(default)
        except (TypeError, ValueError):
            return False
    return bool(sent == default)


# --- the test --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def official_python() -> str:
    if not OFFICIAL_STAMP.is_file():
        pytest.skip(f"the official SDKs are not installed in {OFFICIAL_PYTHON.parent.parent}: run `make official` (`make test` does)")
    return str(OFFICIAL_PYTHON)


def generated(tmp_path: Path, name: str) -> Tuple[ir.Api, Path]:
    sdk = SDKS[name]
    spec = SPECS / sdk.spec
    if not spec.is_file():
        pytest.skip(f"{spec} is absent: the real-world specs live beside the repository")
    config = tmp_path / "sdk.yaml"
    config.write_text(f"package: {sdk.package}\nsdk_class: {sdk.client}\nenv_prefix: {sdk.env_prefix}\n")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(spec), "-o", str(out), "--config", str(config), "--lenient"], check=True, capture_output=True, cwd=ROOT)
    api, _ = build(spec, config, lenient=True)
    return api, out / "src"


def compare(name: str, tmp_path: Path, official_python: str) -> None:
    api, src = generated(tmp_path, name)
    calls = calls_of(api)
    definitions = {d.name: d for d in api.definitions}
    ours = run_driver(sys.executable, SDKS[name], calls, src)
    theirs = run_driver(official_python, SDKS[name], calls, None)
    failures, listed, agreed = [], set(), 0
    for call in calls:
        reason = KNOWN.get((name, call.operation.operation_id, call.case)) or KNOWN.get((name, call.operation.operation_id, "*"))
        mine, their = ours[call.id], theirs[call.id]
        assert mine["requests"], f"{call.id}: ours sent nothing ({mine['error']})"
        if not their["requests"]:
            found = [f"theirs sent nothing ({their['error']})"]
        else:
            a, b = request_data(mine["requests"][0], call.operation), request_data(their["requests"][0], call.operation)
            found = differences(a, b, top_level_defaults(call.operation, definitions))
        if found and reason:
            listed.add((call.operation.operation_id, reason))
        elif found:
            failures.append(f"{call.id} ({call.resource}.{call.operation.py_name}):\n  " + "\n  ".join(found))
        elif reason is None:
            agreed += 1
    stale = {key for key, reason in KNOWN.items() if key[0] == name and not any(reason == r for _, r in listed)}
    print(f"\n{name}: {len(calls)} calls over {len(api.operations)} operations; {agreed} sent the same request, "
          f"{len(listed)} listed differences")
    assert not failures, f"{len(failures)} of {len(calls)} calls differ:\n" + "\n".join(failures)
    assert not stale, f"listed differences that no longer differ: {sorted(stale)}"


def test_r9s_sends_what_the_official_sdk_sends(tmp_path: Path, official_python: str) -> None:
    compare("r9s", tmp_path, official_python)


@pytest.mark.fullspec
def test_orq_sends_what_the_official_sdk_sends(tmp_path: Path, official_python: str) -> None:
    compare("orq", tmp_path, official_python)

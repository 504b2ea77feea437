"""Property test: values generated from the subset specs' schemas round-trip through the models.

For every request body, JSON response and stream event schema of the three-operation
subsets, hypothesis draws valid JSON values (tests/schema_strategies.py); parsing them with the emitted
model and dumping them back must give the same JSON (`parse -> dump == input`).
String formats are dropped from the schemas: `date-time` parses to a datetime whose
ISO text may be spelled differently, which is the same value but not the same string.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "specs"
EXAMPLES_PER_SCHEMA = 30

pytestmark = pytest.mark.skipif(not SPECS.is_dir(), reason=f"{SPECS} is absent: the real-world specs live beside the repository")


def _without_formats(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_formats(v) for k, v in node.items() if not (k == "format" and isinstance(v, str))}
    if isinstance(node, list):
        return [_without_formats(v) for v in node]
    return node


def _schemas(spec: Path) -> Iterator[Tuple[str, str, Dict[str, Any]]]:
    """(operation id + role, model name, JSON schema) for each body/response/event model."""
    api, _ = build(spec, None, lenient=True)
    data = load_document(spec).data
    components = _without_formats(data.get("components") or {})
    for op in api.operations:
        item = data["paths"][op.path][op.method.lower()]
        roles = []
        if op.body is not None and isinstance(op.body.type, ir.Ref) and op.body.content_type.endswith("json"):
            roles.append(("request", op.body.type.name, item["requestBody"], ("content", op.body.content_type, "schema")))
        for role, typ, media in (("response", op.response.type if op.response else None, op.response.content_type if op.response else None), ("event", op.stream.type if op.stream else None, "text/event-stream")):
            if isinstance(typ, ir.Ref) and media:
                status = op.response.status if op.response else "200"
                roles.append((role, typ.name, item["responses"][status], ("content", media, "schema")))
        for role, name, owner, path in roles:
            schema: Any = owner
            for key in path:
                schema = schema[key]
            yield f"{op.operation_id} {role}", name, {**_without_formats(copy.deepcopy(schema)), "components": components}


CASES = [(spec, label, name, schema) for spec in ("openai-subset", "orq-subset") if SPECS.is_dir() for label, name, schema in _schemas(SPECS / f"{spec}.yaml")]


@pytest.mark.parametrize("spec, label, name, schema", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_generated_values_round_trip_through_the_models(spec: str, label: str, name: str, schema: Dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    from hypothesis import HealthCheck, given, settings

    from schema_strategies import SchemaStrategies

    values: List[Any] = []

    @settings(max_examples=EXAMPLES_PER_SCHEMA, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(SchemaStrategies(schema).for_schema(schema))
    def collect(value: Any) -> None:
        values.append(value)

    collect()
    assert len(values) >= EXAMPLES_PER_SCHEMA // 2
    package = _package(spec, tmp_path_factory)
    check = (
        "import json, sys, pydantic\n"
        f"from {package[1]} import models\n"
        f"adapter = pydantic.TypeAdapter(models.{name})\n"
        "def diff(a, b, path='$'):\n"
        "    if isinstance(a, dict) and isinstance(b, dict):\n"
        "        return [d for k in sorted(set(a) | set(b)) for d in diff(a.get(k, '<missing>'), b.get(k, '<missing>'), f'{path}.{k}')]\n"
        "    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):\n"
        "        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, f'{path}[{i}]')]\n"
        "    return [] if a == b else [f'{path}: {a!r} -> {b!r}'[:200]]\n"
        "failures = []\n"
        "for value in json.loads(sys.stdin.read()):\n"
        "    dumped = json.loads(adapter.dump_json(adapter.validate_python(value), by_alias=True))\n"
        "    failures.extend(diff(value, dumped))\n"
        "print(json.dumps(sorted(set(failures))[:10]))\n"
    )
    result = subprocess.run([sys.executable, "-c", check], input=json.dumps(values), capture_output=True, text=True, env={"PYTHONPATH": str(package[0] / "src")})
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == [], f"{label}: parse -> dump changed the value"


_PACKAGES: Dict[str, Tuple[Path, str]] = {}


def _package(spec: str, tmp_path_factory: pytest.TempPathFactory) -> Tuple[Path, str]:
    if spec not in _PACKAGES:
        out = tmp_path_factory.mktemp(spec)
        subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPECS / f"{spec}.yaml"), "-o", str(out), "--lenient"], check=True, capture_output=True, cwd=ROOT)
        api, _ = build(SPECS / f"{spec}.yaml", None, lenient=True)
        _PACKAGES[spec] = (out, api.config.package)
    return _PACKAGES[spec]

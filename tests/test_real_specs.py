"""Conformance on the real specs in ../shared/specs: every operation emitted, importable, typed.

Full specs (about 300 operations each) are marked `fullspec`: `make test` runs them;
`pytest -m "not fullspec"` skips them while iterating.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "specs"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUBSETS = ["openai-subset", "orq-subset", "r9s-relay"]
FULL = ["openai-full", "orq-full"]

pytestmark = pytest.mark.skipif(not SPECS.is_dir(), reason=f"{SPECS} is absent: the real-world specs live beside the repository")


class Generated:
    def __init__(self, name: str, out: Path) -> None:
        self.name = name
        self.spec = SPECS / f"{name}.yaml"
        self.out = out
        self.api, _ = build(self.spec, None, lenient=True)
        self.package = self.api.config.package

    def python(self, code: str) -> subprocess.CompletedProcess:
        """Run `code` in a fresh interpreter with the generated package importable."""
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(self.out / "src")}, timeout=600)


def _generate(name: str, tmp: Path) -> Generated:
    out = tmp / name
    result = subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPECS / f"{name}.yaml"), "-o", str(out), "--lenient"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return Generated(name, out)


@pytest.fixture(scope="module", params=SUBSETS + [pytest.param(n, marks=pytest.mark.fullspec) for n in FULL])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    yield _generate(request.param, tmp_path_factory.mktemp("specs"))


def spec_operations(spec: Path) -> List[Tuple[str, str, bool]]:
    """(method, path, ignored) for every operation in the document."""
    from openapi_sdkgen.spec.load import load_document

    data = load_document(spec).data
    found = []
    for path, item in (data.get("paths") or {}).items():
        for method in METHODS:
            op = (item or {}).get(method)
            if isinstance(op, dict):
                found.append((method.upper(), path, op.get("x-speakeasy-ignore") is True))
    return found


def test_every_operation_has_a_method(generated: Generated) -> None:
    operations = spec_operations(generated.spec)
    wanted = sorted((m, p) for m, p, ignored in operations if not ignored)
    emitted = sorted((op.method, op.path) for op in generated.api.operations)
    assert emitted == wanted  # 100% of the operations that are not marked ignored
    calls = [(list(op.group), op.py_name) for op in generated.api.operations]
    check = textwrap.dedent(
        f"""
        import inspect, json, {generated.package} as sdk
        client = getattr(sdk, {generated.api.config.sdk_class!r})(api_key="k")
        missing = []
        for group, name in json.loads({json.dumps(json.dumps(calls))}):
            target = client
            for attr in group:
                target = getattr(target, attr)
            twin = getattr(target, name + "_async", None)  # unwrap: deprecated methods carry a warning wrapper
            if not callable(getattr(target, name, None)) or twin is None or not inspect.iscoroutinefunction(inspect.unwrap(twin)):
                missing.append(".".join(group + [name]))
        print(json.dumps(missing))
        """
    )
    result = generated.python(check)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == []
    print(f"{generated.name}: {len(emitted)}/{len(wanted)} operations emitted ({len(operations) - len(wanted)} ignored by x-speakeasy-ignore)")


def test_every_module_and_model_imports(generated: Generated) -> None:
    check = textwrap.dedent(
        f"""
        import importlib, json, pkgutil
        import pydantic
        import {generated.package} as sdk
        from {generated.package} import models
        failed = []
        for info in pkgutil.walk_packages(sdk.__path__, sdk.__name__ + "."):
            try:
                importlib.import_module(info.name)
            except Exception as exc:
                failed.append(f"{{info.name}}: {{exc!r}}")
        for name in models.__all__:
            try:
                value = getattr(models, name)
                if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
                    value.model_rebuild()  # models are built on first use: build each now
            except Exception as exc:
                failed.append(f"models.{{name}}: {{exc!r}}")
        print(json.dumps(failed))
        """
    )
    result = generated.python(check)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == []


def test_the_generated_package_tests_pass(generated: Generated) -> None:
    """The package's own tests (tests/): every operation, sync and async, with its required
    arguments and with all of them, through a mock answering with the spec's examples."""
    cases = sum(len(json.loads(t.read_text(encoding="utf-8"))) for t in (generated.out / "tests" / "cases").glob("*.json"))
    assert cases >= 2 * len(generated.api.operations)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = subprocess.run(command, cwd=generated.out, capture_output=True, text=True, env={**environment, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"{2 * cases} passed" in result.stdout, result.stdout[-2000:]


@pytest.mark.parametrize("name", SUBSETS)
def test_subset_packages_pass_mypy_strict(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    generated = _generate(name, tmp_path_factory.mktemp("mypy"))
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(generated.out / "src")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def _oai_examples(spec: Path) -> Iterator[Tuple[str, int, str]]:
    from openapi_sdkgen.spec.load import load_document

    for item in (load_document(spec).data.get("paths") or {}).values():
        for method in METHODS:
            op = (item or {}).get(method)
            if not isinstance(op, dict):
                continue
            examples = (op.get("x-oaiMeta") or {}).get("examples") or []
            for index, example in enumerate(examples if isinstance(examples, list) else [examples]):
                if isinstance(example, dict) and isinstance(example.get("response"), str):
                    yield str(op.get("operationId")), index, example["response"]


def test_models_parse_the_openai_spec_response_examples(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The spec's own examples parse; an example that breaks its schema is named with its field."""
    generated = _generate("openai-subset", tmp_path_factory.mktemp("examples"))
    types = {}
    for op in generated.api.operations:
        json_type = op.response.type.name if op.response and isinstance(op.response.type, ir.Ref) else None
        stream_type = op.stream.type.name if op.stream and isinstance(op.stream.type, ir.Ref) else None
        types[op.operation_id] = (json_type, stream_type)
    cases = [(op_id, index, text) for op_id, index, text in _oai_examples(generated.spec) if op_id in types]
    assert len(cases) >= 3
    check = textwrap.dedent(
        f"""
        import json, sys
        import pydantic
        from {generated.package} import models
        types, cases = json.loads(sys.stdin.read())
        report = []
        for op_id, index, text in cases:
            json_type, stream_type = types[op_id]
            text = text.strip()
            if text.startswith("{{"):
                payloads, name = [text], json_type
            else:  # an event stream: one JSON payload per data line
                payloads = [l[5:].strip() for l in text.splitlines() if l.startswith("data:") and l[5:].strip() not in ("", "[DONE]")]
                name = stream_type
            for payload in payloads:
                try:
                    data = json.loads(payload)
                except ValueError:
                    report.append([op_id, index, "not JSON (elided example)", payload[:60]])
                    continue
                try:
                    pydantic.TypeAdapter(getattr(models, name)).validate_python(data)
                    report.append([op_id, index, "ok", name])
                except pydantic.ValidationError as exc:
                    fields = sorted({{".".join(map(str, e["loc"])) for e in exc.errors()}})
                    report.append([op_id, index, "violates its schema", fields])
        print(json.dumps(report))
        """
    )
    result = subprocess.run([sys.executable, "-c", check], input=json.dumps([types, cases]), capture_output=True, text=True, env={"PYTHONPATH": str(generated.out / "src")})
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    for op_id, index, outcome, detail in report:
        print(f"{op_id} example {index}: {outcome}: {detail}")
    parsed = {op_id for op_id, _, outcome, _ in report if outcome == "ok"}
    assert parsed == set(types)  # every operation has at least one example that parses

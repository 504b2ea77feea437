"""The corpus: real public OpenAPI documents that nobody here wrote (tests/corpus/manifest.json).

Each spec generates (with --lenient: many real specs are invalid in harmless ways), every
operation it declares is emitted, every module of its SDK imports, and every SDK passes
`mypy --strict`. The specs are in tests/corpus/specs/, as
their vendors published them at the commits the manifest names, with their licences
(tests/corpus/README.md); $SDKGEN_CORPUS points the tests at another copy. Specs of 200
operations and more carry the `slow` marker.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest

from openapi_sdkgen.pipeline import Result, generate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SDKGEN_CORPUS") or ROOT / "tests" / "corpus" / "specs")
MANIFEST: List[Dict[str, Any]] = json.loads((ROOT / "tests" / "corpus" / "manifest.json").read_text())
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SLOW_FROM = 200  # operations

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"$SDKGEN_CORPUS names {CORPUS}, which is absent")


def _params(entries: List[Dict[str, Any]]) -> List[Any]:
    params = []
    for e in entries:
        marks = [pytest.mark.slow] if e["operations"] >= SLOW_FROM else []
        params.append(pytest.param(e, id=e["name"], marks=marks))
    return params


def spec_operations(spec: Path) -> Set[Tuple[str, str]]:
    """(METHOD, path) of every operation the document declares, path items and operations
    followed through `$ref`s (also into other files), minus those marked x-speakeasy-ignore.
    Read with plain PyYAML/json, independently of the generator."""
    import yaml

    @functools.lru_cache(maxsize=None)
    def load(file: Path) -> Any:
        text = file.read_text(encoding="utf-8")
        return json.loads(text) if file.suffix == ".json" else yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def deref(node: Any, base: Path) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            file, _, fragment = node["$ref"].partition("#")
            if file:
                base = (base.parent / file).resolve()
            node = load(base)
            for part in fragment.split("/")[1:]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    found = set()
    for path, item in (load(spec).get("paths") or {}).items():
        item = deref(item, spec)
        for method in METHODS:
            operation = deref(item.get(method), spec) if method in item else None
            if isinstance(operation, dict) and str(operation.get("x-speakeasy-ignore")).lower() != "true":
                found.add((method.upper(), path))
    return found


class Generated:
    def __init__(self, entry: Dict[str, Any], out: Path) -> None:
        self.entry = entry
        self.spec = CORPUS / entry["file"]
        self.out = out
        self.result: Result = generate(self.spec, out, None, lenient=True, force=True)
        self.package = self.result.api.config.package

    def python(self, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(self.out / "src")}, timeout=900)


@pytest.fixture(scope="module", params=_params(MANIFEST))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return Generated(request.param, tmp_path_factory.mktemp("corpus") / request.param["name"])


def test_manifest_matches_the_corpus() -> None:
    """The manifest's counts are those of the files present: a re-gathered corpus is the one tested."""
    for entry in MANIFEST:
        assert len(spec_operations(CORPUS / entry["file"])) == entry["operations"], entry["name"]


def test_every_operation_is_emitted(generated: Generated) -> None:
    wanted = spec_operations(generated.spec)
    emitted = {(op.method, op.path) for op in generated.result.api.operations}
    assert sorted(wanted - emitted) == []
    assert len(generated.result.api.operations) == len(wanted)
    warnings = [d for d in generated.result.diagnostics if d.severity == "warning"]
    print(f"{generated.entry['name']}: {len(emitted)}/{len(wanted)} operations, {len(warnings)} warning(s)")


def test_every_module_imports(generated: Generated) -> None:
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
                    value.model_rebuild()
            except Exception as exc:
                failed.append(f"models.{{name}}: {{exc!r}}")
        print(json.dumps(failed))
        """
    )
    result = generated.python(check)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == []


def test_every_sdk_passes_mypy_strict(generated: Generated) -> None:
    # DigitalOcean's 1,136 modules take mypy about 9 s: every SDK is checked, not only the small ones
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(generated.out / "src")], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:]

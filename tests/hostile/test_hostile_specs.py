"""Hostile specs: generation fails with a placed error, or emits inert, typed, working code.

Each spec of the corpus is written to a file and generated through the CLI. What comes out
must parse, pass `mypy --strict` (one run over every package), import, answer a call of
every operation through a mock transport, keep its markdown tables intact, and never run
a payload: the canary file the payloads would create must not exist afterwards.
"""

from __future__ import annotations

import importlib
import keyword
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.pipeline import build
from hostile_corpus import HostileSpec, hostile_specs
from hostile_support import (
    ALLOWED_IMPORTS,
    DOCS_IMPORTS,
    TEST_IMPORTS,
    ROOT,
    Run,
    broken_tables,
    call_every_operation,
    code_problems,
    count_tables,
    dumps,
    expected_errors_raised,
    generated_sources,
    placed_errors,
    runtime_is_verbatim,
    sdkgen,
    spec_operations,
)
from hostile_tally import TALLY

_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Generated:
    spec: HostileSpec
    file: Path
    config: Path
    out: Path
    run: Run


@dataclass(frozen=True)
class Corpus:
    root: Path
    canaries: List[Path]  # where the payloads would create files
    runs: Dict[str, Generated]

    def injected(self) -> List[str]:
        TALLY.canary_checks += 1
        found = [str(p) for p in self.canaries if p.exists()]
        TALLY.injected.extend(f for f in found if f not in TALLY.injected)
        return found


SPECS = hostile_specs("CANARY")  # names and expectations; the real canary path is filled in below
GENERATING = [s.name for s in SPECS if not s.rejected_at]
REFUSED = [s.name for s in SPECS if s.rejected_at]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("hostile")
    work = root / "cwd"
    work.mkdir()
    canary = root / "CANARY"
    canaries = [canary, work / "PWNED", ROOT / "PWNED", Path.cwd() / "PWNED"]
    runs = {}
    for spec in hostile_specs(str(canary)):
        file = root / f"{spec.name}.{spec.fmt}"
        file.write_text(dumps(spec.data, spec.fmt), encoding="utf-8")
        config = root / f"{spec.name}.sdk.yaml"
        config.write_text(f"package: {spec.package}\ndistribution: {spec.package.replace('_', '-')}\nsdk_class: HostileSdk\nenv_prefix: HOSTILE\n")
        out = root / "out" / spec.name
        TALLY.hostile_specs.add(spec.name)
        runs[spec.name] = Generated(spec, file, config, out, sdkgen(["generate", file, "-o", out, "--config", config], cwd=work))
    return Corpus(root, canaries, runs)


@pytest.fixture(scope="module")
def mypy_report(corpus: Corpus) -> Dict[str, List[str]]:
    """One `mypy --strict` run over every generated package; its errors, by spec."""
    packages = {name: g.out / "src" / g.spec.package for name, g in corpus.runs.items() if g.run.returncode == 0}
    if not packages:
        return {}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(corpus.root / ".mypy_cache"), *map(str, packages.values())],
        capture_output=True, text=True, cwd=corpus.root,
    )
    errors: Dict[str, List[str]] = {name: [] for name in packages}
    for line in result.stdout.splitlines():
        for name, path in packages.items():
            if line.startswith(str(path)) or line.startswith(str(path.relative_to(corpus.root))):
                errors[name].append(line)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return errors


@pytest.fixture
def generated(corpus: Corpus, request: pytest.FixtureRequest) -> Generated:
    g = corpus.runs[request.param]
    assert g.run.returncode == 0, f"{g.spec.name}: generation failed\n{g.run.stderr[-3000:]}"
    TALLY.generated.add(g.spec.name)
    return g


def test_the_corpus_reaches_the_generator_intact(corpus: Corpus) -> None:
    """The dumped files hold exactly the hostile text: nothing was lost on the way to the generator."""
    for g in corpus.runs.values():
        assert load_document(g.file).data == g.spec.data, g.spec.name


@pytest.mark.parametrize("name", REFUSED)
def test_refused_specs_fail_clearly_with_the_place(corpus: Corpus, name: str) -> None:
    g = corpus.runs[name]
    assert g.run.returncode == 1, g.run.stdout + g.run.stderr
    assert "Traceback" not in g.run.stderr
    errors = placed_errors(g.run.stderr)
    assert errors, g.run.stderr
    assert all(e["file"] == str(g.file) for e in errors)
    assert any(g.spec.rejected_at in e["pointer"].replace("~1", "/") for e in errors), g.run.stderr
    assert "nothing was written" in g.run.stderr and not g.out.exists()
    TALLY.refused.add(name)


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_generation_succeeds_without_traceback(generated: Generated) -> None:
    assert "Traceback" not in generated.run.stderr
    assert re.search(r"wrote \d+ files", generated.run.stdout), generated.run.stdout


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_emitted_code_parses_and_holds_no_spec_code(generated: Generated) -> None:
    sources = list(generated_sources(generated.out))
    assert len(sources) > 10
    for path, source in sources:
        if "/utils/" in path.as_posix():
            continue
        parts = path.relative_to(generated.out).parts
        tests = parts[0] == "tests" or parts[:3] == (".sdkgen", "pristine", "tests")  # the package's tests, or their pristine copy
        assert code_problems(source, TEST_IMPORTS | {generated.spec.package} if tests else ALLOWED_IMPORTS) == [], path
    assert runtime_is_verbatim(generated.out, generated.spec.package) == []


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_emitted_code_passes_mypy_strict(generated: Generated, mypy_report: Dict[str, List[str]]) -> None:
    assert mypy_report[generated.spec.name] == []


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_markdown_tables_are_intact(generated: Generated) -> None:
    pages = sorted(generated.out.rglob("*.md"))
    authored = [line.strip() for line in generated.spec.data["info"]["description"].splitlines() if line.startswith("|")]
    tables = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert broken_tables(text, authored) == [], page
        tables += count_tables(text)
    assert tables >= 3, "the docs have no tables to check"


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_docs_examples_parse_and_hold_no_spec_code(generated: Generated) -> None:
    allowed = DOCS_IMPORTS | {generated.spec.package}
    blocks = [b for page in sorted(generated.out.rglob("*.md")) for b in _PYTHON_BLOCK.findall(page.read_text(encoding="utf-8"))]
    assert len(blocks) >= 4, "no usage examples in the docs"
    for block in blocks:
        # union pages show `value: models.X = /* values here */`, as the seed documents do
        assert code_problems(block.replace("/* values here */", "..."), allowed) == [], block


@pytest.fixture
def imported(generated: Generated) -> Iterator[object]:
    src = str(generated.out / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module(generated.spec.package)
    finally:
        sys.path.remove(src)


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_every_operation_is_called_and_nothing_runs(corpus: Corpus, generated: Generated, imported: object) -> None:
    api, _ = build(generated.file, generated.config)
    declared = spec_operations(generated.spec.data)
    lost = sorted(set(declared) - {(op.method, op.path) for op in api.operations})
    TALLY.lost.extend(f"{generated.spec.name}: {m} {p}" for m, p in lost)
    assert lost == []

    called, problems = call_every_operation(imported, api)
    TALLY.operations_called += called
    assert problems == []
    assert called == len(declared)
    checked, problems = expected_errors_raised(imported, api)
    assert problems == [] and checked > 0
    assert corpus.injected() == []


def test_no_canary_after_everything(corpus: Corpus) -> None:
    assert corpus.injected() == []


@pytest.mark.parametrize("title", ["import", "None", "class"])
def test_a_keyword_title_still_names_an_importable_package(tmp_path: Path, title: str) -> None:
    """With no config, names come from the title: a keyword must not become the package name."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: {title}, version: '1'}}\npaths: {{}}\n", encoding="utf-8")
    run = sdkgen(["generate", spec, "-o", tmp_path / "out"], cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    (package,) = [p.name for p in (tmp_path / "out" / "src").iterdir()]
    assert package.isidentifier() and not keyword.iskeyword(package)
    imported = subprocess.run([sys.executable, "-c", f"import {package}"], cwd=tmp_path / "out" / "src", capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr


@pytest.mark.parametrize("generated", GENERATING, indirect=True)
def test_the_package_tests_pass(generated: Generated) -> None:
    """The package's own tests run every operation with the spec's hostile names, examples and
    paths as data (tests/cases/*.json): they pass, and nothing of the spec runs."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = subprocess.run(command, cwd=generated.out, capture_output=True, text=True, env={**environment, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout

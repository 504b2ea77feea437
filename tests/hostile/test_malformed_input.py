"""Malformed and abusive specs through the CLI: a clear error with its place, or a correct
result; never a traceback, never a request to a remote `$ref`, never a change to the
output of a previous run."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

from hostile_support import Run, placed_errors, sdkgen
from hostile_tally import TALLY
from malformed_corpus import Malformed, malformed_inputs, ring, spec


@dataclass(frozen=True)
class Outcome:
    case: Malformed
    file: Path
    out: Path
    run: Run
    seconds: float


@pytest.fixture(scope="module")
def remote_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[str, Path]]:
    """A real HTTP server on 127.0.0.1; the test reads its log to prove nobody asked it."""
    root = tmp_path_factory.mktemp("remote")
    (root / "schemas.yaml").write_text("A: {type: string}\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = root / "requests.log"
    with open(log, "w") as sink:
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)], stdout=sink, stderr=sink)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", log
    finally:
        os.kill(server.pid, 15)
        server.wait(timeout=10)


def _package(name: str) -> str:
    return name.replace("-", "_").lower()


CASES = {case.name: case for case in malformed_inputs("http://127.0.0.1:1")}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory, remote_server: Tuple[str, Path]) -> Dict[str, Outcome]:
    root = tmp_path_factory.mktemp("malformed")

    def run(case: Malformed) -> Outcome:
        file = root / f"{case.name}{case.suffix}"
        if isinstance(case.content, bytes):
            file.write_bytes(case.content)
        else:
            file.write_text(case.content, encoding="utf-8", errors="surrogatepass")
        out = root / "out" / case.name
        config = root / f"{case.name}.sdk.yaml"
        config.write_text(f"package: {_package(case.name)}\nsdk_class: Malformed\nenv_prefix: MALFORMED\n")
        started = time.monotonic()
        result = sdkgen(["generate", file, "-o", out, "--config", config], cwd=root)
        return Outcome(case, file, out, result, time.monotonic() - started)

    cases = malformed_inputs(remote_server[0])
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = {o.case.name: o for o in pool.map(run, cases)}
    TALLY.malformed_inputs.update(found)
    return found


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_answer_is_clear(outcomes: Dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]
    case, run = outcome.case, outcome.run
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == case.returncode, run.stdout + run.stderr[-3000:]
    assert case.message in run.stderr, run.stderr[-3000:]
    if case.returncode == 0:
        return
    assert "nothing was written" in run.stderr and not outcome.out.exists()
    errors = placed_errors(run.stderr)
    assert errors, f"no error names its place:\n{run.stderr}"
    assert all(error["file"] == str(outcome.file) for error in errors)
    if case.pointer is not None:
        assert any(case.pointer in error["pointer"] for error in errors), run.stderr
    if case.line:
        assert all(error["line"] for error in errors), run.stderr


LENIENT = ["paths-not-mapping", "path-item-not-mapping", "method-not-mapping", "responses-not-mapping", "parameters-not-list", "duplicate-operation-id", "swagger-2"]


@pytest.mark.parametrize("name", LENIENT)
def test_lenient_mode_tolerates_no_structural_error(outcomes: Dict[str, Outcome], name: str) -> None:
    """--lenient downgrades harmless schema errors only: a broken structure still stops the run cleanly."""
    outcome = outcomes[name]
    run = sdkgen(["generate", outcome.file, "-o", outcome.out, "--lenient"], cwd=outcome.file.parent)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1 and placed_errors(run.stderr), run.stderr[-3000:]


def test_a_remote_ref_is_never_fetched(outcomes: Dict[str, Outcome], remote_server: Tuple[str, Path]) -> None:
    assert outcomes["ref-remote"].run.returncode == 1
    url, log = remote_server
    assert '"GET ' not in log.read_text(), "the generator asked the remote server"
    assert url in outcomes["ref-remote"].run.stderr


def test_abusive_inputs_finish_quickly(outcomes: Dict[str, Outcome]) -> None:
    """Not a timing test: an exponential walk would take hours, not the minute allowed here."""
    for name in ("billion-laughs", "allof-diamonds", "recursive-alias", "too-deep-json"):
        assert outcomes[name].seconds < 120, (name, outcomes[name].seconds)


GENERATED = sorted(name for name, case in CASES.items() if case.returncode == 0)


@pytest.fixture(scope="module")
def mypy_errors(outcomes: Dict[str, Outcome], tmp_path_factory: pytest.TempPathFactory) -> List[str]:
    """One `mypy --strict` run over every package the malformed inputs produced."""
    packages = [str(o.out / "src" / _package(o.case.name)) for o in outcomes.values() if o.case.returncode == 0 and o.run.returncode == 0]
    cache = tmp_path_factory.mktemp("mypy-cache")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *packages], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return [line for line in result.stdout.splitlines() if ": error:" in line]


@pytest.mark.parametrize("name", GENERATED)
def test_a_correct_result_types_and_imports(outcomes: Dict[str, Outcome], mypy_errors: List[str], name: str) -> None:
    outcome = outcomes[name]
    assert outcome.run.returncode == 0, outcome.run.stderr[-3000:]
    package = _package(name)
    assert [e for e in mypy_errors if f"/{package}/" in e] == []
    sys.path.insert(0, str(outcome.out / "src"))
    try:
        models = importlib.import_module(f"{package}.models")
        for model in outcome.case.models:
            assert hasattr(models, model), model
        # the hostile specs name no server: the client requires one
        client = importlib.import_module(package).Malformed(api_key="k", server_url="https://malformed.example.com")
        assert callable(client.things.list)
    finally:
        sys.path.remove(str(outcome.out / "src"))


def test_deep_schemas_keep_every_level(outcomes: Dict[str, Outcome]) -> None:
    """50 levels of nesting come out whole: the innermost property exists in the models."""
    for kind, innermost in (("properties", "level0"), ("allOf", "own0"), ("oneOf", "alt0")):
        text = "".join(p.read_text() for p in (outcomes[f"deep-50-{kind}"].out / "src").rglob("models/*.py"))
        assert f"{innermost}:" in text and f"{innermost.rstrip('0')}49:" in text, kind


def _snapshot(directory: Path) -> Dict[str, Tuple[str, int]]:
    return {
        p.relative_to(directory).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("name", ["invalid-yaml", "billion-laughs", "ref-missing", "duplicate-operation-id", "not-utf8"])
def test_a_failing_run_leaves_the_previous_output_untouched(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    good = tmp_path / "good.yaml"
    good.write_text(CASES["ref-cycle-properties"].content, encoding="utf-8")  # type: ignore[arg-type]
    out = tmp_path / "sdk"
    assert sdkgen(["generate", good, "-o", out], cwd=tmp_path).returncode == 0
    (out / "NOTES.md").write_text("a file of the user's\n")
    before = _snapshot(out)

    bad = tmp_path / f"bad{case.suffix}"
    bad.write_bytes(case.content if isinstance(case.content, bytes) else case.content.encode("utf-8"))
    run = sdkgen(["generate", bad, "-o", out], cwd=tmp_path)

    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["good.yaml", "sdk", bad.name])


def test_regenerating_a_long_model_cycle_over_its_output(tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    models = ring(250)
    first.write_text(json.dumps(spec(models)), encoding="utf-8")
    models["C7"]["properties"]["added"] = {"type": "integer"}
    second.write_text(json.dumps(spec(models)), encoding="utf-8")
    assert sdkgen(["generate", first, "-o", tmp_path / "sdk"], cwd=tmp_path).returncode == 0
    run = sdkgen(["generate", second, "-o", tmp_path / "sdk"], cwd=tmp_path)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr[-2000:]

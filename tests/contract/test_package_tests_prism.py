"""The generated package's own tests (generated/tests/) pointed at a real Prism mock server
through ORQ_PRISM_URL instead of their mock: Prism checks every request against the spec
(an `sl-violations` header fails the test) and answers from the spec's examples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from contract.prism import PrismServer

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"


def test_the_package_tests_pass_against_prism(prism: PrismServer, tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(GENERATED, package, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    environment.update(PYTHONDONTWRITEBYTECODE="1", ORQ_PRISM_URL=prism.url)
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"]
    result = subprocess.run(command, cwd=package, capture_output=True, text=True, env=environment, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    cases = [c for t in (package / "tests" / "cases").glob("*.json") for c in json.loads(t.read_text(encoding="utf-8"))]
    streamed = sum(1 for c in cases if c["result"].get("stream"))
    assert f"{2 * (len(cases) - streamed)} passed, {2 * streamed} skipped" in result.stdout, result.stdout[-2000:]

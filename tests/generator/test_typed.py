"""The generator's own code is typed: mypy --strict passes on generator/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generator_passes_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(ROOT / "generator")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout

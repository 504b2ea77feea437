"""The generator's own code is typed: mypy --strict passes on the `openapi_sdkgen` package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generator_passes_mypy_strict(tmp_path: Path) -> None:
    # The folder generator/ is the import package openapi_sdkgen: mypy reads it under that name.
    (tmp_path / "openapi_sdkgen").symlink_to(ROOT / "generator", target_is_directory=True)
    env = {**os.environ, "MYPYPATH": str(tmp_path)}
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "openapi_sdkgen"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout
    assert "no issues found" in result.stdout

"""Running sdkgen as a user does, and comparing output trees, for the command-line tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "tests" / "specs"


def sdkgen(*args: str, env: Dict[str, str] = {}) -> subprocess.CompletedProcess:  # noqa: B006 - never mutated
    return subprocess.run([sys.executable, "-m", "openapi_sdkgen", *args], capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env})


def snapshot(directory: Path) -> Dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.rglob("*")) if p.is_file()}

"""Assemble templates/runtime into a throwaway package `rtpkg.utils`, as the generator does."""

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"

_root = Path(tempfile.mkdtemp(prefix="rtpkg-"))
(_root / "rtpkg" / "utils").mkdir(parents=True)
(_root / "rtpkg" / "__init__.py").write_text("")
for _src in RUNTIME.glob("*.py"):
    shutil.copy(_src, _root / "rtpkg" / "utils" / _src.name)
sys.path.insert(0, str(_root))


def pytest_unconfigure(config: Any) -> None:
    shutil.rmtree(_root, ignore_errors=True)

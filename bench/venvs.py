"""Where the measured programs live: sdkgen in the project's venv, the peers in bench venvs.

`make bench` creates bench/.venv/generators (openapi-python-client, datamodel-code-generator)
and bench/.venv/clients (httpx, pydantic, openai, orq-ai-sdk, r9s, and no rich/click, which
httpx would import). Without them only sdkgen and the emitted client are measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

from .specs import ROOT

BENCH_VENVS = ROOT / "bench" / ".venv"
GENERATOR_PEERS = ("openapi-python-client", "datamodel-code-generator")
CLIENT_PACKAGES = ("httpx", "pydantic", "openai", "orq-ai-sdk", "r9s")


class Venvs:
    def __init__(self, root: Path = BENCH_VENVS) -> None:
        self.root = root
        here = Path(sys.executable).parent
        self.sdkgen = here / "sdkgen" if (here / "sdkgen").exists() else ROOT / ".venv" / "bin" / "sdkgen"

    def generator_tool(self, name: str) -> Optional[Path]:
        tool = self.root / "generators" / "bin" / name
        return tool if tool.exists() else None

    @property
    def clients_python(self) -> Optional[Path]:
        python = self.root / "clients" / "bin" / "python"
        return python if python.exists() else None

    def runtime_python(self) -> Path:
        """The clients' venv when there is one, else this interpreter (emitted client and raw only)."""
        return self.clients_python or Path(sys.executable)

    def versions(self) -> Dict[str, Optional[str]]:
        found: Dict[str, Optional[str]] = {}
        found.update(_versions(Path(sys.executable), ["black", "openapi-spec-validator"]))
        if self.generator_tool("openapi-python-client") is not None:
            found.update(_versions(self.root / "generators" / "bin" / "python", list(GENERATOR_PEERS)))
        found.update(_versions(self.runtime_python(), list(CLIENT_PACKAGES)))
        return found


def _versions(python: Path, names: List[str]) -> Dict[str, Optional[str]]:
    code = (
        "import importlib.metadata as m, json, sys\n"
        "def v(n):\n"
        "    try:\n        return m.version(n)\n"
        "    except m.PackageNotFoundError:\n        return None\n"
        "print(json.dumps({n: v(n) for n in sys.argv[1:]}))"
    )
    result = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]

"""Runtime benchmark: the emitted client against raw httpx + json and the peer SDKs."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any, Dict, List

from .measure import compile_bytecode, environment, run_once
from .specs import ROOT
from .venvs import Venvs

SCRIPT = ROOT / "bench" / "clients.py"
GENERATED_SRC = ROOT / "generated" / "src"
# what a program that makes calls imports: the client class (a lazy package costs nothing until then)
IMPORTS = {"raw": "import httpx, json", "ours": "from orq_ai_sdk import Orq", "openai": "from openai import OpenAI", "orq": "from orq_ai_sdk import Orq", "r9s": "from r9s import R9S"}
DISTRIBUTIONS = {"openai": "openai", "orq": "orq-ai-sdk", "r9s": "r9s"}


def clients(versions: Dict[str, Any]) -> List[str]:
    return ["raw", "ours", *(name for name, dist in DISTRIBUTIONS.items() if versions.get(dist))]


def _env(name: str) -> Dict[str, str]:
    # the emitted package shares its import name with the Speakeasy SDK: only ours puts it on the path
    return environment(PYTHONPATH=str(GENERATED_SRC)) if name == "ours" else environment()


def import_time(python: Path, name: str, runs: int) -> Dict[str, float]:
    command = [str(python), "-c", IMPORTS.get(name, "pass")]
    env = _env(name)
    run_once(command, env=env)  # writes the bytecode caches
    times = [run_once(command, env=env).seconds for _ in range(runs)]
    return {"median_ms": round(statistics.median(times) * 1e3, 1)}


def first_call(python: Path, name: str, runs: int) -> Dict[str, float]:
    samples = [json.loads(run_once([str(python), str(SCRIPT), name, "first", IMPORTS.get(name, "pass")], env=_env(name)).output.strip().splitlines()[-1]) for _ in range(runs)]
    return {key: round(statistics.median(s[key] for s in samples), 2) for key in samples[0]}


def calls(python: Path, name: str, rounds: int, budget: float) -> Dict[str, Any]:
    run = run_once([str(python), str(SCRIPT), name, "calls", str(rounds), str(budget)], env=_env(name))
    return json.loads(run.output.strip().splitlines()[-1])  # type: ignore[no-any-return]


DOWNLOADERS = ("raw", "ours")  # the peers have no download of the Router API's to compare


def download(python: Path, name: str, runs: int) -> Dict[str, float]:
    """Median of fresh processes, each streaming 200 MB to a file."""
    samples = [json.loads(run_once([str(python), str(SCRIPT), name, "download"], env=_env(name)).output.strip().splitlines()[-1]) for _ in range(runs)]
    return {key: round(statistics.median(s[key] for s in samples), 2) for key in samples[0]}


def run(venvs: Venvs, versions: Dict[str, Any], runs: int, quick: bool) -> Dict[str, Any]:
    python = venvs.runtime_python()
    names = clients(versions)
    compile_bytecode(python, GENERATED_SRC)
    results: Dict[str, Any] = {"python_startup": import_time(python, "python", runs), "clients": {}}
    for name in names:
        results["clients"][name] = {
            "import": import_time(python, name, runs),
            "first_call": first_call(python, name, runs),
            "calls": calls(python, name, rounds=1 if quick else runs, budget=0.02 if quick else 0.3),
        }
        if name in DOWNLOADERS:
            results["clients"][name]["download"] = download(python, name, 1 if quick else min(runs, 3))
    return results

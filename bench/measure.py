"""Whole-process measurements: wall time (median of runs) and peak resident memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

SLOW_RUN_S = 15.0  # a case whose first run takes longer gets at most 3 runs


class RunFailed(Exception):
    """A measured command exited non-zero: the numbers would mean nothing."""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


@dataclass
class Measure:
    runs: List[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def output(self) -> str:
        return self.runs[-1].output

    def as_json(self) -> Dict[str, object]:
        return {"median_s": round(self.seconds, 4), "peak_mb": round(self.peak_mb, 1), "runs_s": [round(r.seconds, 4) for r in self.runs]}


def run_once(command: Sequence[str], env: Optional[Dict[str, str]] = None, cwd: Optional[Path] = None, check: bool = True) -> Run:
    """Run `command` to completion; its peak RSS is the largest of it and its waited-for children."""
    started = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    if check and process.returncode != 0:
        raise RunFailed(f"{' '.join(command)} exited {process.returncode}:\n{output[-3000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024, output)


def repeat(runs: int, once: Callable[[int], Run]) -> Measure:
    """`runs` runs of `once(i)` (fewer when the first is slow), each measured alone."""
    measure = Measure([once(0)])
    total = runs if measure.runs[0].seconds < SLOW_RUN_S else min(runs, 3)
    for i in range(1, total):
        measure.runs.append(once(i))
    return measure


def environment(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SDKGEN_CACHE_DIR", "SDKGEN_NO_CACHE")}
    env.update(extra)
    return env


def compile_bytecode(python: Path, source: Path) -> None:
    """Write the bytecode of the modules under `source`, as pip does when it installs a
    package: a tool measured from its source tree would otherwise compile them on every
    run wherever PYTHONDONTWRITEBYTECODE is set."""
    run_once([str(python), "-m", "compileall", "-q", str(source)])

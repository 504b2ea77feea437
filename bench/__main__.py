"""`python -m bench`: the generator and runtime benchmarks, as tables and bench/results.json.

    python -m bench                 everything (make bench), about 20-30 minutes
    python -m bench --quick         the Router spec only, one run, no peers: checks the harness
    python -m bench --only runtime  one part (generator | runtime | lines | corpus)
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Set

from . import corpus, generators, lines, paging, report, runtime
from .specs import REAL, ROOT
from .venvs import Venvs

LABELS = {"raw": "httpx", "openai": "openai", "orq": "orq-ai-sdk", "r9s": "r9s"}


def machine() -> Dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()}


_PARTS = ["generator", "runtime", "lines", "corpus"]


def _kept(output: Path, parts: Set[str]) -> Dict[str, Any]:
    """The parts of an earlier full run in `output` that this run does not measure again:
    `--only corpus` updates the corpus part and keeps the others (`dates` says when each ran)."""
    try:
        earlier = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(earlier, dict) or earlier.get("quick"):
        return {}
    date = earlier.get("date")
    dates = earlier.get("dates") or {part: date for part in _PARTS if part in earlier}
    kept = {part: earlier[part] for part in _PARTS if part in earlier and part not in parts}
    return {**kept, "dates": {part: dates[part] for part in kept if part in dates}} if kept else {}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="Router spec only, one run, no peers")
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (median); cases over 15 s get at most 3")
    parser.add_argument("--only", choices=_PARTS, action="append", help="run only these parts (the others are kept from --output)")
    parser.add_argument("--specs", nargs="+", choices=list(REAL), help="generator benchmark on these specs only")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json", help="where to write the JSON results")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    parts = set(args.only or _PARTS)
    venvs = Venvs(Path("/nonexistent") if args.quick else ROOT / "bench" / ".venv")
    versions = venvs.versions()
    date = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    results: Dict[str, Any] = {**({} if args.quick else _kept(args.output, parts)), "date": date, "machine": machine(), "quick": args.quick, "versions": versions}
    results["dates"] = {**results.get("dates", {}), **{part: date for part in parts}}

    if "generator" in parts:
        cases = args.specs or (["router"] if args.quick else list(REAL))
        results["generator"] = generators.run(venvs, runs, args.quick, cases)
        print("## Generator: whole process, median of runs (peak RSS)\n")
        print(report.generator_table(results["generator"]) + "\n")
        print("## Scaling: synthetic specs, cold\n")
        print(report.scaling_table(results["generator"]["scaling"]) + "\n")
    if "corpus" in parts and not args.quick:
        results["corpus"] = corpus.run(venvs)
        print("## Corpus: public specs, one cold run each, against openapi-python-client\n")
        print(corpus.corpus_table(results["corpus"]) + "\n")
    if "runtime" in parts:
        results["runtime"] = runtime.run(venvs, versions, runs, args.quick)
        results["runtime"]["versions"] = {n: versions.get(d) for n, d in LABELS.items()}
        print("## Runtime: the emitted client against raw httpx + json and the peers (same mock transport)\n")
        print(report.runtime_table(results["runtime"]) + "\n")
        results["runtime"]["paging"] = paging.run(venvs.runtime_python(), runs)
        print("## Pagination: a paged method iterated to the end, against a hand-written loop\n")
        print(paging.table(results["runtime"]["paging"]) + "\n")
    if "lines" in parts:
        results["lines"] = lines.count(runtime.GENERATED_SRC / "orq_ai_sdk")
        print("## Lines emitted for the Router API (generated/src)\n")
        print(report.lines_table(results["lines"]) + "\n")
    results["budgets"] = report.budgets(results)
    print("## Budgets\n")
    print(report.budgets_table(results["budgets"]) + "\n")
    print(f"{results['date']} on {results['machine']['cpu']} ({results['machine']['cores']} cores), Python {results['machine']['python']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The corpus in the generator benchmark: each public spec of tests/corpus/manifest.json,
generated once cold by sdkgen and by openapi-python-client, with the operations each emits.

The specs are in tests/corpus/specs/ (see tests/corpus/README.md), or where
$SDKGEN_CORPUS says; without them this part is skipped with that reason. One run each: the table compares the two on the same spec in
the same minute, and the largest take tens of seconds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

from .generators import Case, GeneratorBench
from .measure import RunFailed
from .report import table
from .specs import ROOT
from .venvs import Venvs

MANIFEST = ROOT / "tests" / "corpus" / "manifest.json"
_WARNINGS = re.compile(r"(\d+) warning\(s\)")
_OPERATIONS = re.compile(r"(\d+) operations")


def location() -> Path:
    """Where the corpus is: $SDKGEN_CORPUS, else tests/corpus/specs (as tests/test_corpus.py)."""
    return Path(os.environ.get("SDKGEN_CORPUS") or ROOT / "tests" / "corpus" / "specs")


def run(venvs: Venvs) -> Dict[str, Any]:
    corpus = location()
    if not corpus.is_dir():
        return {"skipped": f"{corpus} is absent: $SDKGEN_CORPUS names no corpus"}
    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-corpus-"))
    try:
        bench = GeneratorBench(venvs, work, runs=1)
        rows = [_row(bench, corpus, entry) for entry in json.loads(MANIFEST.read_text(encoding="utf-8"))]
        return {"location": str(corpus), "specs": rows}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _row(bench: GeneratorBench, corpus: Path, entry: Dict[str, Any]) -> Dict[str, Any]:
    case = Case(entry["name"], corpus / entry["file"], None)
    row: Dict[str, Any] = {"spec": entry["name"], "operations": entry["operations"]}
    try:
        ours = bench.sdkgen_cold(case)
        row["sdkgen_s"] = round(ours.seconds, 2)
        row["sdkgen_operations"] = _count(_OPERATIONS, ours.output)
        row["warnings"] = _count(_WARNINGS, ours.output)
    except RunFailed as exc:
        row["sdkgen_error"] = str(exc)[-300:]
    try:
        theirs = bench.openapi_python_client(case)
        if theirs is not None:
            row["opc_s"] = round(theirs.seconds, 2)
            row["opc_operations"] = int(theirs.output)
    except RunFailed as exc:
        row["opc_error"] = str(exc)[-300:]
    return row


def _count(pattern: "re.Pattern[str]", output: str) -> Optional[int]:
    found = pattern.findall(output)
    return int(found[-1]) if found else None


def corpus_table(results: Dict[str, Any]) -> str:
    if "skipped" in results:
        return results["skipped"]
    rows: List[List[str]] = []
    for r in results["specs"]:
        ours = f"{r['sdkgen_s']:.2f} s" if "sdkgen_s" in r else "failed"
        theirs = f"{r['opc_s']:.2f} s" if "opc_s" in r else "failed" if "opc_error" in r else "-"
        ratio = f"{r['sdkgen_s'] / r['opc_s']:.2f}x" if "sdkgen_s" in r and "opc_s" in r else "-"
        emitted = "-" if r.get("sdkgen_operations") is None else str(r["sdkgen_operations"])
        opc_emitted = "-" if r.get("opc_operations") is None else str(r["opc_operations"])
        warnings = "-" if r.get("warnings") is None else str(r["warnings"])
        rows.append([r["spec"], str(r["operations"]), warnings, ours, theirs, ratio, emitted, opc_emitted])
    header = ["spec", "operations", "our warnings", "sdkgen cold", "openapi-python-client", "ours / opc", "ours emitted", "opc emitted"]
    return table(header, rows)

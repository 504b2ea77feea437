"""The benchmark harness runs end to end on the Router spec (`--quick`); timings are not checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.lines import classify
from bench.specs import one_field_change, synthetic

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_writes_every_table_and_the_results(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--quick", "--output", str(output)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    for title in ("## Generator", "## Scaling", "## Runtime", "## Pagination", "## Lines", "## Budgets"):
        assert title in run.stdout
    results = json.loads(output.read_text())
    router = results["generator"]["specs"]["router"]
    assert router["sdkgen_cold"]["operations"] == router["operations"] == 3
    assert router["sdkgen_warm"]["median_s"] > 0 and router["sdkgen_cold"]["peak_mb"] > 0
    assert [row["operations"] for row in results["generator"]["scaling"]] == [10]
    clients = results["runtime"]["clients"]
    assert set(clients) == {"raw", "ours"}
    assert all(clients[c]["calls"]["stream_events_per_s"] > 0 for c in clients)
    assert all(clients[c]["download"]["mb_per_s"] > 0 and clients[c]["download"]["peak_rss_mb"] > 0 for c in clients)
    assert "200 MB download streamed to a file" in run.stdout
    paging = results["runtime"]["paging"]
    assert paging["items"] == 10_000 and paging["ours_ms"] > 0 and paging["raw_ms"] > 0
    assert results["lines"]["models"]["code"] > 0
    assert {b["measure"] for b in results["budgets"]} >= {"import, whole process", "first call in a fresh process"}


def test_one_field_change_alters_one_description_only() -> None:
    text = (ROOT / "spec" / "openapi.yaml").read_text()
    changed = one_field_change(text, 2)
    differing = [(a, b) for a, b in zip(text.splitlines(), changed.splitlines()) if a != b]
    assert len(differing) == 1 and differing[0][1] == differing[0][0] + " Revision 2."
    assert one_field_change(text, 0) == text


def test_synthetic_specs_have_the_asked_number_of_operations() -> None:
    import yaml

    document = yaml.safe_load(synthetic(7))
    assert len(document["paths"]) == 7
    assert {"Thing6", "Thing6Input", "Owner"} <= set(document["components"]["schemas"])


def test_lines_are_split_into_code_docstrings_and_blanks() -> None:
    source = '"""Module."""\n\n# a comment\nx = "not a docstring"\n\n\ndef f() -> None:\n    """Doc\n    on two lines."""\n'
    assert classify(source) == {"code": 2, "doc": 4, "blank": 3}


def test_the_comparable_lines_are_the_model_and_resource_modules(tmp_path: Path) -> None:
    """As Speakeasy's figure: not the runtime, the client, or the modules that re-export."""
    from bench.lines import count
    from bench.report import comparable_lines

    files = {"__init__.py": 1, "sdk.py": 2, "models/__init__.py": 4, "models/thing.py": 8, "resources/__init__.py": 16, "resources/things.py": 32, "utils/client.py": 64}
    for path, lines in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x = 1\n" * lines)
    parts = count(tmp_path)
    assert {part: t["total"] for part, t in parts.items()} == {"top": 3, "exports": 20, "models": 8, "resources": 32, "utils": 64}
    assert comparable_lines(parts)["total"] == 40


def test_the_corpus_table_compares_each_spec_and_says_what_failed() -> None:
    from bench.corpus import corpus_table

    results = {"specs": [
        {"spec": "box", "operations": 296, "sdkgen_s": 4.0, "sdkgen_operations": 296, "warnings": 2, "opc_s": 8.0, "opc_operations": 290},
        {"spec": "broken", "operations": 5, "sdkgen_error": "exited 1", "opc_error": "exited 1"},
    ]}
    rows = [line for line in corpus_table(results).splitlines() if line.startswith("| box") or line.startswith("| broken")]
    assert rows == ["| box | 296 | 2 | 4.00 s | 8.00 s | 0.50x | 296 | 290 |", "| broken | 5 | - | failed | failed | - | - | - |"]


def test_the_corpus_part_says_why_it_is_skipped(tmp_path: Path, monkeypatch: "pytest.MonkeyPatch") -> None:
    from bench import corpus
    from bench.venvs import Venvs

    monkeypatch.setenv("SDKGEN_CORPUS", str(tmp_path / "nowhere"))
    results = corpus.run(Venvs(tmp_path))
    assert results == {"skipped": f"{tmp_path / 'nowhere'} is absent: $SDKGEN_CORPUS names no corpus"}
    assert corpus.corpus_table(results) == results["skipped"]


def test_a_run_of_one_part_keeps_the_other_parts_of_a_full_run(tmp_path: Path) -> None:
    from bench.__main__ import _kept

    output = tmp_path / "results.json"
    output.write_text(json.dumps({"date": "d1", "quick": False, "generator": {"g": 1}, "corpus": {"c": 1}, "budgets": []}))
    assert _kept(output, {"corpus"}) == {"generator": {"g": 1}, "dates": {"generator": "d1"}}
    output.write_text(json.dumps({"date": "d1", "quick": True, "generator": {"g": 1}}))
    assert _kept(output, {"corpus"}) == {}  # a quick run's numbers are no full run's
    assert _kept(tmp_path / "absent.json", {"corpus"}) == {}

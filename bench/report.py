"""Tables for the terminal (markdown, so they paste into the README) and the budget verdicts."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from .lines import SPEAKEASY_EXPORT_LINES, SPEAKEASY_LINES

PEERS = ("openai", "orq", "r9s")


def table(header: Sequence[str], rows: List[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _s(entry: Optional[Dict[str, Any]]) -> str:
    if not entry:
        return "-"
    if "error" in entry:
        return "failed"
    return f"{entry['median_s']:.2f} s ({entry['peak_mb']:.0f} MB)"


def generator_table(results: Dict[str, Any]) -> str:
    rows = []
    for name, entry in results["specs"].items():
        if "error" in entry:
            rows.append([name, "-", entry["error"], "", "", "", ""])
            continue
        cold, opc, dm = entry["sdkgen_cold"], entry.get("openapi_python_client"), entry.get("datamodel_codegen")
        ratio = f"{cold['median_s'] / opc['median_s']:.2f}x" if opc and "error" not in opc and "error" not in cold else "-"
        opc_ops = f", {opc['operations']}/{entry.get('operations_in_spec', entry['operations'])} ops" if opc and "operations" in opc else ""
        rows.append([name, f"{cold.get('operations')}/{entry['operations']}", _s(cold), _s(entry.get("sdkgen_warm")), _s(opc) + opc_ops, _s(dm), ratio])
    header = ["spec", "ops emitted (not ignored)", "sdkgen cold", "sdkgen warm (1 field changed)", "openapi-python-client", "datamodel-code-generator (models)", "cold / opc"]
    return table(header, rows)


def scaling_table(rows: List[Dict[str, Any]]) -> str:
    body = [[str(r["operations"]), f"{r['median_s']:.2f} s", f"{r['ms_per_operation']:.2f}", f"{r.get('marginal_ms_per_operation', 0):.2f}" if "marginal_ms_per_operation" in r else "-", f"{r['peak_mb']:.0f} MB"] for r in rows]
    return table(["operations", "sdkgen cold", "ms / operation", "marginal ms / operation", "peak RSS"], body)


_CLIENTS = {"raw": "raw httpx + json", "ours": "ours", "openai": "openai", "orq": "orq-ai-sdk (Speakeasy)", "r9s": "r9s (Speakeasy)"}
_CALLS = (
    ("chat call", "chat_s", 1e6, "us"),
    ("200-choice response", "choices_200_s", 1e6, "us"),
    ("createImage, 4 x 1 MB b64_json", "images_4x1mb_s", 1e6, "us"),
    ("1 MB multipart upload", "upload_1mb_s", 1e6, "us"),
    ("async, batches of 50 (per call)", "async_batch50_per_call_s", 1e6, "us"),
)


def runtime_table(results: Dict[str, Any]) -> str:
    clients = results["clients"]
    names = list(clients)
    raw = clients["raw"]
    rows = [["import (whole process)"] + [f"{clients[n]['import']['median_ms']:.0f} ms" for n in names]]
    rows.append(["first call, fresh process"] + [f"{clients[n]['first_call']['total_ms']:.1f} ms" for n in names])
    for label, key, scale, unit in _CALLS:
        row = [label]
        for n in names:
            value = clients[n]["calls"].get(key)
            row.append("n/a" if value is None else f"{value * scale:.0f} {unit} ({value / raw['calls'][key]:.2f}x)")
        rows.append(row)
    stream = ["stream of 2,000 chunks"] + [f"{clients[n]['calls']['stream_events_per_s'] / 1e3:.0f}k events/s" for n in names]
    rows.insert(3, stream)
    rows.append(["200 MB download streamed to a file (throughput, peak RSS)"] + [_download(clients[n].get("download")) for n in names])
    header = ["measure", *(f"{_CLIENTS.get(n, n)} {results['versions'].get(n) or ''}".rstrip() for n in names)]
    note = f"python startup alone: {results['python_startup']['median_ms']:.0f} ms; ratios are to raw httpx + json"
    return table(header, rows) + "\n\n" + note


def _download(entry: Optional[Dict[str, Any]]) -> str:
    if not entry:
        return "n/a"
    return f"{entry['mb_per_s']:.0f} MB/s, {entry['peak_rss_mb']:.0f} MB (+{entry['peak_rss_mb'] - entry['rss_before_mb']:.0f} MB)"


def lines_table(parts: Dict[str, Dict[str, int]]) -> str:
    rows = [[part, str(t["files"]), str(t["code"]), str(t["doc"]), str(t["blank"]), str(t["total"])] for part, t in parts.items()]
    api, emitted = comparable_lines(parts), _sum(parts, [p for p in parts if p != "utils"])
    with_exports = SPEAKEASY_LINES + SPEAKEASY_EXPORT_LINES
    rows.append(["models + resources (as Speakeasy's figure counts)", "", str(api["code"]), str(api["doc"]), str(api["blank"]), f"{api['total']} ({api['total'] / SPEAKEASY_LINES:.2f}x Speakeasy's {SPEAKEASY_LINES:,})"])
    rows.append(["all but the runtime (utils)", "", str(emitted["code"]), str(emitted["doc"]), str(emitted["blank"]), f"{emitted['total']} ({emitted['total'] / with_exports:.2f}x Speakeasy's {with_exports:,} with its exports)"])
    return table(["part", "files", "code", "docstrings/comments", "blank", "total"], rows)


def comparable_lines(parts: Dict[str, Dict[str, int]]) -> Dict[str, int]:
    """What Speakeasy's figure counts (lines.SPEAKEASY_LINES): the operations' model and
    resource modules, without the runtime, the client or the modules that re-export them."""
    return _sum(parts, ["models", "resources"])


def _sum(parts: Dict[str, Dict[str, int]], names: List[str]) -> Dict[str, int]:
    return {k: sum(parts[name][k] for name in names if name in parts) for k in ("code", "doc", "blank", "total")}


def budgets(results: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Each budget of the performance issue with the measured value and whether it is met."""
    found: List[Dict[str, Any]] = []

    def add(measure: str, budget: str, value: Optional[float], limit: Optional[float], unit: str, higher_is_better: bool = False) -> None:
        met = None if value is None or limit is None else (value >= limit if higher_is_better else value <= limit)
        found.append({"measure": measure, "budget": budget, "value": None if value is None else round(value, 3), "unit": unit, "met": met})

    specs = results.get("generator", {}).get("specs", {})
    full = specs.get("openai-full", {})
    opc = full.get("openapi_python_client") or {}
    if "median_s" in full.get("sdkgen_cold", {}):
        all_ops = full["sdkgen_cold"]["operations"] == full["operations"]
        add("generate full OpenAI spec, cold", "<= openapi-python-client, all operations", full["sdkgen_cold"]["median_s"], opc.get("median_s") if all_ops else 0.0, "s")
    for name in ("router", "openai-subset", "openai-full", "orq-full"):
        if "median_s" in specs.get(name, {}).get("sdkgen_warm", {}):
            add(f"regenerate after a one-field change ({name})", "<= 1.5 s", specs[name]["sdkgen_warm"]["median_s"], 1.5, "s")
    subset = specs.get("openai-subset", {})
    if "median_s" in subset.get("sdkgen_cold", {}):
        sub_opc = (subset.get("openapi_python_client") or {}).get("median_s")
        add("generate the three-operation subset, cold", "<= 0.5x openapi-python-client", subset["sdkgen_cold"]["median_s"], None if sub_opc is None else sub_opc / 2, "s")
    clients = results.get("runtime", {}).get("clients", {})
    if "ours" in clients:
        ours, raw = clients["ours"], clients["raw"]
        add("chat call, per call vs raw httpx", "<= 1.5x", ours["calls"]["chat_s"] / raw["calls"]["chat_s"], 1.5, "x")
        add("stream of 2,000 chunks", ">= 100k events/s", ours["calls"]["stream_events_per_s"], 100_000, "events/s", higher_is_better=True)
        add("import, whole process", "<= 100 ms", ours["import"]["median_ms"], 100, "ms")
        add("first call in a fresh process", "<= 30 ms", ours["first_call"]["total_ms"], 30, "ms")
        if "download" in ours:
            grown = ours["download"]["peak_rss_mb"] - ours["download"]["rss_before_mb"]
            add("200 MB download: memory grown while streaming it to a file", "<= 20 MB", grown, 20, "MB")
    if "lines" in results:
        add("lines emitted for the Router operations (model and resource modules)", f"<= {SPEAKEASY_LINES // 3:,} (1/3 of Speakeasy)", comparable_lines(results["lines"])["total"], SPEAKEASY_LINES / 3, "lines")
    return found


def budgets_table(found: List[Dict[str, Any]]) -> str:
    verdict = {True: "met", False: "NOT met", None: "not measured"}
    rows = [[b["measure"], b["budget"], "-" if b["value"] is None else f"{b['value']:,.2f} {b['unit']}", verdict[b["met"]]] for b in found]
    return table(["budget", "target", "measured", "verdict"], rows)

"""Pagination benchmark: iterating 10,000 items over 100 mock pages with a paged method of
an emitted SDK (tests/specs/pagination.yaml, the OpenAI shape: `after` + `limit` in, `data`
+ `has_more` + `last_id` out) against a hand-written httpx + json loop, as a ratio.

Both get the same canned pages from a mock transport of their own httpx; the SDK validates
each item into its model, the loop reads dicts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict

from .measure import environment, run_once
from .specs import ROOT

SPEC = ROOT / "tests" / "specs" / "pagination.yaml"
PAGES, PER_PAGE = 100, 100

_SCRIPT = r'''
import json, statistics, sys, time
import httpx
import paging_bench_sdk

PAGES, PER_PAGE, RUNS = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
BODIES = {}
for n in range(PAGES):
    data = [{"id": f"file-{n}-{i}", "name": f"name {i}"} for i in range(PER_PAGE)]
    after = None if n == 0 else f"file-{n - 1}-{PER_PAGE - 1}"
    BODIES[after] = json.dumps({"data": data, "has_more": n < PAGES - 1, "first_id": data[0]["id"], "last_id": data[-1]["id"]}).encode()
HEADERS = {"content-type": "application/json"}
transport = httpx.MockTransport(lambda r: httpx.Response(200, content=BODIES[r.url.params.get("after")], headers=HEADERS))

def ours():
    with paging_bench_sdk.Paging(api_key="k", client=httpx.Client(transport=transport)) as client:
        return sum(1 for _ in client.files.list(limit=PER_PAGE))

def raw():
    count, after = 0, None
    with httpx.Client(transport=transport, base_url="https://paging.example.com") as client:
        while True:
            params = {"limit": PER_PAGE, **({"after": after} if after else {})}
            body = json.loads(client.get("/files", params=params, headers={"Authorization": "Bearer k"}).content)
            count += len(body["data"])
            if not body["has_more"] or not body["data"] or not body.get("last_id"):
                return count
            after = body["last_id"]

assert ours() == raw() == PAGES * PER_PAGE
times = {"raw": [], "ours": []}
for _ in range(RUNS):
    for name, run in (("raw", raw), ("ours", ours)):
        started = time.perf_counter()
        run()
        times[name].append(time.perf_counter() - started)
print(json.dumps({name: round(statistics.median(t) * 1e3, 2) for name, t in times.items()}))
'''


def run(python: Path, runs: int) -> Dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-paging-") as tmp:
        out, config = Path(tmp) / "sdk", Path(tmp) / "sdk.yaml"
        config.write_text("package: paging_bench_sdk\nsdk_class: Paging\nnaming: resource\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, capture_output=True, cwd=ROOT)
        script = Path(tmp) / "paging_bench.py"
        script.write_text(_SCRIPT, encoding="utf-8")
        output = run_once([str(python), str(script), str(PAGES), str(PER_PAGE), str(max(runs, 3))], env=environment(PYTHONPATH=str(out / "src"))).output
    medians = json.loads(output.strip().splitlines()[-1])
    return {"pages": PAGES, "items": PAGES * PER_PAGE, "raw_ms": medians["raw"], "ours_ms": medians["ours"], "ratio": round(medians["ours"] / medians["raw"], 2)}


def table(results: Dict[str, Any]) -> str:
    return "\n".join([
        "| measure | raw httpx + json loop | ours (`for item in page`) |",
        "|---|---|---|",
        f"| {results['items']:,} items over {results['pages']} pages | {results['raw_ms']:.1f} ms (1.00x) | {results['ours_ms']:.1f} ms ({results['ratio']:.2f}x) |",
    ])

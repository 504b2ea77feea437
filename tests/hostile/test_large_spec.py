"""A 20 MB spec: generated whole, in bounded time and memory (measured and reported, not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from hostile_support import ROOT
from hostile_tally import TALLY
from malformed_corpus import large_spec

LIMIT_SECONDS = 1800  # a hang guard only: a run this long is a bug, not a slow machine


def test_a_20_mb_spec_generates_every_operation(tmp_path: Path) -> None:
    spec = tmp_path / "large.json"
    spec.write_text(json.dumps(large_spec(), indent=1), encoding="utf-8")
    size = spec.stat().st_size
    assert size > 20_000_000
    out, stdout, stderr = tmp_path / "out", tmp_path / "stdout", tmp_path / "stderr"

    started = time.monotonic()
    with open(stdout, "w") as out_file, open(stderr, "w") as err_file:
        child = subprocess.Popen([sys.executable, "-m", "openapi_sdkgen", "generate", str(spec), "-o", str(out)],
                                 cwd=tmp_path, stdout=out_file, stderr=err_file, env={**os.environ, "PYTHONPATH": str(ROOT)})
    guard = threading.Timer(LIMIT_SECONDS, child.kill)
    guard.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak memory, black's workers included
    finally:
        guard.cancel()
    seconds = time.monotonic() - started
    errors = stderr.read_text()

    assert os.waitstatus_to_exitcode(status) == 0, errors[-3000:]
    assert "Traceback" not in errors
    assert "1000 operations, 750 models" in stdout.read_text(), stdout.read_text()
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert written < 15 * size, f"{written:,} bytes written for a {size:,}-byte spec: something amplifies"
    TALLY.measurements.append(
        f"{size / 1e6:.1f} MB spec (1000 operations, 750 models): {seconds:.0f} s, "
        f"peak RSS {usage.ru_maxrss / 1024:.0f} MB, {written / 1e6:.0f} MB written"
    )

"""generated/ is the golden record: up to date, byte-stable, and safe to regenerate."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cli_support import sdkgen, snapshot

ROOT = Path(__file__).resolve().parents[3]


def test_generated_is_up_to_date() -> None:
    result = sdkgen("check", "spec/openapi.yaml", "-o", "generated", "--config", "spec/sdk.yaml")
    assert result.returncode == 0, f"generated/ drifted from the generator; run `make generate`\n{result.stdout}"


def test_check_lists_what_would_change(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert sdkgen("generate", "spec/openapi.yaml", "-o", str(out), "--config", "spec/sdk.yaml").returncode == 0
    (out / "README.md").write_text("edited by hand\n")
    (out / "src" / "orq_ai_sdk" / "errors.py").unlink()

    result = sdkgen("check", "spec/openapi.yaml", "-o", str(out), "--config", "spec/sdk.yaml")

    assert result.returncode == 1
    assert "kept your edits in README.md" in result.stdout  # an edit is the user's, not staleness
    assert "  README.md" not in result.stdout and "  src/orq_ai_sdk/errors.py" in result.stdout
    assert "1 file(s)" in result.stdout


def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    snapshots = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out{seed}"
        result = sdkgen("generate", "spec/openapi.yaml", "-o", str(out), "--config", "spec/sdk.yaml", env={"PYTHONHASHSEED": seed, "SDKGEN_NO_CACHE": "1"})
        assert result.returncode == 0, result.stderr
        snapshots.append(snapshot(out))
    assert snapshots[0] == snapshots[1] == snapshots[2]


def test_regeneration_removes_stale_files_and_keeps_user_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert sdkgen("generate", "spec/openapi.yaml", "-o", str(out), "--config", "spec/sdk.yaml").returncode == 0
    stale = out / "src" / "orq_ai_sdk" / "models" / "old_model.py"
    stale.write_text("# generated earlier\n")
    manifest = json.loads((out / ".sdkgen" / "manifest.json").read_text())
    manifest["files"]["src/orq_ai_sdk/models/old_model.py"] = hashlib.sha256(b"# generated earlier\n").hexdigest()  # as written then
    (out / ".sdkgen" / "manifest.json").write_text(json.dumps(manifest))
    (out / "CONTRIBUTING.md").write_text("a file the user added\n")
    hooks = out / "src" / "orq_ai_sdk" / "custom_hooks.py"  # beside generated files, in a generated package
    hooks.write_text("# the user's hooks\n")

    assert sdkgen("generate", "spec/openapi.yaml", "-o", str(out), "--config", "spec/sdk.yaml").returncode == 0

    assert not stale.exists()
    assert (out / "CONTRIBUTING.md").read_text() == "a file the user added\n"
    assert hooks.read_text() == "# the user's hooks\n"
    assert "src/orq_ai_sdk/custom_hooks.py" not in json.loads((out / ".sdkgen" / "manifest.json").read_text())["files"]

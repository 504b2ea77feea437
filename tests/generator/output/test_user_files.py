"""The output directory is the user's: files sdkgen did not write are not replaced without
--force, and errors about the output name the output."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from cli_support import ROOT, sdkgen, snapshot

from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.output import write

SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "spec" / "sdk.yaml"


def _generate(out: Path, *extra: str) -> "subprocess.CompletedProcess[str]":
    return sdkgen("generate", str(SPEC), "-o", str(out), "--config", str(CONFIG), *extra)


def test_files_the_user_wrote_are_refused_and_named(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    out.mkdir()
    (out / "README.md").write_text("my own readme\n", encoding="utf-8")
    (out / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    before = snapshot(out)
    result = _generate(out)
    assert result.returncode == 1
    stderr = result.stderr
    assert f"{out / 'README.md'}: error: exists and was not written by sdkgen" in stderr
    assert f"{out / 'pyproject.toml'}: error: exists and was not written by sdkgen" in stderr
    assert "--force" in stderr and "nothing was written" in stderr
    assert snapshot(out) == before


def test_force_replaces_them_and_the_next_run_needs_no_force(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    out.mkdir()
    (out / "README.md").write_text("my own readme\n", encoding="utf-8")
    assert _generate(out, "--force").returncode == 0
    assert (out / "README.md").read_text(encoding="utf-8") != "my own readme\n"
    assert _generate(out).returncode == 0  # now in the manifest: sdkgen's to replace


def test_an_output_that_is_a_file_is_named(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("x", encoding="utf-8")
    for command in ("generate", "check"):
        result = sdkgen(command, str(SPEC), "-o", str(target), "--config", str(CONFIG))
        assert result.returncode == 1
        assert f"{target}: error: the output must be a directory, and this is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: a read-only directory does not stop it")
def test_an_unwritable_output_names_the_output(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        result = _generate(parent / "sdk")
    finally:
        parent.chmod(0o700)
    assert result.returncode == 1
    assert f"{parent / 'sdk'}: error: cannot write the output: Permission denied" in result.stderr
    assert ".sdk.new-" not in result.stderr


def test_no_room_beside_the_output_names_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root the test above cannot run: the same failure, raised where the staging directory is made."""

    def refused(**_: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".sdk.new-1-x"))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(GeneratorError) as raised:
        write.write_tree(tmp_path / "sdk", {"a.py": "x = 1\n"})
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'sdk'}: error: cannot write the output: Permission denied")
    assert f"in {tmp_path}, which must be writable" in message
    assert not (tmp_path / "sdk").exists()


def test_generating_into_a_new_git_repository_keeps_it_intact(tmp_path: Path) -> None:
    """A new repository's .git has empty directories (refs/heads, objects/info): they stay."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    empty_before = sorted(p.relative_to(repo).as_posix() for p in (repo / ".git").rglob("*") if p.is_dir() and not any(p.iterdir()))
    assert empty_before, "a new repository has empty directories"
    assert _generate(repo).returncode == 0
    empty_after = sorted(p.relative_to(repo).as_posix() for p in (repo / ".git").rglob("*") if p.is_dir() and not any(p.iterdir()))
    assert empty_after == empty_before
    status = subprocess.run(["git", "-C", str(repo), "status", "--short"], capture_output=True, text=True)
    assert status.returncode == 0 and "pyproject.toml" in status.stdout

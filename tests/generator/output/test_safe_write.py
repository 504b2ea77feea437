"""A generation that fails or is killed midway leaves the previous output byte for byte.

Failures are injected where they hurt most: in formatting (before anything is written),
halfway through writing the staging copy, and by SIGKILL during the write and between
the two renames that swap the new tree in. A killed run cannot clean up after itself;
the next run does, and files the user added survive all of it.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from openapi_sdkgen import cli
from openapi_sdkgen.output import format as formatter, write
from cli_support import ROOT, snapshot

SPECS = Path(__file__).resolve().parents[3] / "tests" / "specs" / "diff"
CONFIG = SPECS / "sdk.yaml"
OLD, NEW = SPECS / "base.yaml", SPECS / "field_added.yaml"
USER_FILE = "NOTES.md"


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An output generated from OLD, with a file the user added."""
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")  # every file goes through the formatter
    target = tmp_path / "out"
    assert cli.main(["generate", str(OLD), "-o", str(target), "--config", str(CONFIG)]) == 0
    (target / USER_FILE).write_text("the user's notes\n")
    return target


def _generate(out: Path, spec: Path) -> int:
    return cli.main(["generate", str(spec), "-o", str(out), "--config", str(CONFIG)])


def _beside(out: Path) -> List[str]:
    return sorted(p.name for p in out.parent.iterdir())


def test_formatting_failure_leaves_previous_output_intact(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    real = formatter._format_pair  # every file that needs formatting goes through it, whichever way
    seen: List[str] = []

    def failing(item: Tuple[str, str]) -> str:
        seen.append(item[0])
        if item[0].endswith("/models/image.py"):
            raise formatter.FormatError(f"{item[0]}: emitted code does not parse: injected")
        return real(item)

    monkeypatch.setattr(formatter, "_format_pair", failing)
    monkeypatch.setattr(formatter, "in_layout", lambda source: False)  # as if every file needed formatting
    monkeypatch.setattr(formatter, "_PARALLEL_THRESHOLD", 10**9)  # in this process, where the patch is
    assert _generate(out, NEW) == 2
    assert "injected" in capsys.readouterr().err
    assert any(p.endswith("/models/image.py") for p in seen)
    assert snapshot(out) == before
    assert _beside(out) == ["out"]


def test_write_failure_halfway_leaves_previous_output_intact(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    real_write, real_link = Path.write_text, os.link
    staged: List[Path] = []
    half = len(before) // 2

    def stage(target: Any) -> None:  # files are staged by writing them or, when unchanged, by linking them
        if ".out.new-" in str(target):
            if len(staged) == half:
                raise OSError(errno.ENOSPC, "No space left on device", str(target))
            staged.append(Path(target))

    def disk_fills_up(self: Path, *args: Any, **kwargs: Any) -> int:
        stage(self)
        return real_write(self, *args, **kwargs)

    def link_fills_up(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        stage(target)
        real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_fills_up)
    monkeypatch.setattr(os, "link", link_fills_up)
    assert _generate(out, NEW) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert len(staged) == half and all(not p.exists() for p in staged)  # the half-written copy is gone
    assert snapshot(out) == before
    assert _beside(out) == ["out"]


def _killed_run(out: Path, spec: Path, patch: str) -> subprocess.CompletedProcess:
    """`sdkgen generate` in a child that `patch` makes SIGKILL itself midway."""
    script = textwrap.dedent(patch) + textwrap.dedent(
        f"""
        from openapi_sdkgen import cli
        sys.exit(cli.main(["generate", {str(spec)!r}, "-o", {str(out)!r}, "--config", {str(CONFIG)!r}]))
        """
    )
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=_env())


def _env() -> Dict[str, str]:
    return {**os.environ, "SDKGEN_NO_CACHE": "1"}


def test_killed_while_writing_then_next_run_cleans_up(out: Path) -> None:
    before = snapshot(out)
    killed = _killed_run(out, NEW, f"""
        import os, pathlib, signal, sys
        real_write, real_link, staged = pathlib.Path.write_text, os.link, []
        def stage(target):
            if ".out.new-" in str(target):
                staged.append(target)
                if len(staged) == {len(before) // 2}:
                    os.kill(os.getpid(), signal.SIGKILL)
        def write_text(self, *args, **kwargs):
            stage(self)
            return real_write(self, *args, **kwargs)
        def link(source, target, *args, **kwargs):
            stage(target)
            return real_link(source, target, *args, **kwargs)
        pathlib.Path.write_text, os.link = write_text, link
    """)

    assert killed.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    (staging,) = [p for p in out.parent.iterdir() if p.name.startswith(".out.new-")]  # left by the killed run
    assert 0 < len(snapshot(staging)) < len(before)

    assert _generate(out, NEW) == 0
    assert _beside(out) == ["out"]
    assert (out / USER_FILE).read_text() == "the user's notes\n"
    assert "`response.data[].revised_prompt`: added" in (out / "CHANGELOG.md").read_text()


def test_killed_between_the_renames_then_previous_output_is_restored(out: Path) -> None:
    before = snapshot(out)
    killed = _killed_run(out, NEW, f"""
        import os, signal, sys
        from openapi_sdkgen.output import write
        real = os.replace
        def replace(source, target):
            real(source, target)
            if str(source) == {str(out)!r}:  # the output has just been moved aside
                os.kill(os.getpid(), signal.SIGKILL)
        write.os.replace = replace
    """)

    assert killed.returncode == -signal.SIGKILL
    assert not out.exists()
    assert any(p.name.startswith(".out.old-") for p in out.parent.iterdir())

    write.recover(out)  # what the next run does first

    assert snapshot(out) == before
    assert _beside(out) == ["out"]
    assert _generate(out, NEW) == 0
    assert (out / USER_FILE).read_text() == "the user's notes\n"


def test_recover_leaves_a_live_writer_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    ours = tmp_path / f".out.new-{os.getpid()}-abc"  # a staging copy being written right now
    ours.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".out.new-{dead}-xyz"
    stale.mkdir()
    unrelated = tmp_path / ".other.new-1-abc"
    unrelated.mkdir()

    write.recover(out)

    assert ours.exists() and unrelated.exists() and not stale.exists()


def test_unchanged_files_are_linked_and_edited_ones_are_written_with_the_edit(out: Path) -> None:
    runtime = sorted(out.glob("src/*/utils/*.py"))  # copied from templates/runtime: the same for any spec
    unchanged, edited = runtime[0], runtime[1]
    inode = unchanged.stat().st_ino
    original = edited.read_text()
    edited.write_text(original + "# the user's edit, in a generated file\n")  # in place: same size or not, same inode

    assert _generate(out, NEW) == 0

    assert unchanged.stat().st_ino == inode  # linked from the previous output, not written again
    assert unchanged.stat().st_nlink == 1  # the previous output is gone
    assert edited.read_text() == original + "# the user's edit, in a generated file\n"  # merged (edits.py), a new file
    assert (out / USER_FILE).read_text() == "the user's notes\n"
    assert _beside(out) == ["out"]


def test_without_hard_links_every_file_is_written(out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tmp_path / "expected"  # the same two generations, with links
    assert _generate(expected, OLD) == 0 and _generate(expected, NEW) == 0

    def no_links(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    assert _generate(out, NEW) == 0

    assert snapshot(out) == {**snapshot(expected), USER_FILE: snapshot(out)[USER_FILE]}
    assert (out / USER_FILE).read_text() == "the user's notes\n"


def test_removing_the_old_tree_removes_links_but_not_what_they_point_to(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    (outside / "kept" / "file.txt").write_text("kept\n")
    old = tmp_path / "old"
    (old / "a" / "b").mkdir(parents=True)
    (old / "a" / "b" / "deep.py").write_text("x\n")
    (old / "top.md").write_text("y\n")
    (old / "a" / "dir-link").symlink_to(outside / "kept", target_is_directory=True)
    (old / "file-link").symlink_to(outside / "kept" / "file.txt")

    write.remove_tree(old)

    assert not old.exists()
    assert (outside / "kept" / "file.txt").read_text() == "kept\n"


def test_files_are_staged_while_the_validation_runs_and_dropped_when_it_fails(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from openapi_sdkgen import pipeline
    from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError

    before = snapshot(out)
    staged_when_validated: List[List[str]] = []

    def failing_validation(document: Any, lenient: bool = False) -> Any:
        def validated() -> List[Diagnostic]:
            staged_when_validated.append([p.name for p in out.parent.iterdir() if p.name.startswith(".out.new-")])
            raise GeneratorError([Diagnostic("error", "injected spec error", ("info",), str(document.path), 1)])

        return validated

    monkeypatch.setattr(pipeline, "start_validation", failing_validation)
    assert _generate(out, NEW) == 1
    assert "injected spec error" in capsys.readouterr().err
    assert len(staged_when_validated[0]) == 1  # the first wait for it came with every file staged
    assert snapshot(out) == before
    assert _beside(out) == ["out"]


def test_an_invalid_spec_creates_no_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "out"
    assert cli.main(["generate", str(ROOT / "tests" / "specs" / "invalid.yaml"), "-o", str(out)]) == 1
    assert "error(s); nothing was written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

"""Work done in a forked child: the same result as done here, and done here when the child
cannot be forked or does not answer."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any, Dict, List

import pytest

from openapi_sdkgen.speed import forked
from openapi_sdkgen import pipeline

ROOT = Path(__file__).resolve().parents[3]


def test_the_result_is_computed_in_a_child() -> None:
    here = os.getpid()
    child = forked.Forked(lambda: (os.getpid(), {"docs/a.md": "é" * 100_000}))  # larger than a pipe holds
    pid, files = child.result()
    assert pid != here
    assert files == {"docs/a.md": "é" * 100_000}


def test_a_task_that_fails_in_the_child_fails_here_with_its_own_traceback() -> None:
    ran_here: List[int] = []

    def task() -> None:
        ran_here.append(os.getpid())
        raise ValueError("a template broke")

    with pytest.raises(ValueError, match="a template broke"):
        forked.Forked(task).result()
    assert ran_here == [os.getpid()], "run again here, once the child reported its failure"


def test_a_child_that_dies_is_replaced_by_doing_the_work_here() -> None:
    here = os.getpid()

    def task() -> int:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return 7

    assert forked.Forked(task).result() == 7


def test_without_fork_the_task_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert forked.Forked(os.getpid, fork=False).result() == os.getpid()
    monkeypatch.delattr(os, "fork")
    assert forked.Forked(os.getpid).result() == os.getpid()


def test_a_child_whose_result_is_not_taken_ends_with_the_block() -> None:
    children: List[int] = []
    with pytest.raises(RuntimeError):
        with forked.Forked(lambda: "x" * 1_000_000) as child:  # it blocks, writing its answer
            assert child._child is not None
            children.append(child._child[0])
            raise RuntimeError("a stage failed before it needed the result")
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # ended and reaped


def test_docs_rendered_in_a_child_are_the_docs_rendered_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    spec, config = ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml"
    here = pipeline.generate_files(spec, config).files
    children: List[bool] = []
    real = forked.Forked

    def recording(task: Any, fork: bool = True) -> Any:
        children.append(fork)
        return real(task, fork)

    monkeypatch.setattr(pipeline, "_FORK_DOCS_FROM", 0)
    monkeypatch.setattr(pipeline, "Forked", recording)
    in_child: Dict[str, str] = pipeline.generate_files(spec, config).files
    assert children == [True]
    assert list(in_child) == list(here) and in_child == here
    assert any(path.startswith("docs/") for path in in_child)

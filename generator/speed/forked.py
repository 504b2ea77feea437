"""Work done in a forked child process beside the main one, its result sent back pickled.

A run has two cores to use and one process doing most of the work; the validation worker
(validate_worker.py) and the rendering of the reference docs (pipeline.py) run in
children instead. A child inherits everything built so far, sends back one pickled
answer, ("ok", value) or ("failed", why), and ends with `os._exit`: it never returns to
the caller's code, runs no exit handlers and flushes no buffers it inherited.
"""

from __future__ import annotations

import os
import pickle
import signal
from typing import Callable, Generic, NoReturn, Optional, Tuple, TypeVar

T = TypeVar("T")
Answer = Tuple[str, object]  # ("ok", value) or ("failed", why)


def answer_of(task: Callable[[], object]) -> Answer:
    try:
        return "ok", task()
    except BaseException as exc:  # noqa: BLE001 - reported by the main process
        return "failed", f"{type(exc).__name__}: {exc}"


def serve(results: int, task: Callable[[], object]) -> NoReturn:
    """The child's life: run `task`, write its answer to `results`, exit."""
    try:
        write_all(results, pickle.dumps(answer_of(task), pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)


def read_answer(results: int, pid: int) -> Answer:
    """The child's answer, once it has ended; ("failed", how it ended) when it sent none."""
    answer: Optional[Answer] = None
    try:
        with os.fdopen(results, "rb") as pipe:
            answer = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        pass  # it died without answering
    finally:
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return answer or ("failed", f"exit code {code}")


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class Forked(Generic[T]):
    """`task` computed in a forked child while this process goes on; `result` waits for it.

    Where processes cannot be forked, or the child did not answer, `result` runs the task
    here instead: the same value, or the same exception with its own traceback. So does a
    task made with `fork=False`. Leaving the `with` block ends a child whose result was
    not taken (the block raised before it needed it).
    """

    def __init__(self, task: Callable[[], T], fork: bool = True) -> None:
        self._task = task
        self._child: Optional[Tuple[int, int]] = None  # (pid, read end of its answer pipe)
        if fork:
            self._child = start_child(task)

    def __enter__(self) -> "Forked[T]":
        return self

    def __exit__(self, *exc_info: object) -> None:
        child, self._child = self._child, None
        if child is not None:
            pid, answers = child
            os.kill(pid, signal.SIGKILL)
            os.close(answers)
            os.waitpid(pid, 0)

    def result(self) -> T:
        child, self._child = self._child, None
        if child is not None:
            outcome, value = read_answer(child[1], child[0])
            if outcome == "ok":
                return value  # type: ignore[return-value]
        return self._task()


def start_child(task: Callable[[], object]) -> Optional[Tuple[int, int]]:
    """Fork a child that `serve`s `task`: its pid and the read end of its answer pipe; None
    where processes cannot be forked (no `os.fork`, or out of processes or memory)."""
    if not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        os.close(read_end)
        serve(write_end, task)
    os.close(write_end)
    return pid, read_end

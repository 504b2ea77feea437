"""The validation worker: a forked process that validates one document beside the main process.

Importing openapi-spec-validator takes 0.2 s and validating a large document seconds; the
main process builds, renders and formats meanwhile and waits only before it writes. A
command forks its worker as it starts (`prestarted`), so that the import also overlaps the
main process's own imports and the loading of the spec, and sends it the document once
loaded. A validation that finds no worker waiting forks one there and then, which inherits
the document instead.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, List, NamedTuple, Optional, Tuple

from openapi_sdkgen.diagnostics import PathPart
from openapi_sdkgen.speed.forked import Answer, read_answer, start_child, write_all
from openapi_sdkgen.speed.heap import collection_paused

if TYPE_CHECKING:
    from openapi_sdkgen.spec.load import Document

Job = Tuple["Document", str]  # the document and its OpenAPI version
Found = List[Tuple[List[PathPart], str, Optional[str], Optional[int]]]  # each error: path, message, rule, line


class Task(NamedTuple):
    """What a worker does: `prepare` as it starts (the slow import), then `run` on its job.
    The validation module hands them in, so this module does not import it."""

    prepare: Callable[[], None]
    run: Callable[["Document", str], Found]


class Worker:
    """A forked worker, seen from the main process."""

    def __init__(self, pid: int, jobs: int, results: int) -> None:
        self.pid = pid
        self._jobs = jobs  # write end of the pipe the worker takes its job from; -1 once used
        self._results = results  # read end of the pipe it answers on
        self._sender: Optional[threading.Thread] = None
        self._answer: Optional[Answer] = None

    @classmethod
    def fork(cls, task: Task, job: Optional[Job] = None) -> Optional["Worker"]:
        """A worker that imports the validator, then validates `job`, or the job it will be sent;
        None where processes cannot be forked."""
        job_read, job_write = os.pipe()

        def work() -> Found:
            os.close(job_write)  # the child's copy: only the main process sends the job
            return _validation(task, job_read, job)

        child = start_child(work)
        os.close(job_read)
        if child is None:  # validated in this process instead
            os.close(job_write)
            return None
        pid, result_read = child
        worker = cls(pid, job_write, result_read)
        if job is not None:
            worker._close_jobs()
        return worker

    def send(self, job: Job) -> None:
        """Send `job` without waiting for the worker to take it (it may still be importing)."""
        from openapi_sdkgen.spec.load import Document  # loaded by now: the job holds a document

        document, version = job
        data = pickle.dumps((Document(document.path, document.text, document.data), version), pickle.HIGHEST_PROTOCOL)
        self._sender = threading.Thread(target=self._write_job, args=(data,), daemon=True)
        self._sender.start()

    def result(self) -> Found:
        """Wait for the worker's answer (once; later calls repeat it); RuntimeError when it failed or died."""
        if self._answer is None:
            self._answer = self._wait()
        outcome, value = self._answer
        if outcome != "ok":
            raise RuntimeError(f"the validation worker failed: {value}")
        return value  # type: ignore[return-value]

    def _wait(self) -> Answer:
        try:
            return read_answer(self._results, self.pid)
        finally:
            if self._sender is not None:
                self._sender.join()

    def dismiss(self) -> None:
        """End a worker that was sent no job (it has written nothing)."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._close_jobs()
        os.close(self._results)

    def _write_job(self, data: bytes) -> None:
        try:
            write_all(self._jobs, data)
        except OSError:
            pass  # the worker is gone: `result` reports how it ended
        finally:
            self._close_jobs()

    def _close_jobs(self) -> None:
        if self._jobs >= 0:
            os.close(self._jobs)
            self._jobs = -1


_waiting: List[Worker] = []  # the prestarted worker, until a validation takes it


@contextmanager
def prestarted(task: Task) -> Iterator[None]:
    """Within the block, the first validation that needs a worker takes one forked on entry."""
    worker = Worker.fork(task)
    if worker is not None:
        _waiting.append(worker)
    try:
        yield
    finally:
        dismiss_waiting()


def dismiss_waiting() -> None:
    """End the prestarted worker, if no validation took it: the answer was known already."""
    while _waiting:
        _waiting.pop().dismiss()


def validation(task: Task, document: "Document", version: str) -> Optional[Callable[[], Found]]:
    """Validate `document` in a worker; the function returned waits for what it found.
    None where processes cannot be forked."""
    if _waiting:
        worker = _waiting.pop()
        worker.send((document, version))
        return worker.result
    forked = Worker.fork(task, (document, version))
    return None if forked is None else forked.result


def _validation(task: Task, jobs: int, job: Optional[Job]) -> Found:
    """What the worker does: prepare (import the validator), then run the job it has or is sent."""
    task.prepare()
    document, version = job or _received(jobs)
    return task.run(document, version)


def _received(jobs: int) -> Job:
    """The job sent, set aside from garbage collection: it lives as long as the worker."""
    with os.fdopen(jobs, "rb") as pipe, collection_paused():
        job: Job = pickle.load(pipe)
    gc.freeze()
    return job


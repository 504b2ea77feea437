"""Garbage collection during a run.

The loaded spec and the IR built from it are tens of thousands of containers that live
for the whole run and hold no reference cycles, yet every full collection walks all of
them (a regeneration of a 3 MB spec ran three, 0.2 s in all). So collection pauses while
a spec loads (loading only adds long-lived containers), and what a stage has built is
then set aside with `gc.freeze`: later collections, here and in the forked validation
worker, skip it.
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager
from typing import Any, Iterator


@contextmanager
def collection_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class LongLived:
    """`with LongLived() as long_lived:` ... `long_lived.set_aside()` freezes what is alive
    then; leaving the block returns it to the collector."""

    def __init__(self) -> None:
        self._owner = False

    def __enter__(self) -> "LongLived":
        self._owner = gc.get_freeze_count() == 0  # objects a caller froze itself are left as they are
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._owner:
            gc.unfreeze()

    def set_aside(self) -> None:
        if self._owner:
            gc.freeze()


def uncollected_at_exit() -> None:
    """Freeze whatever is alive when the interpreter exits: the collections of its shutdown
    then skip it (the modules and data of a run: 15 ms of a 0.5 s run). The process's
    memory goes back whole; nothing in it needs a collection to be released."""
    atexit.unregister(gc.freeze)  # once, however often a process runs a command
    atexit.register(gc.freeze)

"""Format emitted Python with black, in process; cached by content hash, parallel when large.

black costs about 3,400 lines per second per core, so unchanged files are looked up in
the cache and the rest are spread over the cores.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Dict, List, Optional, Tuple

import black

from . import __version__
from .cache import DiskCache, content_key

LINE_LENGTH = 100
_PARALLEL_THRESHOLD = 40  # files: below this a process pool costs more than it saves
_MODE = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY39})


class FormatError(Exception):
    """Emitted code that does not parse: a generator bug, reported with the file."""


def format_source(path: str, source: str) -> str:
    try:
        return black.format_str(source, mode=_MODE)
    except black.InvalidInput as exc:
        raise FormatError(f"{path}: emitted code does not parse: {exc}") from None


def _format_pair(item: Tuple[str, str]) -> str:
    return format_source(*item)


def format_files(files: Dict[str, str], workers: Optional[int] = None) -> Dict[str, str]:
    """Return `files` with every .py file formatted."""
    cache = DiskCache("black")
    salt = f"{__version__}:{black.__version__}:{LINE_LENGTH}"
    result = dict(files)
    pending: List[Tuple[str, str, str]] = []
    for path, source in files.items():
        if not path.endswith(".py"):
            continue
        key = content_key(salt, source)
        hit = cache.get(key)
        if hit is None:
            pending.append((path, source, key))
        else:
            result[path] = hit
    for (path, _, key), formatted in zip(pending, _run(pending, workers)):
        result[path] = formatted
        cache.put(key, formatted)
    return result


def _run(pending: List[Tuple[str, str, str]], workers: Optional[int]) -> List[str]:
    items = [(path, source) for path, source, _ in pending]
    cores = workers or os.cpu_count() or 1
    if len(items) < _PARALLEL_THRESHOLD or cores < 2:
        return [_format_pair(item) for item in items]
    with ProcessPoolExecutor(max_workers=cores) as pool:
        return list(pool.map(_format_pair, items, chunksize=max(1, len(items) // (cores * 4))))

"""Format emitted Python with black, in process; cached by content hash, parallel when large.

black costs about 3,400 lines per second per core, so unchanged files are looked up in
the cache and the rest are spread over the cores. Files that a template already lays out
the way black does (`canonical`) only send black their top-level statements that hold an
over-long line of code: black leaves the rest as it is.
"""

from __future__ import annotations

import ast
import os
import re
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from dataclasses import replace
from typing import AbstractSet, Dict, Iterator, List, Optional, Tuple

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput
from black.strings import fix_multiline_docstring, str_width

from . import __version__
from .cache import DiskCache, content_key

LINE_LENGTH = 100
_BLACK_VERSION = version("black")
_PARALLEL_THRESHOLD = 1_000  # lines for black: below this a process pool costs more than it saves
_MODE = black.Mode(line_length=LINE_LENGTH, target_versions={TargetVersion.PY39})


def width(line: str) -> int:
    """A line's width as black measures it (wide characters count twice)."""
    return int(str_width(line))


def docstring_as_black(literal: str, indent: str) -> str:
    """A plain triple-quoted docstring literal as black rewrites it (its indentation, padding)."""
    if not literal or re.search(r"\\\s*\n", literal):
        return literal  # black leaves docstrings with backslash-newlines alone
    body = literal[3:-3]
    body = fix_multiline_docstring(body, indent) if "\n" in body else body.strip()
    if body.startswith('"'):
        body = " " + body
    if body.endswith('"'):
        body += " "
    return f'"""{body}"""'


class FormatError(Exception):
    """Emitted code that does not parse: a generator bug, reported with the file."""


def format_source(path: str, source: str, line_length: int = LINE_LENGTH) -> str:
    mode = _MODE if line_length == LINE_LENGTH else replace(_MODE, line_length=line_length)
    try:
        return black.format_str(source, mode=mode)
    except InvalidInput as exc:
        raise FormatError(f"{path}: emitted code does not parse: {exc}") from None


def format_canonical(path: str, source: str) -> str:
    """black's output for `source` that is in black's layout except for over-long lines.

    Only statements with an over-long line of code go through black: a class's, one by
    one when its body holds only simple statements. Docstrings are never wrapped by black.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise FormatError(f"{path}: emitted code does not parse: {exc}") from None
    lines = source.splitlines(keepends=True)
    parts: List[str] = []
    done = 0
    for first, last, text in _reformatted(path, lines, tree.body, 0):
        parts.append("".join(lines[done:first]))
        parts.append(text)
        done = last
    parts.append("".join(lines[done:]))
    return "".join(parts)


def _reformatted(path: str, lines: List[str], body: List[ast.stmt], depth: int) -> Iterator[Tuple[int, int, str]]:
    """(first line index, end index, black's text) for each statement of `body` that needs black."""
    for node in body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]) - 1
        last = node.end_lineno or node.lineno
        if _is_docstring(node) or not any(width(lines[i].rstrip("\n")) > LINE_LENGTH for i in range(first, last)):
            continue
        if isinstance(node, ast.ClassDef) and _header_fits(lines, first, node) and all(isinstance(s, _SIMPLE) for s in node.body):
            yield from _reformatted(path, lines, node.body, depth + 1)
            continue
        indent = "    " * depth  # formatted where it stands: with that much less room
        text = "".join(line[len(indent) :] if line.startswith(indent) else line for line in lines[first:last])
        formatted = format_source(path, text, LINE_LENGTH - len(indent))
        yield first, last, "".join(indent + line if line.strip() else line for line in formatted.splitlines(keepends=True))


_SIMPLE = (ast.AnnAssign, ast.Assign, ast.Expr, ast.Pass)


def _header_fits(lines: List[str], first: int, node: ast.ClassDef) -> bool:
    """A one-line `class X(...):` header that black leaves alone."""
    return node.body[0].lineno == first + 2 and width(lines[first].rstrip("\n")) <= LINE_LENGTH


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _format_pair(item: Tuple[str, str, bool]) -> str:
    path, source, canonical = item
    return format_canonical(path, source) if canonical else format_source(path, source)


def format_files(files: Dict[str, str], workers: Optional[int] = None, canonical: AbstractSet[str] = frozenset()) -> Dict[str, str]:
    """Return `files` with every .py file formatted; `canonical` names files in black's layout."""
    cache = DiskCache("black")
    salt = f"{__version__}:{_BLACK_VERSION}:{LINE_LENGTH}"
    result = dict(files)
    pending: List[Tuple[str, str, str, bool]] = []
    for path, source in files.items():
        if not path.endswith(".py"):
            continue
        key = content_key(salt, source)
        hit = cache.get(key)
        if hit is None:
            pending.append((path, source, key, path in canonical))
        else:
            result[path] = hit
    for (path, _, key, _), formatted in zip(pending, _run(pending, workers)):
        result[path] = formatted
        cache.put(key, formatted)
    return result


def _run(pending: List[Tuple[str, str, str, bool]], workers: Optional[int]) -> List[str]:
    items = [(path, source, canonical) for path, source, _, canonical in pending]
    cores = workers or os.cpu_count() or 1
    if sum(source.count("\n") for _, source, canonical in items if not canonical) < _PARALLEL_THRESHOLD or cores < 2:
        return [_format_pair(item) for item in items]
    # largest first, in small chunks, so that no worker is left with a big file at the end
    order = sorted(range(len(items)), key=lambda i: -len(items[i][1]))
    with ProcessPoolExecutor(max_workers=cores) as pool:
        done = pool.map(_format_pair, [items[i] for i in order], chunksize=max(1, len(items) // (cores * 16)))
        result = dict(zip(order, done))
    return [result[i] for i in range(len(items))]

"""Format emitted Python with black; cached by content hash, parallel when large.

black costs about 3,400 lines per second per core. Templates and emitters lay code out the
way black does, except where a line would be too long: only the smallest statements that
hold an over-long line of code go through black, which leaves the rest as it is (the tests
check that the output is black's). Unchanged files are looked up in the cache.
"""

from __future__ import annotations

import ast
import os
import re
from importlib.metadata import version
from typing import Dict, Iterator, List, Optional, Set, Tuple, Union

from openapi_sdkgen import __version__
from openapi_sdkgen.speed.cache import DiskCache, content_key
from openapi_sdkgen.diagnostics import FormatError
from openapi_sdkgen.emit.fit import LINE_LENGTH, fits

_BLACK_VERSION = version("black")
# Lines of the files with an over-long line. Most only need parsing (5 ms per 1,000 lines) to
# find that the long lines are docstrings; below this, forking a pool whose workers each import
# black costs more than it saves.
_PARALLEL_THRESHOLD = 10_000


def format_source(path: str, source: str, line_length: int = LINE_LENGTH) -> str:
    import black  # takes 0.1 s: imported only when some code needs it
    from black.mode import TargetVersion
    from black.parsing import InvalidInput

    try:
        return black.format_str(source, mode=black.Mode(line_length=line_length, target_versions={TargetVersion.PY39}))
    except InvalidInput as exc:
        raise FormatError(f"{path}: emitted code does not parse: {exc}") from None


def format_canonical(path: str, source: str) -> str:
    """black's output for `source` that is in black's layout except for over-long lines.

    Only statements with an over-long line of code go through black; classes and functions
    whose own header fits are entered, so black sees the smallest statement that needs it.
    Docstrings are never wrapped by black, so their lines do not count.
    """
    if in_layout(source):
        return source  # nothing for black to do (the tests check that emitted code parses)
    return _outside_layout(path, source)


def _outside_layout(path: str, source: str) -> str:
    """`format_canonical` of a source known to have an over-long line."""
    lines = source.splitlines(keepends=True)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise FormatError(f"{path}: emitted code does not parse: {exc}") from None
    over_long = _over_long_code_lines(lines, tree)
    parts: List[str] = []
    done = 0
    for first, last, text in _reformatted(path, lines, over_long, tree.body, 0):
        parts.append("".join(lines[done:first]))
        parts.append(text)
        done = last
    parts.append("".join(lines[done:]))
    return "".join(parts)


def in_layout(source: str) -> bool:
    """Every line of `source` fits: emitted in black's layout, it is black's output."""
    return all(fits(line.rstrip("\n")) for line in source.splitlines(keepends=True))


# One item of a bracket already split one item per line: a name, `name as name`, a plain
# string or a `"key": "value"` entry. black has nothing to split there and leaves it as it is.
_UNSPLITTABLE = re.compile(r'\s*(?:[\w.]+(?: as \w+)?|"[^"\\]*"(?:: "[^"\\]*")?),?\n?$')


def _over_long_code_lines(lines: List[str], tree: ast.Module) -> Set[int]:
    """Indexes of the lines wider than LINE_LENGTH that are not part of a docstring."""
    over_long = {i for i, line in enumerate(lines) if not fits(line.rstrip("\n")) and not _UNSPLITTABLE.match(line)}
    bodies: List[List[ast.stmt]] = [tree.body]
    while bodies and over_long:
        for node in bodies.pop():
            if _is_docstring(node):
                over_long.difference_update(range(node.lineno - 1, node.end_lineno or node.lineno))
            elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.If)):
                bodies.append(node.body)  # an `if` too: classes under `if TYPE_CHECKING:` have docstrings
    return over_long


def _reformatted(path: str, lines: List[str], over_long: Set[int], body: List[ast.stmt], depth: int) -> Iterator[Tuple[int, int, str]]:
    """(first line index, end index, black's text) for each statement of `body` that needs black."""
    for node in body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]) - 1
        last = node.end_lineno or node.lineno
        if over_long.isdisjoint(range(first, last)):
            continue
        header = _enterable_header(node, lines, first, over_long)
        if header is None:
            yield first, last, _black_at(path, "".join(lines[first:last]), depth)
            continue
        for i in header:  # over-long parameters, one per line: black splits each on its own
            yield i, i + 1, _black_parameter(path, lines[i], depth)
        yield from _reformatted(path, lines, over_long, node.body, depth + 1)  # type: ignore[attr-defined]


def _enterable_header(node: ast.stmt, lines: List[str], first: int, over_long: Set[int]) -> Optional[List[int]]:
    """For an `if` without `else`, a class or a function whose body starts on a line of its own
    and whose decorators and header fit, except for parameters on lines of their own: the
    indexes of those parameters' over-long lines. None for any other statement."""
    if isinstance(node, ast.If) and not node.orelse:
        header_fits = over_long.isdisjoint(range(first, node.body[0].lineno - 1))
        return [] if header_fits and node.body[0].lineno - 1 > first else None
    if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    body_start = node.body[0].lineno - 1
    if _is_stub(node):  # `) -> T: ...`: the body shares the header's last line
        body_start = (node.end_lineno or node.lineno)
    elif body_start <= node.lineno - 1 or lines[body_start][: node.body[0].col_offset].strip():
        return None
    header = sorted(over_long.intersection(range(first, body_start)))
    own_lines = _parameters_on_own_lines(node) if header else set()
    return header if all(i in own_lines for i in header) else None


def _parameters_on_own_lines(node: ast.stmt) -> Set[int]:
    """Indexes of the lines that each hold exactly one parameter (annotation and default) of
    a function defined with one parameter per line."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    arguments = node.args
    defaults = dict(zip([*arguments.posonlyargs, *arguments.args][::-1], arguments.defaults[::-1]))
    defaults.update((a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None)
    rows: Dict[int, int] = {}
    for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        parts: List[Union[ast.arg, ast.expr]] = [arg, *([arg.annotation] if arg.annotation else []), *([defaults[arg]] if arg in defaults else [])]
        if all(part.lineno == part.end_lineno == arg.lineno for part in parts):
            rows[arg.lineno - 1] = rows.get(arg.lineno - 1, 0) + 1
    return {row for row, count in rows.items() if count == 1 and row > node.lineno - 1}


def _black_parameter(path: str, line: str, depth: int) -> str:
    """black's lines for a parameter `line` of a function defined at `depth`."""
    indent = "    " * depth
    stub = _black_at(path, f"{indent}def _(\n{line}{indent}): ...\n", depth)
    return "".join(stub.splitlines(keepends=True)[1:-1])


_FORMATTED: Dict[Tuple[str, int], str] = {}  # the same statements recur (sync and async twins)


def _black_at(path: str, statement: str, depth: int) -> str:
    """black's text for `statement` that stands at `depth`: formatted with that much less room."""
    indent = "    " * depth
    text = "".join(line[len(indent) :] if line.startswith(indent) else line for line in statement.splitlines(keepends=True))
    key = (text, len(indent))
    if key not in _FORMATTED:
        formatted = format_source(path, text, LINE_LENGTH - len(indent))
        _FORMATTED[key] = "".join(indent + line if line.strip() else line for line in formatted.splitlines(keepends=True))
    return _FORMATTED[key]


def _is_stub(node: ast.stmt) -> bool:
    """A function whose whole body is `...`."""
    body = getattr(node, "body", [])
    return len(body) == 1 and isinstance(body[0], ast.Expr) and getattr(body[0].value, "value", None) is Ellipsis


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def format_files(files: Dict[str, str], workers: Optional[int] = None) -> Dict[str, str]:
    """Return `files` with every .py file formatted (all are emitted in black's layout)."""
    cache = DiskCache("black")
    salt = f"{__version__}:{_BLACK_VERSION}:{LINE_LENGTH}"
    result = dict(files)
    pending: List[Tuple[str, str, str]] = []
    for path, source in files.items():
        if not path.endswith(".py") or in_layout(source):
            continue  # as it is, with no cache entry to look up or write
        key = content_key(salt, source)
        hit = cache.get(key)
        if hit is None:
            pending.append((path, source, key))
        else:
            result[path] = hit
    for (path, _, key), formatted in zip(pending, _run([(path, source) for path, source, _ in pending], workers)):
        result[path] = formatted
        cache.put(key, formatted)
    return result


def _format_pair(item: Tuple[str, str]) -> str:
    return _outside_layout(*item)  # format_files sends only files out of black's layout


def _run(items: List[Tuple[str, str]], workers: Optional[int]) -> List[str]:
    cores = workers or os.cpu_count() or 1
    if sum(source.count("\n") for _, source in items) < _PARALLEL_THRESHOLD or cores < 2:
        return [_format_pair(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor  # 20 ms to import: only for a pool

    # largest first, in small chunks, so that no worker is left with a big file at the end
    order = sorted(range(len(items)), key=lambda i: -len(items[i][1]))
    with ProcessPoolExecutor(max_workers=cores) as pool:
        done = pool.map(_format_pair, [items[i] for i in order], chunksize=max(1, len(items) // (cores * 16)))
        result = dict(zip(order, done))
    return [result[i] for i in range(len(items))]

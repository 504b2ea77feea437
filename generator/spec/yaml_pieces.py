"""Load a large YAML document piece by piece, parsing again only the pieces that changed.

After a one-line change to a 3 MB spec, parsing the whole document again costs about a
second. Block-style YAML splits at the lines that start its top-level keys, and below a
key whose value is a block mapping, at the lines that start that mapping's keys
(`paths:` -> `  /users:`; `components:` -> `  schemas:` -> `    User:`). Each piece is
parsed on its own, below verbatim copies of its ancestors' key lines, so the parser is
in the same state at its first line as in the whole document; what it parses to is kept
on disk under the hash of that text. Put back together in order, the pieces are what
the whole document parses to:

- a boundary is a line at the keys' indentation, which ends any block scalar and any
  multi-line plain scalar above it;
- a boundary inside a quoted string or a flow collection leaves the piece above it
  unterminated, and that piece fails to parse;
- an alias to an anchor in another piece fails to parse;
- a repeated key keeps its first place and its last value, as in the whole document.

A piece that fails to parse, or text this module does not split (document markers,
unusual line breaks, merge keys, explicit keys, lines indented out of place), makes the
caller parse the whole document the ordinary way, which also reports any error.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from openapi_sdkgen.speed.cache import DiskCache, content_key, source_key
from openapi_sdkgen.spec.locate import CONTENT_LINE, indent_pattern, is_dash, key_at, plain_text

_SPLIT_ABOVE = 16_384  # characters: smaller pieces are parsed whole
_MAX_DEPTH = 4  # levels of keys to split at: paths/<path>, components/schemas/<schema>
_RULES = source_key(__file__, sys.version)  # stored pieces are valid for this module and Python (marshal's format)


class Unsplittable(Exception):
    """The text is not split, or a piece did not parse as a piece: parse the whole document."""


@dataclass
class _Piece:
    start: int  # offset of its key line
    end: int
    children: List["_Piece"] = field(default_factory=list)  # none: parsed whole


# (the keys from the document's root to the piece's own, its value, its height or -1 when aliases share values)
_Parsed = Tuple[Tuple[Any, ...], Any, int]


@dataclass
class Loaded:
    data: Dict[Any, Any]
    height: Optional[int]  # nesting height of the document (see load._ShapeCheck); None when aliases share values


def load_in_pieces(text: str, parse: Callable[[str], Any], cache: DiskCache, entry: str) -> Loaded:
    """`text` parsed piece by piece, unchanged pieces taken from `cache` at `entry`.

    `entry` names the document (its path) and everything `parse` depends on; the pieces
    of its last load are kept there."""
    if not plain_text(text):
        raise Unsplittable
    pieces = _split(text, 0, len(text), -1, 0)
    entry = content_key(entry, _RULES)
    parser = _Parser(text, parse, _known(cache.get_bytes(entry)))
    data: Dict[Any, Any] = {}
    heights = [0]
    for piece in pieces:
        keys, value, height = parser.build(piece, [], 0)
        data[keys[0]] = value
        heights.append(height)
    if parser.parsed:
        try:
            cache.put_bytes(entry, marshal.dumps(parser.used))
        except ValueError:
            pass  # a value marshal cannot store: the pieces are parsed again next time
    return Loaded(data, None if min(heights) < 0 else 1 + max(heights))


def _known(stored: Optional[bytes]) -> Dict[str, _Parsed]:
    """The pieces parsed last time, by the hash of their text."""
    try:
        known = marshal.loads(stored) if stored else {}
    except (EOFError, ValueError, TypeError):
        return {}
    return known if isinstance(known, dict) else {}


def _split(text: str, start: int, end: int, parent_column: int, depth: int) -> List[_Piece]:
    """The pieces of the block mapping on the lines [start, end), indented more than its parent."""
    first = CONTENT_LINE.search(text, start, end)
    if first is None or is_dash(text, first.end()):
        raise Unsplittable
    column = first.end() - first.start()
    if column <= parent_column or (column and indent_pattern("under", column).search(text, first.start(), end)):
        raise Unsplittable  # a line indented less than the keys: not a plain block mapping
    keys = [first.end()] + [found.end() for found in indent_pattern("at", column).finditer(text, first.start(), end)]
    starts = []
    for pos in keys:
        if is_dash(text, pos):
            continue  # an item of a list indented as its key, in the key's piece
        if text.startswith("<<", pos) or key_at(text, pos, _line_end(text, pos)) is None:
            raise Unsplittable  # a merge key, or a line that is no key
        starts.append(pos - column)
    pieces = [_Piece(s, e) for s, e in zip(starts, starts[1:] + [end])]
    for piece in pieces:
        if piece.end - piece.start > _SPLIT_ABOVE and depth + 1 < _MAX_DEPTH and _bare_key_line(text, piece.start + column):
            try:
                piece.children = _split(text, _next_line(text, piece.start), piece.end, column, depth + 1)
            except Unsplittable:
                piece.children = []  # parsed whole
    return pieces


def _bare_key_line(text: str, pos: int) -> bool:
    """Whether the key at `pos` has nothing after its colon but a comment: its value is below."""
    found = key_at(text, pos, _line_end(text, pos))
    rest = text[found[1] + 1 : _line_end(text, pos)].strip() if found else "?"
    return rest == "" or rest.startswith("#")


class _Parser:
    """Parses pieces below their ancestors' key lines, or takes them from what was parsed before."""

    def __init__(self, text: str, parse: Callable[[str], Any], known: Dict[str, _Parsed]) -> None:
        self.text, self.parse, self.known = text, parse, known
        self.used: Dict[str, _Parsed] = {}
        self.parsed = 0

    def build(self, piece: _Piece, header: List[str], depth: int) -> _Parsed:
        if not piece.children:
            return self._leaf(piece, "".join(header), depth)
        below = [*header, self.text[piece.start : _next_line(self.text, piece.start)]]
        mapping: Dict[Any, Any] = {}
        keys: Tuple[Any, ...] = ()
        heights = [0]
        for child in piece.children:
            child_keys, value, height = self.build(child, below, depth + 1)
            mapping[child_keys[-1]] = value
            keys = keys or child_keys[:-1]
            heights.append(height)
        return keys, mapping, -1 if min(heights) < 0 else 1 + max(heights)

    def _leaf(self, piece: _Piece, header: str, depth: int) -> _Parsed:
        source = header + self.text[piece.start : piece.end]
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        found = self.known.get(digest)
        if found is None:
            found = self._parsed(source, depth)
            self.parsed += 1
        self.used[digest] = found  # marshal keeps values that aliases share shared
        return found

    def _parsed(self, source: str, depth: int) -> _Parsed:
        try:
            node = self.parse(source)
        except Exception as exc:  # noqa: BLE001 - the whole document's parse reports it
            raise Unsplittable from exc
        keys = []
        for _ in range(depth + 1):
            if not isinstance(node, dict) or len(node) != 1:
                raise Unsplittable
            key, node = next(iter(node.items()))
            keys.append(key)
        return tuple(keys), node, _height(node)


def _height(value: Any) -> int:
    """How many mappings and lists deep `value` nests (0 for a scalar); -1 when an alias
    makes two places share one (then the document's shape is checked the long way)."""
    if not isinstance(value, (dict, list)):
        return 0
    height = 0
    seen: Set[int] = set()
    pending = [(value, 1)]
    while pending:
        node, level = pending.pop()
        if id(node) in seen:
            return -1
        seen.add(id(node))
        height = max(height, level)
        children = node.values() if isinstance(node, dict) else node
        pending.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return height


def _line_end(text: str, pos: int) -> int:
    """Where the line at `pos` ends, before its \\r\\n or \\n."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return end - 1 if end > pos and text[end - 1] == "\r" else end


def _next_line(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1

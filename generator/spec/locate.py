"""The line of a node in a spec's text, found by scanning the text instead of parsing it.

Composing a large YAML document to place one warning costs about a second. Block-style
YAML lays a mapping's keys out as lines at one indentation and a list's items as `- `
lines at one indentation, so a node is found by looking only at the lines at the
indentations along its path. Every mapping and list passed on the way is checked against
the loaded data (the same keys in the same order, the same number of items): a line that
only looks like a key (inside a multi-line quoted string, say) fails that check.

What this scan does not model makes it answer None, and the caller asks the YAML composer
instead: flow collections that span lines, anchors, aliases, tags, explicit keys, empty
values (the composer places them oddly), document markers, line breaks other than `\\n`
and `\\r\\n`, and anything else that does not look like plain block style.

JSON text is walked with the json module's own scanner instead, which finds where each
value starts and ends exactly (JSON has no layout to rely on).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern, Sequence, Tuple, Union

from openapi_sdkgen.diagnostics import PathPart

_ODD_BREAK = re.compile(r"\r(?!\n)")  # the composer counts \r, NEL, LS and PS as line breaks too
_MARKER = re.compile(r"\n(?:(?:---|\.\.\.)(?=[ \t\r\n]|$)|%)")  # document markers, directives
CONTENT_LINE = re.compile(r"^ *(?=[^ \r\n#])", re.M)  # a line that is neither blank nor a comment
_DOUBLE_KEY = re.compile(r'"([^"\\\n]*)"[ \t]*:(?=[ \t]|$)')
_SINGLE_KEY = re.compile(r"'((?:[^'\n]|'')*)'[ \t]*:(?=[ \t]|$)")
# A plain key: no indicator first (`-?:` only before a non-space), no `: ` or ` #` inside.
_PLAIN_KEY = re.compile(r"((?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:](?=\S))(?:[^:#\n]|:(?=[^ \t\n])|(?<=[^ \t])#)*?)[ \t]*:(?=[ \t]|$)")
_DOUBLE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^'\n]|'')*'")
_SPACES = re.compile(r"[ \t]*")
_BREAK = re.compile(r"\n")


class _Unsure(Exception):
    """The scan met something it does not model."""


@dataclass(frozen=True)
class _Node:
    kind: str  # "mapping", "sequence" or "leaf" (a scalar, or a flow collection it cannot enter)
    pos: int  # offset of the node's first character
    end: int  # offset where the lines that may belong to it end
    data: Any


@dataclass(frozen=True)
class _Entries:
    """A mapping's keys, or a list's items, as found in the text."""

    starts: Tuple[int, ...]  # offset of each key or `-`
    ends: Tuple[int, ...]  # offset where each entry's lines end
    index: Dict[str, int]  # key text -> first entry with it (mappings only)
    values: Tuple[Any, ...]  # the data of each entry (mappings only)


class BlockLocator:
    """Finds lines of block-style YAML nodes; one instance per document, so levels found are reused."""

    def __init__(self, text: str, data: Any) -> None:
        self.text = text.replace("\r\n", "\n") if "\r" in text else text  # \r\n is one line break, like \n
        self.data = data
        self.usable = plain_text(text)
        self._entries: Dict[int, _Entries] = {}
        self._starts: List[int] = []
        self._counted = 0  # characters scanned by line counts so far
        self._count_marks: List[int] = []  # offsets whose line was counted, sorted
        self._count_lines: List[int] = []  # and their lines

    def line_of(self, path: Sequence[PathPart]) -> Optional[int]:
        """The line the YAML composer gives the node at `path` (or its nearest existing parent); None when unsure."""
        if not self.usable:
            return None
        try:
            node = self._root()
            for part in path:
                child = self._child(node, part)
                if child is None:
                    break
                node = child
        except _Unsure:
            return None
        return self._line(node.pos)

    # --- nodes ---------------------------------------------------------------------------

    def _root(self) -> _Node:
        found = CONTENT_LINE.search(self.text)
        if found is None:
            raise _Unsure
        return self._node_at(found.end(), len(self.text), self.data)

    def _node_at(self, pos: int, end: int, data: Any) -> _Node:
        """The node whose first character is at `pos`, with lines up to `end`."""
        first = self.text[pos]
        if self._is_dash(pos):
            return self._checked(_Node("sequence", pos, end, data), list)
        if first in "&*!?%@`,]}\t":
            raise _Unsure  # anchors, aliases, tags, explicit keys, or not YAML this scan knows
        if first in "{[":
            return self._checked(_Node("leaf", pos, end, data), dict if first == "{" else list)
        if first not in "|>" and self._key_at(pos) is not None:
            return self._checked(_Node("mapping", pos, end, data), dict)
        if isinstance(data, (dict, list)):
            raise _Unsure
        return _Node("leaf", pos, end, data)

    @staticmethod
    def _checked(node: _Node, kind: type) -> _Node:
        if not isinstance(node.data, kind):
            raise _Unsure
        return node

    def _child(self, node: _Node, part: PathPart) -> Optional[_Node]:
        """The composer's child: a mapping's first key whose text is str(part), a list's item part."""
        if node.kind == "mapping":
            entries = self._mapping(node)
            index = entries.index.get(str(part))
            if index is None:
                return None
            return self._value(entries.starts[index], entries.ends[index], entries.values[index])
        if node.kind == "sequence":
            items = self._sequence(node)
            if not isinstance(part, int) or part >= len(items.starts):
                return None
            return self._item(items.starts[part], items.ends[part], node.data[part])
        if self.text[node.pos] in "{[":
            if not self._flow_on_one_line(node.pos):
                raise _Unsure  # the composer would look inside the flow collection
            return node  # whatever it finds inside starts on this same line
        return None  # a scalar has no children

    def _value(self, key: int, end: int, data: Any) -> _Node:
        """The value of the key at `key`: on the key's line, or on the lines after it."""
        found = self._key_at(key)
        if found is None:
            raise _Unsure
        after = self._after_spaces(found[1] + 1)
        if after < len(self.text) and self.text[after] not in "#\n":
            return self._node_at(after, end, data)
        below = self._next_content(after, end)
        column = self._column(key)
        if self._column(below) > column or (self._column(below) == column and self._is_dash(below)):
            return self._node_at(below, end, data)
        raise _Unsure

    def _item(self, dash: int, end: int, data: Any) -> _Node:
        after = self._after_spaces(dash + 1)
        if after < len(self.text) and self.text[after] not in "#\n":
            return self._node_at(after, end, data)
        below = self._next_content(after, end)
        if self._column(below) > self._column(dash):
            return self._node_at(below, end, data)
        raise _Unsure

    def _next_content(self, pos: int, end: int) -> int:
        """The first character of the next line that is neither blank nor a comment; an empty
        value when there is none (the composer places those oddly)."""
        found = CONTENT_LINE.search(self.text, self._next_line(pos), end)
        if found is None:
            raise _Unsure
        return found.end()

    # --- levels --------------------------------------------------------------------------

    def _mapping(self, node: _Node) -> _Entries:
        if node.pos not in self._entries:
            starts = [node.pos]
            for line in self._lines_at(node, self._column(node.pos)):
                if self._is_dash(line):
                    continue  # an item of the previous key's list, indented as the key
                starts.append(line)
            keys = [self._key_at(start) for start in starts]
            if len(keys) != len(node.data) or not all(k is not None and _same_key(k[0], d) for k, d in zip(keys, node.data)):
                raise _Unsure
            index: Dict[str, int] = {}
            for i, key in enumerate(keys):
                index.setdefault(key[0] if key else "", i)
            self._entries[node.pos] = _Entries(tuple(starts), self._ends(starts, node.end), index, tuple(node.data.values()))
        return self._entries[node.pos]

    def _sequence(self, node: _Node) -> _Entries:
        if node.pos not in self._entries:
            starts = [node.pos, *self._lines_at(node, self._column(node.pos))]
            if len(starts) != len(node.data) or not all(self._is_dash(start) for start in starts):
                raise _Unsure
            self._entries[node.pos] = _Entries(tuple(starts), self._ends(starts, node.end), {}, ())
        return self._entries[node.pos]

    def _lines_at(self, node: _Node, column: int) -> List[int]:
        """Starts of the node's later lines at `column`; any line of it indented less makes the scan unsure."""
        newline = self._next_line(node.pos) - 1  # the patterns start at the line break before a line
        if column and indent_pattern("under", column).search(self.text, newline, node.end):
            raise _Unsure
        return [found.end() for found in indent_pattern("at", column).finditer(self.text, newline, node.end)]

    def _ends(self, starts: List[int], end: int) -> Tuple[int, ...]:
        return tuple(self._line_start(s) for s in starts[1:]) + (end,)

    # --- text ----------------------------------------------------------------------------

    def _key_at(self, pos: int) -> Optional[Tuple[str, int]]:
        return key_at(self.text, pos, self._line_end(pos))

    def _flow_on_one_line(self, pos: int) -> bool:
        """Whether the flow collection at `pos` ends on its line (and holds no anchor, alias or tag)."""
        text, end = self.text, self._line_end(pos)
        depth, at = 0, pos
        while at < end:
            char = text[at]
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return True
            elif char in "\"'" and text[at - 1] in " \t[{,:":
                found = (_DOUBLE if char == '"' else _SINGLE).match(text, at, end)
                if found is None:
                    return False  # a quoted string that goes on to the next line
                at = found.end()
                continue
            elif char in "\"'&*!#":
                return False  # not something this scan reads
            at += 1
        return False

    def _after_spaces(self, pos: int) -> int:
        found = _SPACES.match(self.text, pos)
        return found.end() if found else pos

    def _is_dash(self, pos: int) -> bool:
        return is_dash(self.text, pos)

    def _line(self, pos: int) -> int:
        """1-based line of `pos`: counted from the nearest offset counted before, for a few
        lookups that scan less text than building a table of line starts would (about four
        passes); looked up in the table after."""
        if not self._starts and len(self._count_marks) < 64 and self._counted < 4 * len(self.text):
            return self._counted_line(pos)
        if not self._starts:
            self._starts = [0, *(found.end() for found in _BREAK.finditer(self.text))]
        return bisect_right(self._starts, pos)

    def _counted_line(self, pos: int) -> int:
        at = bisect_right(self._count_marks, pos)
        start, line = (self._count_marks[at - 1], self._count_lines[at - 1]) if at else (0, 1)
        line += self.text.count("\n", start, pos)
        self._counted += pos - start
        self._count_marks.insert(at, pos)
        self._count_lines.insert(at, line)
        return line

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    def _next_line(self, pos: int) -> int:
        return min(self._line_end(pos) + 1, len(self.text))

    def _column(self, pos: int) -> int:
        return pos - self._line_start(pos)


@lru_cache(maxsize=None)
def indent_pattern(kind: str, column: int) -> Pattern[str]:
    """A line break, then `column` spaces ("at") or fewer ("under"), then content."""
    spaces = f" {{{column}}}" if kind == "at" else f" {{0,{column - 1}}}"
    return re.compile(f"\\n{spaces}(?=[^ \\r\\n#])")


def key_at(text: str, pos: int, line_end: int) -> Optional[Tuple[str, int]]:
    """(the key's text, the offset of its `:`) when a block mapping key starts at `pos`."""
    first = text[pos]
    pattern = _DOUBLE_KEY if first == '"' else _SINGLE_KEY if first == "'" else _PLAIN_KEY
    found = pattern.match(text, pos, line_end)
    if found is None:
        return None
    key = found.group(1).replace("''", "'") if first == "'" else found.group(1)
    return key, found.end() - 1


def is_dash(text: str, pos: int) -> bool:
    """Whether a block list item (`- `) starts at `pos`."""
    return text.startswith("-", pos) and text[pos + 1 : pos + 2] in ("", " ", "\t", "\r", "\n")


def plain_text(text: str) -> bool:
    """No document markers or directives, and only \\n or \\r\\n line breaks."""
    if text.startswith(("---", "...", "%")) or _MARKER.search(text):
        return False
    return not (("\r" in text and _ODD_BREAK.search(text)) or any(c in text for c in "\x85\u2028\u2029"))


def _same_key(text: str, key: Any) -> bool:
    """Whether a key written as `text` loaded as `key` (and nothing the scan could misread)."""
    if isinstance(key, str):
        return key == text
    return type(key) is int and str(key) == text


class JsonLocator:
    """Finds lines of nodes in JSON text, as the YAML composer places them (where each value starts)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.usable = plain_text(text)
        self._decoder = json.JSONDecoder()
        self._children: Dict[int, Union[Dict[str, int], List[int]]] = {}

    def line_of(self, path: Sequence[PathPart]) -> Optional[int]:
        if not self.usable:
            return None
        try:
            pos = self._skip_space(0)
            for part in path:
                child = self._child(pos, part)
                if child is None:
                    break
                pos = child
        except (ValueError, IndexError):
            return None  # not JSON after all: the composer decides
        return self.text.count("\n", 0, pos) + 1

    def _child(self, pos: int, part: PathPart) -> Optional[int]:
        children = self._children.get(pos)
        if children is None:
            children = self._children[pos] = self._members(pos) if self.text[pos] == "{" else self._items(pos)
        if isinstance(children, dict):
            return children.get(str(part))
        return children[part] if isinstance(part, int) and part < len(children) else None

    def _members(self, pos: int) -> Dict[str, int]:
        """Each key's first value start (the composer takes a repeated key's first value)."""
        found: Dict[Any, int] = {}
        at = self._skip_space(pos + 1)
        while self.text[at] == '"':
            key, at = self._decoder.raw_decode(self.text, at)
            at = self._skip_space(self._skip_space(at) + 1)  # past the colon
            found.setdefault(key, at)
            at = self._after_value(at)
        return found

    def _items(self, pos: int) -> List[int]:
        found: List[int] = []
        if self.text[pos] != "[":
            return found  # a scalar has no children
        at = self._skip_space(pos + 1)
        while self.text[at] != "]":
            found.append(at)
            at = self._after_value(at)
        return found

    def _after_value(self, pos: int) -> int:
        """Past the value at `pos` and the comma after it, at the next member or the closing bracket."""
        _, end = self._decoder.raw_decode(self.text, pos)
        at = self._skip_space(end)
        return self._skip_space(at + 1) if self.text[at] == "," else at

    def _skip_space(self, pos: int) -> int:
        while self.text[pos] in " \t\r\n":
            pos += 1
        return pos

"""The JSONPath (RFC 9535) that Overlay documents use to pick nodes: a subset.

Supported: the root `$`; child names as `.name`, `['name']` or `["name"]` (several,
comma-separated, in brackets); the wildcard `.*` / `[*]`; indexes `[0]`, `[-1]`; the
descendants `..name` / `..*`; filters `[?@.a.b == 'x']` (also `[?(...)]`) with `==`,
`!=`, `<`, `<=`, `>`, `>=`, an existence test `@.a`, `!`, `&&`, `||` and parentheses.
A query selects (parent, key) places, so that an overlay can update or remove each.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterator, List, Optional, Tuple

Place = Tuple[Any, Any]  # (parent container, key or index); the root is (None, None)
Step = Callable[[Any], Iterator[Tuple[Any, Any, Any]]]  # node -> (parent, key, child)


class JsonPathError(ValueError):
    """A query outside the supported subset, or not JSONPath at all; the message says where."""


def select(query: str, root: Any) -> List[Tuple[Any, Any, Any]]:
    """(parent, key, node) of every node `query` selects in `root`, in document order."""
    steps = _Parser(query).parse()
    current: List[Tuple[Any, Any, Any]] = [(None, None, root)]
    for step in steps:
        found: List[Tuple[Any, Any, Any]] = []
        seen = set()
        for _, _, node in current:
            for hit in step(node):
                marker = (id(hit[0]), hit[1] if not isinstance(hit[1], (dict, list)) else id(hit[1]))
                if marker not in seen:
                    seen.add(marker)
                    found.append(hit)
        current = found
    return current


def _children(node: Any) -> Iterator[Tuple[Any, Any, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key, value
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index, value


def _descendants(node: Any) -> Iterator[Any]:
    """`node` and everything under it, depth first (iterative)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed([child for _, _, child in _children(current)]))


def _name_step(names: List[Any]) -> Step:
    def step(node: Any) -> Iterator[Tuple[Any, Any, Any]]:
        for name in names:
            if isinstance(name, int) and isinstance(node, list):
                index = name if name >= 0 else len(node) + name
                if 0 <= index < len(node):
                    yield node, index, node[index]
            elif isinstance(node, dict) and str(name) in node:
                yield node, str(name), node[str(name)]
    return step


def _descendant_step(inner: Step) -> Step:
    def step(node: Any) -> Iterator[Tuple[Any, Any, Any]]:
        for descendant in _descendants(node):
            yield from inner(descendant)
    return step


def _filter_step(test: Callable[[Any], bool]) -> Step:
    def step(node: Any) -> Iterator[Tuple[Any, Any, Any]]:
        for parent, key, child in _children(node):
            if test(child):
                yield parent, key, child
    return step


_MISSING = object()
_TOKEN = re.compile(r"\s*(?:(?P<op>==|!=|<=|>=|<|>|&&|\|\||!|\(|\))|(?P<path>@(?:\.[A-Za-z_$][\w$-]*|\[(?:'[^']*'|\"[^\"]*\"|-?\d+)\])*)|(?P<lit>'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?|true|false|null))")


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.at = 0

    def error(self, what: str) -> JsonPathError:
        return JsonPathError(f"JSONPath {self.query!r}: {what} at character {self.at + 1}")

    def parse(self) -> List[Step]:
        if not self.query.startswith("$"):
            raise self.error("a query starts with '$'")
        self.at = 1
        steps: List[Step] = []
        while self.at < len(self.query):
            if self.query.startswith("..", self.at):
                self.at += 2
                steps.append(_descendant_step(self._after_dots()))
            elif self.query[self.at] == ".":
                self.at += 1
                steps.append(self._after_dots())
            elif self.query[self.at] == "[":
                steps.append(self._bracket())
            else:
                raise self.error(f"unexpected {self.query[self.at]!r}")
        return steps

    def _after_dots(self) -> Step:
        if self.at < len(self.query) and self.query[self.at] == "[":
            return self._bracket()
        if self.query.startswith("*", self.at):
            self.at += 1
            return _children
        match = re.compile(r"[A-Za-z_$][\w$-]*").match(self.query, self.at)
        if match is None:
            raise self.error("a name, '*' or '[' expected")
        self.at = match.end()
        return _name_step([match.group()])

    def _bracket(self) -> Step:
        end = self._closing(self.at)
        inside = self.query[self.at + 1 : end].strip()
        start, self.at = self.at, end + 1
        if inside == "*":
            return _children
        if inside.startswith("?"):
            expression = inside[1:].strip()
            return _filter_step(_Filter(expression, self.query, start).parse())
        names: List[Any] = []
        for part in _split_commas(inside):
            part = part.strip()
            if re.fullmatch(r"-?\d+", part):
                names.append(int(part))
            elif len(part) >= 2 and part[0] == part[-1] and part[0] in "'\"":
                names.append(part[1:-1])
            else:
                self.at = start
                raise self.error(f"unsupported selector [{inside}]")
        return _name_step(names)

    def _closing(self, at: int) -> int:
        depth, quote = 0, ""
        for index in range(at, len(self.query)):
            ch = self.query[index]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return index
        raise self.error("'[' is never closed")


def _split_commas(text: str) -> List[str]:
    parts, current, quote = [], "", ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == ",":
            parts.append(current)
            current = ""
            continue
        current += ch
    return parts + [current]


class _Filter:
    """A filter expression, parsed by precedence: || over && over ! over comparisons."""

    def __init__(self, text: str, query: str, at: int) -> None:
        self.tokens: List[Tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                if text[position:].strip() == "":
                    break
                raise JsonPathError(f"JSONPath {query!r}: unsupported filter {text!r} (at {text[position:]!r})")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.query = query
        self.next = 0

    def parse(self) -> Callable[[Any], bool]:
        test = self._or()
        if self.next != len(self.tokens):
            raise JsonPathError(f"JSONPath {self.query!r}: unexpected {self.tokens[self.next][1]!r} in a filter")
        return test

    def _peek(self) -> Optional[str]:
        return self.tokens[self.next][1] if self.next < len(self.tokens) else None

    def _or(self) -> Callable[[Any], bool]:
        left = self._and()
        while self._peek() == "||":
            self.next += 1
            left = _either(left, self._and())
        return left

    def _and(self) -> Callable[[Any], bool]:
        left = self._not()
        while self._peek() == "&&":
            self.next += 1
            left = _both(left, self._not())
        return left

    def _not(self) -> Callable[[Any], bool]:
        if self._peek() == "!":
            self.next += 1
            inner = self._not()
            return lambda node: not inner(node)
        if self._peek() == "(":
            self.next += 1
            inner = self._or()
            if self._peek() != ")":
                raise JsonPathError(f"JSONPath {self.query!r}: ')' expected in a filter")
            self.next += 1
            return inner
        return self._comparison()

    def _operand(self) -> Callable[[Any], Any]:
        if self.next >= len(self.tokens):
            raise JsonPathError(f"JSONPath {self.query!r}: a filter ends too soon")
        kind, text = self.tokens[self.next]
        self.next += 1
        if kind == "path":
            parts = re.findall(r"\.([A-Za-z_$][\w$-]*)|\['([^']*)'\]|\[\"([^\"]*)\"\]|\[(-?\d+)\]", text[1:])
            keys: List[Any] = [a or b or c if not d else int(d) for a, b, c, d in parts]
            return lambda node: _follow(node, keys)
        if kind == "lit":
            value = json.loads(text.replace("'", '"')) if text[0] in "'\"" else json.loads(text)
            return lambda node: value
        raise JsonPathError(f"JSONPath {self.query!r}: unexpected {text!r} in a filter")

    def _comparison(self) -> Callable[[Any], bool]:
        left = self._operand()
        op = self._peek()
        if op not in ("==", "!=", "<", "<=", ">", ">="):
            return lambda node: left(node) is not _MISSING
        self.next += 1
        right = self._operand()
        return lambda node: _compare(left(node), str(op), right(node))


def _either(a: Callable[[Any], bool], b: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda node: a(node) or b(node)


def _both(a: Callable[[Any], bool], b: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda node: a(node) and b(node)


def _follow(node: Any, keys: List[Any]) -> Any:
    for key in keys:
        if isinstance(node, dict) and isinstance(key, str) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and -len(node) <= key < len(node):
            node = node[key]
        else:
            return _MISSING
    return node


def _compare(a: Any, op: str, b: Any) -> bool:
    if op == "==":
        return a is not _MISSING and a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and a == b)
    if op == "!=":
        return not _compare(a, "==", b)
    if a is _MISSING or b is _MISSING or isinstance(a, bool) or isinstance(b, bool):
        return False
    if not ((isinstance(a, (int, float)) and isinstance(b, (int, float))) or (isinstance(a, str) and isinstance(b, str))):
        return False
    ordered: Any = a  # two numbers or two strings, as checked above
    return bool({"<": ordered < b, "<=": ordered <= b, ">": ordered > b, ">=": ordered >= b}[op])

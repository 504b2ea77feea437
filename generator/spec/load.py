"""Load an OpenAPI document from YAML or JSON, safely and with OpenAPI's typing.

YAML is read with libyaml's C loader when available, but with YAML 1.2 scalars:
no timestamps, and only true/false are booleans (YAML 1.1 turns `on`, `no`, `y` into
booleans, which breaks enums and property names). A large document is parsed in pieces,
and pieces unchanged since the last load are taken from the cache (yaml_pieces.py). Line numbers are looked up only
when an error needs one, so the fast path keeps no marks; they are found by scanning the
text when it is plain block-style YAML (locate.py), by composing it otherwise.

A loaded document is also checked for shapes that would make later stages hang or
crash: nesting deeper than MAX_DEPTH, YAML aliases that refer to their own ancestor or
expand into far more nodes than the text holds ("billion laughs"), and lone surrogates
(valid in JSON escapes, but not text that can be written out). A document loaded in
pieces whose values no alias shares is known to be a tree of known height: only its
height needs checking.
"""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

import yaml

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError, PathPart, Severity, to_pointer
from openapi_sdkgen.speed.cache import DiskCache, source_key
from openapi_sdkgen.spec.locate import BlockLocator, JsonLocator
from openapi_sdkgen.spec.yaml_pieces import Unsplittable, load_in_pieces

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")

MAX_DEPTH = 256  # nested mappings and lists; real specs stay under 40
MAX_ALIAS_GROWTH = 1_000_000  # mappings and lists that YAML aliases may add to a document
_RECURSION_LIMIT = 12_000  # Python frames needed to walk MAX_DEPTH levels, with room to spare
_SURROGATE_ESCAPE = re.compile(r"\\[uU]0*[dD][89a-fA-F]")


_STR = "tag:yaml.org,2002:str"
_SCALAR_KEY_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"})


class _OpenAPILoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader with YAML 1.2 booleans and no implicit timestamps; mapping keys are
    strings as JSON's are (`200:` is the response code "200", as OpenAPI means it)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        for key_node, _ in node.value:
            if key_node.tag in _SCALAR_KEY_TAGS and isinstance(key_node, yaml.ScalarNode):
                key_node.tag = _STR
        return super().construct_mapping(node, deep)


_OpenAPILoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_OpenAPILoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


@dataclass
class Document:
    """A loaded spec: its data and enough of its source to place errors."""

    path: Path
    text: str
    data: Dict[str, Any]
    _nodes: Optional[yaml.Node] = field(default=None, repr=False)
    _locator: Optional[Union[BlockLocator, JsonLocator]] = field(default=None, repr=False)
    sources: Tuple[str, ...] = ()  # other files whose content was brought into `data` (bundle.py)
    # Where what was brought in came from: a path item, operation or component's place in
    # `data` -> the document and place it was copied from.
    origins: Dict[Tuple[PathPart, ...], Tuple["Document", Tuple[PathPart, ...]]] = field(default_factory=dict, repr=False)

    def line_of(self, path: Sequence[PathPart]) -> Optional[int]:
        """1-based line of the node at `path`, or of its nearest existing parent.

        Scanning the text finds it in block-style YAML; the composer, which costs about a
        second on a large spec, is asked only when the scan is unsure (see locate.py)."""
        if self._locator is None:
            self._locator = JsonLocator(self.text) if self.path.suffix == ".json" else BlockLocator(self.text, self.data)
        line = self._locator.line_of(path)
        return line if line is not None else self.composed_line_of(path)

    def composed_line_of(self, path: Sequence[PathPart]) -> Optional[int]:
        """line_of as the YAML composer places the node."""
        try:
            node = self._nodes or yaml.compose(self.text, Loader=_OpenAPILoader)
        except yaml.YAMLError:
            return None
        if node is None:
            return None
        self._nodes = node
        line = node.start_mark.line + 1
        for part in path:
            node = _child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def diagnostic(self, severity: Severity, message: str, path: Sequence[PathPart]) -> Diagnostic:
        origin = self.origin_of(path)
        if origin is not None:
            return Diagnostic(severity, message, origin[1], origin[0], origin[2])
        return Diagnostic(severity, message, tuple(path), str(self.path), self.line_of(path))

    def origin_of(self, path: Sequence[PathPart]) -> Optional[Tuple[str, Tuple[PathPart, ...], Optional[int]]]:
        """(file, place, line) where the node at `path` was written, for a node another file
        holds (bundle.py); None for one of this document's own."""
        for length in (3, 2):
            origin = self.origins.get(tuple(path[:length]))
            if origin is not None:
                document, base = origin
                place = (*base, *path[length:])
                return self.name_of(document), place, document.line_of(place)
        return None

    def place_of(self, path: Sequence[PathPart]) -> str:
        """A place for a message that names another: `#/pointer`, or `file#/pointer` for a
        node another file holds."""
        origin = self.origin_of(path)
        return f"{origin[0]}{to_pointer(origin[1])}" if origin else to_pointer(path)

    def name_of(self, other: "Document") -> str:
        """How messages name a file this document refers to: as this one was named."""
        return str(other.path if self.path.is_absolute() else os.path.relpath(other.path))

    def diagnostic_in(self, other: "Document", severity: Severity, message: str, path: Sequence[PathPart]) -> Diagnostic:
        """A diagnostic at `path` in `other`, a file this document refers to."""
        return Diagnostic(severity, message, tuple(path), self.name_of(other), other.line_of(path))


def _child(node: yaml.Node, part: PathPart) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def load_document(path: Path, what: str = "spec") -> Document:
    """Read and parse `path` (the spec, or `what` else it is); any failure is a GeneratorError
    naming the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeneratorError([Diagnostic("error", f"cannot read {what}: {exc.strerror or exc}", (), str(path), in_spec=False)]) from None
    text = _decode(raw, path)
    data, height = _parse(text, path)
    if not isinstance(data, dict):
        raise GeneratorError([Diagnostic("error", "the document root must be a mapping", (), str(path), 1)])
    document = Document(path, text, data)
    surrogates = bool(_SURROGATE_ESCAPE.search(text))
    if height is None or height > MAX_DEPTH or surrogates:  # else a tree known to be shallow enough: nothing to find
        _check_shape(document, surrogates)
    return document


@contextmanager
def recursion_room() -> Iterator[None]:
    """Enough Python stack for the recursive stages to walk a document MAX_DEPTH deep."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"the spec is not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} ({exc.reason})"
        raise GeneratorError([Diagnostic("error", message, (), str(path), line)]) from None


def _parse(text: str, path: Path) -> Tuple[Any, Optional[int]]:
    """The document's data, and its nesting height when it is known to be a tree (no value shared by aliases)."""
    try:
        if path.suffix == ".json":
            return json.loads(text), None
        if len(text) >= _PIECES_THRESHOLD:
            try:
                loaded = load_in_pieces(text, _parse_yaml, DiskCache("yaml-pieces"), f"{path.resolve()}\0{_LOADER_RULES}")
                return loaded.data, loaded.height
            except Unsplittable:
                pass  # parsed whole, below
        return _parse_yaml(text), None
    except json.JSONDecodeError as exc:
        raise GeneratorError([Diagnostic("error", f"invalid JSON: {exc.msg}", (), str(path), exc.lineno)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else _line_at(text, getattr(exc, "position", None))
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
        raise GeneratorError([Diagnostic("error", f"invalid YAML: {problem}", (), str(path), line)]) from None
    except RecursionError:
        raise GeneratorError([Diagnostic("error", f"the document nests deeper than {MAX_DEPTH} levels", (), str(path))]) from None


def _parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_OpenAPILoader)  # noqa: S506 - a safe loader


_PIECES_THRESHOLD = 200_000  # characters: a smaller document parses in well under 0.1 s (see yaml_pieces.py)
_LOADER_RULES = source_key(__file__, yaml.__version__, _BaseLoader.__name__)  # what pieces parse to depends on the loader


def _line_at(text: str, position: Optional[int]) -> Optional[int]:
    """The line of a character offset (the YAML reader reports bad characters by offset)."""
    return text.count("\n", 0, position) + 1 if isinstance(position, int) else None


# --- shape checks ----------------------------------------------------------------------

_CONTAINERS = (dict, list)


def _children(node: Any) -> Iterator[Tuple[PathPart, Any]]:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


def _check_shape(document: Document, surrogates: bool) -> None:
    _ShapeCheck(document, surrogates).run()


class _ShapeCheck:
    """One walk over the distinct mappings and lists (aliases share them), bottom-up.

    Each container gets its height and its expanded size, counting a shared one as often
    as it is referred to: the height bounds every later recursion, the size is what any
    stage that walks or serializes the tree would really visit.
    """

    def __init__(self, document: Document, surrogates: bool) -> None:
        self.document = document
        self.surrogates = surrogates
        self.heights: Dict[int, int] = {}
        self.sizes: Dict[int, int] = {}
        self.on_path: Set[int] = {id(document.data)}
        self.trail: List[PathPart] = []

    def run(self) -> None:
        stack: List[Tuple[Any, Iterator[Tuple[PathPart, Any]]]] = [(self.document.data, _children(self.document.data))]
        while stack:
            node, pending = stack[-1]
            child = self._next_unmeasured(pending, depth=len(stack))
            if child is not None:
                stack.append((child, _children(child)))
                continue
            stack.pop()
            self._measure(node)
        growth = self.sizes[id(self.document.data)] - len(self.sizes)
        if growth > MAX_ALIAS_GROWTH:
            message = f"YAML aliases expand the document by {growth:,} mappings and lists (more than {MAX_ALIAS_GROWTH:,}): a 'billion laughs' document"
            raise GeneratorError([Diagnostic("error", message, (), str(self.document.path))])

    def _next_unmeasured(self, pending: Iterator[Tuple[PathPart, Any]], depth: int) -> Any:
        """The next child container to enter, checking every child on the way; None at the end."""
        for key, child in pending:
            if self.surrogates:
                self._check_text(key, child)
            if not isinstance(child, _CONTAINERS):
                continue
            place = id(child)
            if place in self.on_path:
                raise self._error(key, "a YAML alias refers to a mapping or list that contains it (a recursive structure)")
            if depth + self.heights.get(place, 1) > MAX_DEPTH:
                raise self._error(key, f"the document nests deeper than {MAX_DEPTH} levels")
            if place not in self.heights:
                self.on_path.add(place)
                self.trail.append(key)
                return child
        return None

    def _measure(self, node: Any) -> None:
        self.on_path.discard(id(node))
        if self.trail:
            self.trail.pop()
        containers = [id(c) for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, _CONTAINERS)]
        self.heights[id(node)] = 1 + max((self.heights[c] for c in containers), default=0)
        self.sizes[id(node)] = 1 + sum(self.sizes[c] for c in containers)

    def _check_text(self, key: PathPart, value: Any) -> None:
        for text in (key, value):
            if isinstance(text, str) and not _encodable(text):
                raise self._error(key, "a string holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape), which is not valid Unicode")

    def _error(self, key: PathPart, message: str) -> GeneratorError:
        return GeneratorError([self.document.diagnostic("error", message, [*self.trail, key])])


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

"""$ref resolution: local pointers and relative files; cycles are allowed.

A reference resolves to a `Located` node: the node plus its canonical place (file and
path). Callers memoize on that place, so a shared sub-tree is visited once and the
cost stays linear in the size of the spec.

`check_references` runs before validation: the validator would fetch a remote
reference over the network and recurse forever on a chain of references that never
reaches a schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Set, Tuple
from urllib.parse import unquote

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError, PathPart, to_pointer
from openapi_sdkgen.spec.load import Document, load_document

_MAX_REF_CHAIN = 64

# Keywords whose values are data, not spec objects: a "$ref" in them is not a reference
# (but a mapping of `examples` holds Example Objects, which may be references).
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "const", "enum", "value", "externalValue"})
# Mappings keyed by user names (a property may be called "default" or "example").
NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "schemas", "paths", "responses", "parameters",
     "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks", "content", "encoding",
     "pathItems", "webhooks", "variables", "dependentSchemas"}
)


class Located(NamedTuple):
    """A node and its place. A named tuple, not a dataclass: the type builder makes one per
    schema and property it visits, and a tuple is several times cheaper to make."""

    node: Any
    file: str
    path: Tuple[PathPart, ...]

    def child(self, *parts: PathPart) -> "Located":
        node = self.node
        for part in parts:
            node = node[part]
        return Located(node, self.file, self.path + parts)

    @property
    def key(self) -> Tuple[str, Tuple[PathPart, ...]]:
        return (self.file, self.path)

    @property
    def pointer(self) -> str:
        return to_pointer(self.path)


def parse_pointer(fragment: str) -> List[PathPart]:
    """`/components/schemas/A~1B` -> ["components", "schemas", "A/B"]."""
    if fragment in ("", "/"):
        return []
    if not fragment.startswith("/"):
        raise ValueError(f"not a JSON pointer: {fragment!r}")
    parts: List[PathPart] = []
    for raw in fragment[1:].split("/"):
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        parts.append(part)
    return parts


def _walk(node: Any, parts: Sequence[PathPart]) -> Any:
    for part in parts:
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise KeyError(part)
    return node


def canonical_path(data: Dict[str, Any], parts: Sequence[PathPart]) -> List[PathPart]:
    """The place a traversal path really points to, following local $refs on the way."""
    current: List[PathPart] = []
    node: Any = data
    for part in parts:
        for _ in range(_MAX_REF_CHAIN):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#") and part not in node):
                break
            try:
                current = parse_pointer(ref[1:])
                node = _walk(data, current)
            except (KeyError, IndexError, ValueError):
                return [*current, part]
        try:
            key: PathPart = int(part) if isinstance(node, list) else part
            node = node[key]
            current.append(key)
        except (KeyError, IndexError, ValueError, TypeError):
            current.append(part)
            node = None
    return current


class Resolver:
    """Resolves `$ref`s against the root document and relative files beside it."""

    def __init__(self, root: Document) -> None:
        self.root = root
        self._documents: Dict[str, Document] = {str(root.path): root}
        # A spec refers to a few hundred schemas thousands of times: each target is found once.
        self._targets: Dict[Tuple[str, str], Located] = {}

    def document(self, file: str) -> Document:
        return self._documents[file]

    def files(self) -> List[str]:
        """The files read so far, the root's first."""
        return list(self._documents)

    def root_node(self) -> Located:
        return Located(self.root.data, str(self.root.path), ())

    def deref(self, located: Located) -> Located:
        """Follow `$ref` chains until a node that is not a reference."""
        if not (isinstance(located.node, dict) and "$ref" in located.node):
            return located
        seen: Set[Tuple[str, Tuple[PathPart, ...]]] = set()
        while isinstance(located.node, dict) and isinstance(located.node.get("$ref"), str):
            if located.key in seen or len(seen) > _MAX_REF_CHAIN:
                raise self._error(located, "$ref cycle with no schema in between")
            seen.add(located.key)
            located = self._target(located)
        return located

    def ref_target(self, located: Located) -> Optional[Located]:
        """The place a `$ref` node points to (one step), or None for a non-reference."""
        if isinstance(located.node, dict) and isinstance(located.node.get("$ref"), str):
            return self._target(located)
        return None

    def _target(self, located: Located) -> Located:
        ref: str = located.node["$ref"]
        known = self._targets.get((located.file, ref))
        if known is None:
            known = self._targets[(located.file, ref)] = self._find(located, ref)
        return known

    def _find(self, located: Located, ref: str) -> Located:
        file_part, _, fragment = ref.partition("#")
        if "://" in file_part or file_part.startswith("//"):
            raise self._error(located, f"remote $ref {ref!r} is not supported: download it and refer to a local file")
        file = located.file
        if file_part:
            file = self._load_relative(located, file_part)
        try:
            parts = parse_pointer(fragment)
            node = _walk(self._documents[file].data, parts)
        except (KeyError, IndexError, ValueError, TypeError):
            raise self._error(located, f"$ref {ref!r} points to nothing") from None
        return Located(node, file, tuple(parts))

    def _load_relative(self, located: Located, relative: str) -> str:
        target = (Path(located.file).parent / unquote(relative)).resolve()
        key = str(target)
        if key not in self._documents:
            try:
                self._documents[key] = load_document(target)
            except GeneratorError as exc:
                raise GeneratorError([self._diagnostic(located, f"$ref to {relative!r}: {d.message}") for d in exc.diagnostics]) from None
        return key

    def _diagnostic(self, located: Located, message: str) -> Diagnostic:
        document = self._documents.get(located.file, self.root)
        return document.diagnostic("error", message, located.path)

    def _error(self, located: Located, message: str) -> GeneratorError:
        return GeneratorError([self._diagnostic(located, message)])


def check_references(document: Document) -> None:
    """Every `$ref` must be local (or a relative file) and end in something that is not a `$ref`.

    All problems are reported at once, each at the place of the reference.
    """
    resolver = Resolver(document)
    problems: Dict[Tuple[str, Tuple[PathPart, ...]], Diagnostic] = {}
    for located in _references(resolver.root_node()):
        try:
            resolver.deref(located)
        except GeneratorError as exc:
            for diagnostic in exc.diagnostics:
                problems.setdefault((diagnostic.file, diagnostic.path), diagnostic)
    if problems:
        raise GeneratorError(list(problems.values()))


_Trail = Optional[Tuple[Any, PathPart]]  # (the parent's trail, the key): a path read backwards


def _references(root: Located) -> List[Located]:
    """The `$ref` objects of a document, outside example and default values (iterative: no depth limit).

    The walk keeps each node's place as a (parent's trail, key) link: only the places of
    references are spelled out as paths."""
    found: List[Located] = []
    seen = set()
    stack: List[Tuple[Any, _Trail, bool]] = [(root.node, None, False)]
    push = stack.append
    while stack:
        node, trail, names = stack.pop()
        if isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    push((value, (trail, i), False))
            continue
        if not names and isinstance(node.get("$ref"), str):
            found.append(Located(node, root.file, root.path + _spelled(trail)))
        if id(node) in seen:
            continue  # a YAML alias: its references were listed at its first place
        seen.add(id(node))
        for key, value in node.items():
            if not isinstance(value, (dict, list)):
                continue
            if names:  # the keys are user names, the values spec objects
                push((value, (trail, key), False))
            elif not is_data(key, value) and not str(key).startswith("x-"):
                push((value, (trail, key), key in NAME_MAPS))
    found.sort(key=lambda located: [str(part) for part in located.path])
    return found


def _spelled(trail: _Trail) -> Tuple[PathPart, ...]:
    parts: List[PathPart] = []
    while trail is not None:
        trail, part = trail
        parts.append(part)
    return tuple(reversed(parts))


def is_data(key: Any, value: Any) -> bool:
    """A value of `key` is data (an example, a default), where a `$ref` is no reference."""
    return key in _DATA_KEYWORDS and not (key == "examples" and isinstance(value, dict))

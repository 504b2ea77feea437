"""Path items and operations kept in other files, brought into the document before validation.

OpenAPI allows a path item to be a `$ref`; real multi-file specs (DigitalOcean's) also
make each operation a `$ref` to a file of its own, and a tag's description a `$ref` to a
text. The validator sees none of those files, so they are inlined here: each referenced
node is copied in, and the `$ref`s inside it, written relative to its own file, are
rewritten relative to the root document (a reference back into the root becomes local).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict

from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.spec.load import Document
from openapi_sdkgen.spec.resolve import NAME_MAPS, Located, Resolver

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "const", "enum", "value"})


def inline_external_operations(document: Document) -> Document:
    """`document` with its external path items, operations and tag descriptions inlined
    (the same object, changed in place; its `sources` name the files read)."""
    resolver = Resolver(document)
    root = Path(document.path).resolve()
    for section in ("paths", "webhooks"):
        items = document.data.get(section)
        if not isinstance(items, dict):
            continue
        for key in list(items):
            item = _inlined(resolver, root, Located(items[key], str(document.path), (section, key)))
            items[key] = item
            if isinstance(item, dict):
                for method in _METHODS:
                    if method in item:
                        item[method] = _inlined(resolver, root, Located(item[method], str(document.path), (section, key, method)))
    for index, tag in enumerate(document.data.get("tags") or ()):
        if isinstance(tag, dict) and "description" in tag:
            text = _inlined(resolver, root, Located(tag["description"], str(document.path), ("tags", index, "description")))
            tag["description"] = text if isinstance(text, str) else tag["description"]
    document.sources = tuple(sorted(set(document.sources) | {f for f in resolver.files() if f != str(document.path)}))
    return document


def _inlined(resolver: Resolver, root: Path, located: Located) -> Any:
    """The node, or, for a `$ref` into another file, a copy of its target with rebased `$ref`s."""
    node = located.node
    if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and not node["$ref"].startswith("#")):
        return node
    try:
        target = resolver.deref(located)
    except GeneratorError:
        return node  # reported by check_references, at its place
    if Path(target.file).resolve() == root:
        return node
    return _Rebase(resolver, root).copy(target.node, Path(target.file).resolve())


class _Rebase:
    def __init__(self, resolver: Resolver, root: Path) -> None:
        self.resolver = resolver
        self.root = root

    def copy(self, node: Any, file: Path, names: bool = False) -> Any:
        """A deep copy of `node` (from `file`) whose references are relative to the root;
        `names`: the keys of `node` are user names (of properties, responses...), not keywords.
        A whole map of names written as one `$ref` (`properties: {$ref: ...}`, which OpenAPI
        does not allow but some specs do) is replaced by the map it refers to."""
        if isinstance(node, list):
            return [self.copy(value, file) for value in node]
        if not isinstance(node, dict):
            return node
        if names and list(node) == ["$ref"] and isinstance(node["$ref"], str):
            try:
                target = self.resolver.deref(Located(node, str(file), ()))
            except GeneratorError:
                return node
            return self.copy(target.node, Path(target.file).resolve(), names=True)
        copy: Dict[str, Any] = {}
        for key, value in node.items():
            if names:
                copy[key] = self.copy(value, file)
            elif key == "$ref" and isinstance(value, str):
                copy[key] = _rebased_ref(value, file, self.root)
            elif key in _DATA_KEYWORDS and not (key == "examples" and isinstance(value, dict)):
                copy[key] = value
            else:
                copy[key] = self.copy(value, file, key in NAME_MAPS)
        return copy


def _rebased_ref(ref: str, file: Path, root: Path) -> str:
    file_part, hash_, fragment = ref.partition("#")
    if "://" in file_part:
        return ref
    target = (file.parent / file_part).resolve() if file_part else file
    if target == root:
        return "#" + fragment
    return Path(os.path.relpath(target, root.parent)).as_posix() + hash_ + fragment

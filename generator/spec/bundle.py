"""A spec written across files, made one document before validation.

OpenAPI lets any object be a `$ref` to another file; real multi-file specs (DigitalOcean's
2,900 files) make each path item, operation, schema, parameter, response and header one.
The validator and the generator see one document instead: each node another file holds is
brought in once - as a component of its kind where OpenAPI has one, named after the
component that refers to it, its pointer or its file (`models/droplet.yml` ->
`#/components/schemas/droplet`), and copied in place where it has none (path items,
operations, a tag's description). Errors in what was brought in name its own file and line
(`Document.origins`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError, PathPart, Severity
from openapi_sdkgen.spec.load import Document
from openapi_sdkgen.spec.resolve import NAME_MAPS, Located, Resolver, is_data, parse_pointer

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_KEYS = (
    "schema", "schemas", "items", "additionalItems", "additionalProperties", "not", "allOf", "oneOf", "anyOf",
    "properties", "patternProperties", "prefixItems", "contains", "if", "then", "else", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "$defs", "definitions", "dependentSchemas", "contentSchema",
)  # fmt: skip
# The component section a `$ref` under each key belongs in; a `$ref` under any other key
# (a path item, an operation, a text) is copied in place.
_SECTION_OF_KEY: Dict[str, str] = {
    **{key: "schemas" for key in _SCHEMA_KEYS},
    "parameters": "parameters", "requestBody": "requestBodies", "requestBodies": "requestBodies",
    "responses": "responses", "headers": "headers", "examples": "examples", "links": "links",
    "callbacks": "callbacks", "securitySchemes": "securitySchemes",
}  # fmt: skip
# A `$ref` to another file as a spec's text writes it: a spec without one is left as it is.
_EXTERNAL_REF = re.compile(r"""\$ref["']?\s*:\s*["']?(?![#"'\s])\S""")
_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_COMPONENT_KEYWORDS = frozenset(_SCHEMA_KEYS) | {"components"}


def bundle(document: Document, lenient: bool) -> List[Diagnostic]:
    """Bring what `document` refers to in other files into it (in place; its `sources` and
    `origins` name what came from where). Returns the warnings; a repair that needs
    `--lenient` is an error without it."""
    if not _EXTERNAL_REF.search(document.text):
        return []
    bundler = _Bundler(document)
    data = bundler.root()
    if bundler.broken:
        raise GeneratorError(bundler.broken)
    document.data = data
    document.sources = tuple(sorted(set(document.sources) | {f for f in bundler.resolver.files() if f != str(document.path)}))
    return bundler.repairs.settle(document, lenient)


class _Repairs:
    """Spec errors the bundler mends, each at its place: warnings with --lenient, else errors."""

    def __init__(self) -> None:
        self.found: List[Tuple[Document, Any, str, str]] = []  # (file, node, message, what was done)

    def add(self, document: Document, node: Any, message: str, done: str) -> None:
        self.found.append((document, node, message, done))

    def settle(self, root: Document, lenient: bool) -> List[Diagnostic]:
        severity: Severity = "warning" if lenient else "error"
        said = "tolerated" if lenient else "--lenient tolerates this"
        diagnostics = [root.diagnostic_in(document, severity, f"{message} ({said}: {done})", _path_of(document.data, node)) for document, node, message, done in self.found]
        if diagnostics and not lenient:
            raise GeneratorError(diagnostics)
        return diagnostics


class _Bundler:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.resolver = Resolver(document)
        self.root_file = Path(document.path).resolve()
        self.components: Dict[str, Dict[str, Any]] = {}
        self.pointers: Dict[Tuple[Path, str], str] = {}  # (file, fragment) -> the local $ref that replaces it
        self.taken: Dict[str, Set[str]] = {}
        self.repairs = _Repairs()
        self.broken: List[Diagnostic] = []  # references to nothing, each at its place

    def root(self) -> Dict[str, Any]:
        """A copy of the root document with nothing left in other files."""
        data = self.document.data
        existing = data.get("components")
        for section, named in existing.items() if isinstance(existing, dict) else ():
            if isinstance(named, dict):
                self.components[section] = {}
                self.taken[section] = set(map(str, named))
                self._claim_referred(section, named)
        copy: Dict[str, Any] = {}
        for key, value in data.items():
            if key in ("paths", "webhooks") and isinstance(value, dict):
                copy[key] = {path: self._path_item((key, path), item) for path, item in value.items()}
            elif key == "components" and isinstance(value, dict):
                copy[key] = {section: self._copy(named, self.root_file, _SECTION_OF_KEY.get(section), isinstance(named, dict)) for section, named in value.items()}
            else:
                copy[key] = self._copy(value, self.root_file, None, key in NAME_MAPS)
        merged = copy.setdefault("components", {}) if self.components else copy.get("components")
        for section, added in self.components.items():
            if added:
                merged.setdefault(section, {}).update(added)  # type: ignore[union-attr]
        return copy

    def _claim_referred(self, section: str, named: Dict[str, Any]) -> None:
        """A component that is one `$ref` to another file gives its name to what it refers to."""
        for name, node in named.items():
            target = self._external(node, self.root_file)
            if target is not None:
                self.pointers.setdefault(target, f"#/components/{section}/{name}")

    def _path_item(self, place: Tuple[PathPart, ...], item: Any) -> Any:
        """A copy of a path item, it and its operations brought in from their files."""
        item, file = self._followed(place, item, self.root_file)
        if not isinstance(item, dict):
            return self._copy(item, file, None)
        copy: Dict[str, Any] = {}
        for key, value in item.items():
            if key in _METHODS:
                copy[key] = self._copy(*self._followed((*place, key), value, file), None)
            else:
                copy[key] = self._copy(value, file, _SECTION_OF_KEY.get(key), key in NAME_MAPS)
        return copy

    def _followed(self, place: Tuple[PathPart, ...], node: Any, file: Path) -> Tuple[Any, Path]:
        """`node` and its file, or for a `$ref` into another file the node it refers to, which
        is then the origin of `place`."""
        if self._external(node, file) is None:
            return node, file
        found = self._target(node, file)
        self.document.origins[place] = (self.resolver.document(found.file), found.path)
        return found.node, _file_of(found)

    def _copy(self, node: Any, file: Path, section: Optional[str], names: bool = False) -> Any:
        """A deep copy of `node` (from `file`) whose `$ref`s are local; `section`: the kind of
        object a `$ref` here refers to; `names`: the keys of `node` are user names."""
        if isinstance(node, list):
            return [self._copy(value, file, section) for value in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if names:
            if isinstance(ref, str) and len(node) == 1:
                return self._map_by_reference(node, file, section)
            return {key: self._copy(value, file, section) for key, value in node.items()}
        if isinstance(ref, str):
            return self._reference(node, file, section)
        copy: Dict[str, Any] = {}
        for key, value in node.items():
            if key == "example" and isinstance(value, dict) and list(value) == ["$ref"]:
                copy[key] = self._example(value, file)
            elif is_data(key, value) or str(key).startswith("x-"):
                copy[key] = value  # data, and extensions, which the generator does not read
            elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
                copy[key] = {**value, "mapping": {k: self._mapped(v, file) for k, v in value["mapping"].items()}}
            else:
                copy[key] = self._copy(value, file, _SECTION_OF_KEY.get(key), key in NAME_MAPS)
        return copy

    def _example(self, node: Any, file: Path, stack: Tuple[Tuple[Path, str], ...] = ()) -> Any:
        """An example value kept in another file (`example: {$ref: examples.yml#/x}`, as
        DigitalOcean writes it and Redocly and Prism read it), copied in where it can be read:
        an example is data, not the generator's to check."""
        if isinstance(node, list):
            return [self._example(value, file, stack) for value in node]
        if not isinstance(node, dict):
            return node
        target = self._external(node, file)
        if target is None and isinstance(node.get("$ref"), str) and file != self.root_file:
            return {**node, "$ref": "#" + node["$ref"].partition("#")[2]}  # into the root
        if target is not None and target not in stack:
            try:
                found = self.resolver.ref_target(Located(node, self._file_key(file), ()))
            except GeneratorError:
                return node
            return self._example(found.node, _file_of(found), (*stack, target)) if found else node
        return {key: self._example(value, file, stack) for key, value in node.items()}

    def _reference(self, node: Dict[str, Any], file: Path, section: Optional[str]) -> Any:
        """A `$ref` object made local: to the root, to a component, or replaced by a copy."""
        target = self._external(node, file)
        siblings = {key: self._copy(value, file, None) for key, value in node.items() if key != "$ref"}
        if target is None:
            return node if file == self.root_file else {**siblings, "$ref": "#" + node["$ref"].partition("#")[2]}
        if section is None:
            found = self._target(node, file)
            copy = self._copy(found.node, _file_of(found), None)
            return {**copy, **siblings} if isinstance(copy, dict) and siblings else copy
        return {**siblings, "$ref": self._component(node, file, target, section)}

    def _component(self, node: Dict[str, Any], file: Path, target: Tuple[Path, str], section: str) -> str:
        """The local `$ref` of the component that holds `target`, made on first use."""
        pointer = self.pointers.get(target)
        if pointer is None:
            pointer = self.pointers[target] = f"#/components/{section}/{self._name(target, section)}"
        self._fill(pointer, node, file)
        return pointer

    def _fill(self, pointer: str, node: Dict[str, Any], file: Path) -> None:
        _, _, section, name = pointer.split("/")
        added = self.components.setdefault(section, {})
        if name in added:
            return
        added[name] = None  # taken before its content is copied: a cycle comes back to this pointer
        found = self._target(node, file)
        self.document.origins[("components", section, name)] = (self.resolver.document(found.file), found.path)
        added[name] = self._copy(found.node, _file_of(found), section)

    def _name(self, target: Tuple[Path, str], section: str) -> str:
        """A readable component name for `target`, unique in its section."""
        file, fragment = target
        parts = [str(p) for p in parse_pointer(fragment) if str(p) not in _COMPONENT_KEYWORDS and not str(p).isdigit()] if fragment else []
        stem = file.name.split(".")[0]
        candidates = [parts[-1] if parts else stem, f"{stem}_{parts[-1]}" if parts else f"{file.parent.name}_{stem}"]
        taken = self.taken.setdefault(section, set())
        names = [_NAME_CHARACTERS.sub("_", c).strip("_") or section for c in candidates]
        name = next((n for n in names if n not in taken), None)
        if name is None:
            name = next(f"{names[0]}_{i}" for i in range(2, len(taken) + 3) if f"{names[0]}_{i}" not in taken)
        taken.add(name)
        return name

    def _map_by_reference(self, node: Dict[str, Any], file: Path, section: Optional[str]) -> Any:
        """`properties: {$ref: ...}`: a whole map written as one reference, which OpenAPI does
        not allow; the map it refers to is used."""
        found = self._target(node, file)
        self.repairs.add(self.resolver.document(self._file_key(file)), node, f"a map of names is written as one `$ref` ({node['$ref']}), which OpenAPI does not allow", "the map it refers to is used")
        return self._copy(found.node, _file_of(found), section, names=True)

    def _mapped(self, value: Any, file: Path) -> Any:
        """A discriminator's mapping value: a schema name, or a reference made local."""
        if not isinstance(value, str) or not ("#" in value or value.endswith((".yaml", ".yml", ".json"))):
            return value
        node = {"$ref": value}
        if self._external(node, file) is None:
            return value if file == self.root_file else "#" + value.partition("#")[2]
        return self._reference(node, file, "schemas")["$ref"]

    def _external(self, node: Any, file: Path) -> Optional[Tuple[Path, str]]:
        """(file, fragment) a `$ref` node refers to outside the root, or None."""
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return None
        file_part, _, fragment = node["$ref"].partition("#")
        if "://" in file_part or file_part.startswith("//"):
            return None  # remote: check_references says it is not supported
        target = (file.parent / file_part).resolve() if file_part else file
        return None if target == self.root_file else (target, fragment)

    def _target(self, node: Dict[str, Any], file: Path) -> Located:
        """The node a `$ref` refers to; a reference to nothing is an error at its place,
        reported with the others once the copy is done (meanwhile it refers to `{}`)."""
        try:
            return self.resolver.ref_target(Located(node, self._file_key(file), ()))  # type: ignore[return-value]
        except GeneratorError as exc:
            document = self.resolver.document(self._file_key(file))
            self.broken += [self.document.diagnostic_in(document, "error", d.message, _path_of(document.data, node)) for d in exc.diagnostics]
            return Located({}, self._file_key(file), ())

    def _file_key(self, file: Path) -> str:
        return str(self.document.path) if file == self.root_file else str(file)


def _file_of(found: Located) -> Path:
    return Path(found.file).resolve()


def _path_of(data: Any, wanted: Any) -> Tuple[PathPart, ...]:
    """Where the object `wanted` is in `data` (found by identity: only for a message)."""
    stack: List[Tuple[Any, Tuple[PathPart, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if node is wanted:
            return path
        if isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in node.items() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node) if isinstance(value, (dict, list)))
    return ()

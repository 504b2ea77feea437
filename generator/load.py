"""Load an OpenAPI document from YAML or JSON, safely and with OpenAPI's typing.

YAML is read with libyaml's C loader when available, but with YAML 1.2 scalars:
no timestamps, and only true/false are booleans (YAML 1.1 turns `on`, `no`, `y` into
booleans, which breaks enums and property names). Line numbers are looked up only
when an error needs one, so the fast path keeps no marks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

import yaml

from .diagnostics import Diagnostic, GeneratorError, PathPart

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _OpenAPILoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 booleans and no implicit timestamps."""


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

    def line_of(self, path: Sequence[PathPart]) -> Optional[int]:
        """1-based line of the node at `path`, or of its nearest existing parent."""
        try:
            node = self._nodes or yaml.compose(self.text, Loader=_OpenAPILoader)
        except yaml.YAMLError:
            return None
        self._nodes = node
        line = node.start_mark.line + 1
        for part in path:
            node = _child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def diagnostic(self, severity: str, message: str, path: Sequence[PathPart]) -> Diagnostic:
        return Diagnostic(severity, message, tuple(path), str(self.path), self.line_of(path))  # type: ignore[arg-type]


def _child(node: yaml.Node, part: PathPart) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def load_document(path: Path) -> Document:
    """Read and parse `path`; any failure is a GeneratorError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GeneratorError([Diagnostic("error", f"cannot read spec: {exc}", (), str(path))]) from None
    data = _parse(text, path)
    if not isinstance(data, dict):
        raise GeneratorError([Diagnostic("error", "the document root must be a mapping", (), str(path), 1)])
    return Document(path, text, data)


def _parse(text: str, path: Path) -> Any:
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise GeneratorError([Diagnostic("error", f"invalid JSON: {exc.msg}", (), str(path), exc.lineno)]) from None
    try:
        return yaml.load(text, Loader=_OpenAPILoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise GeneratorError([Diagnostic("error", f"invalid YAML: {problem}", (), str(path), line)]) from None

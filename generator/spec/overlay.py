"""OpenAPI Overlay 1.0 documents, applied to the spec before it is validated.

An overlay lets a user add `x-speakeasy-group`, rename, or mend a schema of a spec they do
not own. Its actions run in order; each selects nodes with a JSONPath `target` (the subset
jsonpath.py reads) and either merges `update` into them (objects recursively, other values
replaced; into an array, the update is appended, a list of updates extends it) or, with
`remove: true`, takes them out of their parents. A problem in an overlay is reported like
one in the spec: the overlay's file, line and JSON pointer.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Dict, List, Sequence

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError, PathPart
from openapi_sdkgen.spec.jsonpath import JsonPathError, select
from openapi_sdkgen.spec.load import Document, load_document

_VERSION = re.compile(r"^1\.0\.\d+$")


def apply_overlays(document: Document, overlays: Sequence[Path]) -> List[Diagnostic]:
    """Apply each overlay to `document` in place, in order; the warnings met (an action
    that selects nothing). Errors raise GeneratorError, every one of an overlay at once."""
    warnings: List[Diagnostic] = []
    for path in overlays:
        overlay = load_document(path, "overlay")
        problems = _structure_problems(overlay)
        if problems:
            raise GeneratorError(problems)
        for index, action in enumerate(overlay.data["actions"]):
            warnings += _apply(document, overlay, index, action)
        document.sources = (*document.sources, str(path))
    return warnings


def _structure_problems(overlay: Document) -> List[Diagnostic]:
    data = overlay.data
    problems = []
    if not _VERSION.match(str(data.get("overlay", ""))):
        problems.append(overlay.diagnostic("error", f"overlay version {data.get('overlay')!r}: this reads Overlay 1.0 documents (`overlay: 1.0.0`)", ["overlay"] if "overlay" in data else []))
    info = data.get("info")
    if not isinstance(info, dict) or not info.get("title") or not info.get("version"):
        problems.append(overlay.diagnostic("error", "an overlay needs `info` with a `title` and a `version`", ["info"] if "info" in data else []))
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        problems.append(overlay.diagnostic("error", "an overlay needs a non-empty list of `actions`", ["actions"] if "actions" in data else []))
        return problems
    for index, action in enumerate(actions):
        place: List[PathPart] = ["actions", index]
        if not isinstance(action, dict):
            problems.append(overlay.diagnostic("error", "an action must be a mapping with `target` and `update` or `remove`", place))
        elif not isinstance(action.get("target"), str):
            problems.append(overlay.diagnostic("error", "an action needs a `target`: a JSONPath query such as `$.paths['/pets'].get`", place))
        elif "update" not in action and action.get("remove") is not True:
            problems.append(overlay.diagnostic("error", "an action needs `update` or `remove: true`", place))
        elif "update" in action and action.get("remove") is True:
            problems.append(overlay.diagnostic("error", "an action either updates or removes, not both", [*place, "remove"]))
    return problems


def _apply(document: Document, overlay: Document, index: int, action: Dict[str, Any]) -> List[Diagnostic]:
    target_place: List[PathPart] = ["actions", index, "target"]
    try:
        hits = select(action["target"], document.data)
    except JsonPathError as exc:
        raise GeneratorError([overlay.diagnostic("error", str(exc), target_place)]) from None
    if not hits:
        return [overlay.diagnostic("warning", f"target {action['target']!r} selects nothing in {document.path.name}: the action changes nothing", target_place)]
    if action.get("remove") is True:
        if any(parent is None for parent, _, _ in hits):
            raise GeneratorError([overlay.diagnostic("error", "the document itself cannot be removed", target_place)])
        for parent, key, _ in sorted(hits, key=lambda hit: (id(hit[0]), hit[1] if isinstance(hit[1], int) else 0), reverse=True):
            del parent[key]  # list items from the last, so that earlier indexes stay right
        return []
    update = action["update"]
    for _, _, node in hits:
        if isinstance(node, list):
            node.extend(copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)])
        elif isinstance(node, dict) and isinstance(update, dict):
            _merge(node, update)
        else:
            kind = "a mapping" if isinstance(node, dict) else "a list" if isinstance(node, list) else "a single value"
            raise GeneratorError([overlay.diagnostic("error", f"target {action['target']!r} selects {kind}, which an update of this kind cannot merge into (select its parent mapping)", ["actions", index, "update"])])
    return []


def _merge(node: Dict[str, Any], update: Dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(node.get(key), dict):
            _merge(node[key], value)
        else:
            node[key] = copy.deepcopy(value)

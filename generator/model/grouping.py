"""Operations -> resources: the group and method name of each operation, and the resource tree.

Grouping follows DESIGN section 4: `x-speakeasy-group` / `x-speakeasy-name-override`
first, else the URL path and the HTTP verb.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, FrozenSet, List, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import METHODS, is_json

_VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$")  # v1, v2.1, 2010-04-01
_EXTENSION = re.compile(r"\.(json|xml|ya?ml|csv|txt|html?|png|jpe?g|gif|svg|pdf|zip|mp3|wav|ogg)$", re.IGNORECASE)


def resource_segments(path: str) -> List[str]:
    """The path's segments as the resource convention reads them: version segments dropped
    (`v1`, `2010-04-01`), file extensions stripped (`Messages.json`, `widget.png`)."""
    segments = []
    for raw in path.split("/"):
        segment = _EXTENSION.sub("", raw)
        if segment and not _VERSION_SEGMENT.match(segment):
            segments.append(segment)
    return segments


def _is_download(item: Any) -> bool:
    """A GET whose every success response is content other than JSON (a file, an image, text)."""
    operation = item.get("get") if isinstance(item, dict) else None
    responses = operation.get("responses") if isinstance(operation, dict) else None
    if not isinstance(responses, dict):
        return False
    media = [m for code, r in responses.items() if str(code).startswith("2") and isinstance(r, dict) for m in (r.get("content") or {})]
    return bool(media) and not any(is_json(m) or m.startswith("text/event-stream") for m in media)


def action_paths(paths: Dict[str, Any]) -> FrozenSet[str]:
    """Paths like `/batches/{id}/cancel`: a POST-only literal leaf after a parameter, and
    like `/files/{id}/content`: a GET-only one that downloads a file.

    These become methods of the parent resource (`client.batches.cancel(id)`,
    `client.files.content(id)`), not a sub-resource with a `create` or `list` method. A
    literal leaf that other paths extend, or that has other methods, is a collection
    (`/threads/{id}/messages`).
    """
    found = set()
    for path, item in paths.items():
        segments = resource_segments(path)
        if len(segments) < 2 or segments[-1].startswith("{") or not segments[-2].startswith("{"):
            continue
        methods = [m for m in METHODS if isinstance(item, dict) and m in item]
        extended = any(other != path and other.startswith(path.rsplit(".", 1)[0] + "/") for other in paths)
        if (methods == ["post"] or (methods == ["get"] and _is_download(item))) and not extended:
            found.add(path)
    return frozenset(found)


def group_and_name(node: Dict[str, Any], path: str, method: str, actions: FrozenSet[str]) -> Tuple[Tuple[str, ...], str]:
    group_ext = node.get("x-speakeasy-group")
    name_ext = node.get("x-speakeasy-name-override")
    segments = resource_segments(path)
    literal = [s for s in segments if not s.startswith("{")]
    action = path in actions and bool(literal)
    if isinstance(group_ext, str) and group_ext.strip():
        group = tuple(naming.method_name(g) for g in group_ext.split(".") if g.strip())
    else:
        group = tuple(naming.method_name(s) for s in (literal[:-1] if action else literal))
    if isinstance(name_ext, str) and name_ext.strip():
        return group, naming.method_name(name_ext)
    if action and not (isinstance(group_ext, str) and group_ext.strip()):
        return group, naming.method_name(literal[-1])
    item = bool(segments) and segments[-1].startswith("{")
    one = item or _is_download({"get": node})  # a download is one thing, never a list
    verb = {"get": "retrieve" if one else "list", "post": "update" if item else "create", "put": "update", "patch": "update", "delete": "delete"}
    return group, naming.method_name(verb.get(method, method))


def build_resources(operations: List[ir.Operation], sdk_class: str) -> ir.Resource:
    """The resource tree; class names unique (a collision takes its parents' names)."""
    tree: Dict[Tuple[str, ...], List[ir.Operation]] = {(): []}
    for op in operations:
        for depth in range(len(op.group) + 1):
            tree.setdefault(op.group[:depth], [])
        tree[op.group].append(op)
    classes = naming.Registry(naming.RESOURCE_RESERVED_CLASSES | {sdk_class})
    modules = naming.Registry(["__init__", "utils", "models", "errors", "sdk"])
    names = {}
    for group in sorted((g for g in tree if g), key=lambda g: (len(g), g)):
        names[group] = (_claim_class(classes, group), modules.claim(naming.module_name("_".join(group))))
    tree = {group: [_with_params_class(op, classes) for op in ops] for group, ops in tree.items()}
    return _resource((), tree, names, sdk_class)


def _with_params_class(op: ir.Operation, classes: naming.Registry) -> ir.Operation:
    """A method overloaded on its stream switch takes its other arguments through a TypedDict,
    named after the operation and defined in its resource's module (unique among the classes)."""
    if op.stream is None or not op.stream.switch:
        return op
    return replace(op, params_class=classes.claim(naming.class_name(op.operation_id + "_params")))


def _claim_class(classes: naming.Registry, group: Tuple[str, ...]) -> str:
    for depth in range(1, len(group) + 1):
        candidate = naming.class_name("_".join(group[-depth:]))
        if not classes.taken(candidate):
            return classes.claim(candidate)
    return classes.claim(naming.class_name("_".join(group)))


def _resource(group: Tuple[str, ...], tree: Dict[Tuple[str, ...], List[ir.Operation]], names: Dict[Tuple[str, ...], Tuple[str, str]], sdk_class: str) -> ir.Resource:
    children = tuple(_resource(g, tree, names, sdk_class) for g in tree if len(g) == len(group) + 1 and g[: len(group)] == group)
    taken = naming.Registry({c.attr_name for c in children})
    ops = []
    for op in tree[group]:
        name = op.py_name if not taken.taken(op.py_name) else naming.method_name(op.operation_id)
        ops.append(_renamed(op, taken.claim(name)))
    class_name, module = names.get(group, (sdk_class, "sdk"))
    return ir.Resource(group, group[-1] if group else "", class_name, module, tuple(ops), children)


def _renamed(op: ir.Operation, name: str) -> ir.Operation:
    return op if op.py_name == name else replace(op, py_name=name)

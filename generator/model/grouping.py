"""Operations -> resources: the group and method name of each operation, and the resource tree.

Grouping follows DESIGN section 4: `x-speakeasy-group` / `x-speakeasy-name-override`
first, else the URL path and the HTTP verb.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, FrozenSet, List, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import METHODS

_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$")


def action_paths(paths: Dict[str, Any]) -> FrozenSet[str]:
    """Paths like `/batches/{id}/cancel`: a POST-only literal leaf after a parameter.

    These become methods of the parent resource (`client.batches.cancel(id)`), not a
    sub-resource with a `create` method. A literal leaf that other paths extend, or
    that has other methods, is a collection (`/threads/{id}/messages`).
    """
    found = set()
    for path, item in paths.items():
        segments = [s for s in path.split("/") if s]
        if len(segments) < 2 or segments[-1].startswith("{") or not segments[-2].startswith("{"):
            continue
        methods = [m for m in METHODS if isinstance(item, dict) and m in item]
        extended = any(other != path and other.startswith(path + "/") for other in paths)
        if methods == ["post"] and not extended:
            found.add(path)
    return frozenset(found)


def group_and_name(node: Dict[str, Any], path: str, method: str, actions: FrozenSet[str]) -> Tuple[Tuple[str, ...], str]:
    group_ext = node.get("x-speakeasy-group")
    name_ext = node.get("x-speakeasy-name-override")
    segments = [s for s in path.split("/") if s]
    literal = [s for s in segments if not s.startswith("{") and not _VERSION_SEGMENT.match(s)]
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
    verb = {"get": "retrieve" if item else "list", "post": "update" if item else "create", "put": "update", "patch": "update", "delete": "delete"}
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

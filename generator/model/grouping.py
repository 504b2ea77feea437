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

_EXTENSION = re.compile(r"\.(n?json|xml|ya?ml|csv|tsv|txt|md|html?|css|js|png|jpe?g|gif|svg|ico|webp|pdf|zip|gz|tar|xlsx?|mp3|mp4|wav|ogg)$", re.IGNORECASE)


def resource_segments(path: str) -> List[str]:
    """The path's segments as the resource convention reads them: version segments dropped
    (`v1`, `2010-04-01`), file extensions stripped (`Messages.json`, `widget.png`), a query
    string left out."""
    segments = []
    for raw in path.split("?")[0].split("/"):  # a query in a path key (`/responses?beta=true`) names nothing
        segment = _EXTENSION.sub("", raw)
        if segment and not naming.VERSION_SEGMENT.match(segment):
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


# Leaves that name an action on what precedes them (`/certificates/activate`, `/graders/run`),
# not a collection: generic English verbs of APIs.
_ACTION_VERBS = frozenset(
    "activate deactivate archive unarchive cancel complete run validate verify compact approve reject publish unpublish "
    "submit resend send retry restart start stop pause resume enable disable lock unlock revoke refresh reset rotate "
    "search test preview confirm accept decline close reopen merge move copy restore sync upload download".split()
)


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _first_word(segment: str) -> str:
    return naming.snake(segment).split("_")[0]


def action_paths(paths: Dict[str, Any]) -> Dict[str, str]:
    """Literal leaves that become methods of what precedes them, with the method's name.

    - a POST-only leaf after a parameter: `/batches/{id}/cancel` -> `batches.cancel(id)`,
      unless it names a collection (a plural noun: `/uploads/{id}/parts` -> `uploads.parts.create`);
    - a POST-only leaf that is a verb: `/certificates/activate` -> `certificates.activate()`;
    - a GET-only leaf after a parameter: `/files/{id}/content` -> `files.content(id)`, and
      for a plural, a listing: `/jobs/{id}/events` -> `jobs.list_events(id)`.

    A leaf that other paths extend, or that has other methods, is a collection
    (`/threads/{id}/messages`).
    """
    found = {}
    for path, item in paths.items():
        segments = resource_segments(path)
        if len(segments) < 2 or segments[-1].startswith("{"):
            continue
        leaf, after_parameter = segments[-1], segments[-2].startswith("{")
        methods = [m for m in METHODS if isinstance(item, dict) and m in item]
        extended = any(other != path and resource_segments(other)[: len(segments)] == segments for other in paths)
        if extended:
            continue
        verb = _first_word(leaf) in _ACTION_VERBS
        if methods == ["post"] and (verb or (after_parameter and not _plural(naming.snake(leaf)))):
            found[path] = naming.method_name(leaf)
        elif methods == ["get"] and after_parameter:
            found[path] = naming.method_name(("list_" if _plural(naming.snake(leaf)) and not _is_download(item) else "") + leaf)
    return found


def singleton_paths(paths: Dict[str, Any]) -> FrozenSet[str]:
    """Literal leaves read and changed as one thing: a GET and a POST/PUT/PATCH, no item path
    under them, a singular name after another literal (`/organization/data_retention` ->
    `retrieve`, `update`; `/pets` and `/threads/{id}/messages` stay collections)."""
    found = set()
    for path, item in paths.items():
        segments = resource_segments(path)
        if not segments or segments[-1].startswith("{") or not isinstance(item, dict) or "get" not in item:
            continue
        if _plural(naming.snake(segments[-1])) or (len(segments) > 1 and segments[-2].startswith("{")):
            continue
        if not any(m in item for m in ("post", "put", "patch")):
            continue
        items = any(len(s) == len(segments) + 1 and s[: len(segments)] == segments and s[-1].startswith("{") for s in map(resource_segments, paths))
        if not items:
            found.add(path)
    return frozenset(found)


def group_and_name(node: Dict[str, Any], path: str, method: str, actions: Dict[str, str], singletons: FrozenSet[str] = frozenset()) -> Tuple[Tuple[str, ...], str]:
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
        return group, actions[path]
    item = bool(segments) and segments[-1].startswith("{")
    one = item or path in singletons or _is_download({"get": node})  # a download is one thing, never a list
    verb = {"get": "retrieve" if one else "list", "post": "update" if item or path in singletons else "create", "put": "update", "patch": "update", "delete": "delete"}
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

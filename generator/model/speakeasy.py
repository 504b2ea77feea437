"""Speakeasy's naming convention (DESIGN section 4), for specs written for Speakeasy.

A spec that uses x-speakeasy-* extensions was written for Speakeasy, and its users know
the SDK Speakeasy makes of it; so names follow Speakeasy's documented rules there:

- group: `x-speakeasy-group` (dotted for nesting), else the operation's first tag, else
  the client itself;
- method: `x-speakeasy-name-override`, else the operationId, in snake_case;
- arguments: path, query and header parameters, then the request body's fields, as
  keyword arguments, unless the body is passed whole as one argument (`body_argument`);
- Python keywords and `type` escaped with a trailing underscore (`from_`, `type_`); other
  names, such as `models`, `id` or `match`, kept as they are.

Other specs take the resource convention: names from the URL paths (`build_api`).
"""

from __future__ import annotations

import keyword
from typing import Any, Dict, Iterable, Optional, Tuple

from openapi_sdkgen.model import naming

SPEAKEASY = "speakeasy"
RESOURCE = "resource"

_OPERATION_KEYS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Python's keywords, and `type`, as Speakeasy escapes them (`match` and `case` it keeps);
# a fixed list, so that the escaping does not depend on the Python that runs the generator.
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(("type",))

# Names a generated method's signature and body take for themselves.
_METHOD_OWN = frozenset(("self", "retries", "server_url", "timeout_ms", "http_headers", "extra_query", "extra_body", "response"))


def convention(configured: str, data: Dict[str, Any]) -> str:
    """The naming convention: the configured one, or for `auto`, Speakeasy's when the spec
    uses x-speakeasy-* extensions (at its root, in its paths or operations, or on a schema)."""
    if configured in (SPEAKEASY, RESOURCE):
        return configured
    return SPEAKEASY if uses_speakeasy_extensions(data) else RESOURCE


def uses_speakeasy_extensions(data: Dict[str, Any]) -> bool:
    if _has_extension(data):
        return True
    paths = data.get("paths")
    for item in (paths.values() if isinstance(paths, dict) else ()):
        if not isinstance(item, dict):
            continue
        if _has_extension(item) or any(_has_extension(item.get(m)) for m in _OPERATION_KEYS):
            return True
    schemas = (data.get("components") or {}).get("schemas") if isinstance(data.get("components"), dict) else None
    return any(_has_extension(schema) for schema in (schemas.values() if isinstance(schemas, dict) else ()))


def _has_extension(node: Any) -> bool:
    return isinstance(node, dict) and any(isinstance(k, str) and k.startswith("x-speakeasy-") for k in node)


def group_and_name(node: Dict[str, Any], operation_id: str) -> Tuple[Tuple[str, ...], str]:
    """(group, method name) of an operation, as Speakeasy names them."""
    group_ext = node.get("x-speakeasy-group")
    tags = node.get("tags")
    if isinstance(group_ext, str) and group_ext.strip():
        source: Iterable[str] = group_ext.split(".")
    elif isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        source = (tags[0],)
    else:
        source = ()
    group = tuple(naming.method_name(segment) for segment in source if segment.strip())
    name_ext = node.get("x-speakeasy-name-override")
    name = name_ext if isinstance(name_ext, str) and name_ext.strip() else operation_id
    return group, naming.method_name(name)


def parameter_name(wire_name: str) -> str:
    """A method's keyword argument: snake_case, a keyword escaped (`type_`, `from_`)."""
    name = naming.snake(wire_name) if not (wire_name.isidentifier() and wire_name == wire_name.lower() and wire_name.isascii()) else wire_name.strip("_")
    if not name:
        name = "value"
    if name[0].isdigit():
        name = "n" + name
    return name + "_" if name in _KEYWORDS or name in _METHOD_OWN else name


def max_method_params(node: Dict[str, Any]) -> Optional[int]:
    value = node.get("x-speakeasy-max-method-params")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def body_argument(flattenable: bool, required: bool, params: int, component: Optional[str], max_params: Optional[int]) -> Optional[str]:
    """None when the request body's fields become keyword arguments, else the name of the
    one argument that takes the body whole.

    Speakeasy flattens an object body (properties, no oneOf/anyOf) that is required or
    comes with parameters, unless the method's parameters, the body counted as one, are
    more than `x-speakeasy-max-method-params`. A body taken whole is `request` when it is
    all the method takes; beside parameters it is named after its component
    (`reset_budget_consumption_request`), else `request_body`.
    """
    if flattenable and (required or params) and not exceeds(params, max_params):
        return None
    if not params:
        return "request"
    return naming.snake(component) if component else "request_body"


def exceeds(params: int, max_params: Optional[int]) -> bool:
    """Whether a method with `params` parameters and a body takes more than `max_params`."""
    return max_params is not None and params + 1 > max_params

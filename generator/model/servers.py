"""The spec's servers -> the SDK's server list, its variables, and per-operation servers.

The spec's `servers` become the client's list (chosen by `server_idx`, or overridden by
`server_url`); their variables become keywords of the client, checked against their enum
at run time. A path's or operation's own `servers` give that operation its server (the
first one, variables at their defaults). A spec without servers is a warning: the client
then requires `server_url`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import has_control
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

# the client's own keywords, which no server variable may take
_CLIENT_KEYWORDS = frozenset(
    ("self", "api_key", "security", "server_url", "server_idx", "client", "async_client", "retry_config", "timeout_ms", "hooks", "debug_logger", "url_params")
)


def servers(types: TypeBuilder, resolver: Resolver, data: Dict[str, Any]) -> Tuple[ir.Server, ...]:
    """The spec's own servers; none (and a warning) when it names none."""
    root = resolver.root_node()
    found = _servers_at(types, root.child("servers"), data["servers"], {}) if data.get("servers") else ()
    if not found:
        types.warn(root, "the spec names no servers: the client requires `server_url=` (or the <PREFIX>_SERVER_URL environment variable)")
    return found


def server_url(api_servers: Tuple[ir.Server, ...]) -> str:
    """The first server's URL with its variables' defaults filled in ("" when there is none)."""
    return api_servers[0].default_url if api_servers else ""


def operation_server(types: TypeBuilder, item: Located, op: Located, spec: Tuple[ir.Server, ...]) -> Optional[ir.Server]:
    """The operation's own server (its `servers`, else its path's), when it differs from the spec's."""
    for loc in (op, item):
        node = loc.node if isinstance(loc.node, dict) else {}
        if node.get("servers"):
            own = _servers_at(types, loc.child("servers"), node["servers"], {})
            if own and own[0].default_url != server_url(spec):
                return ir.Server(own[0].default_url, (), own[0].doc)  # variables at their defaults
            return None
    return None


def _servers_at(types: TypeBuilder, loc: Located, raw: Any, names: Dict[str, str]) -> Tuple[ir.Server, ...]:
    if not isinstance(raw, list):
        return ()
    found: List[ir.Server] = []
    taken: Set[str] = set(_CLIENT_KEYWORDS)
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        at = loc.child(index)
        url = str(entry["url"])
        if has_control(url) or any(ch.isspace() for ch in url):
            types.fail(at.child("url"), "the server URL must not contain spaces, control characters or line breaks")
            continue
        variables: List[ir.ServerVariable] = []
        for name, spec in (entry.get("variables") or {}).items():
            spec = spec if isinstance(spec, dict) else {}
            enum = tuple(str(v) for v in spec.get("enum") or ())
            default = str(spec.get("default", enum[0] if enum else ""))
            if any(has_control(v) or any(ch.isspace() for ch in v) for v in (default, *enum)):
                types.fail(at.child("variables", name), "a server variable's values must not contain spaces, control characters or line breaks")
                continue
            if enum and default not in enum:
                types.warn(at.child("variables", name, "default"), f"the default {default!r} is not one of the enum {list(enum)}: it is used as given")
            py = names.get(str(name))
            if py is None:
                py = naming.parameter_name(str(name))
                while py in taken:
                    py += "_"
                taken.add(py)
                names[str(name)] = py
            variables.append(ir.ServerVariable(str(name), py, default, enum, ir.Doc(description=str(spec.get("description") or ""))))
        found.append(ir.Server(url, tuple(variables), ir.Doc(description=str(entry.get("description") or ""))))
    return tuple(found)

"""Global parameters (`x-speakeasy-globals`): set once on the client, used by every operation
that declares a parameter of the same name and place, unless the call passes its own."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Dict, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.parameters import parameter
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

# The client constructor's own keywords, which a global must not take.
CONSTRUCTOR_KEYWORDS = ("self", "api_key", "security", "server", "server_idx", "server_url", "url_params", "client", "async_client", "retry_config", "timeout_ms", "hooks", "debug_logger")


def global_parameters(types: TypeBuilder, resolver: Resolver, root: Located, name_of: Callable[[str], str]) -> Tuple[ir.Parameter, ...]:
    """The spec's global parameters, each named as a keyword of the client's constructor."""
    ext = root.node.get("x-speakeasy-globals")
    if ext is None:
        return ()
    loc = root.child("x-speakeasy-globals")
    params = ext.get("parameters") if isinstance(ext, dict) else None
    if not isinstance(params, list):
        types.warn(loc, "x-speakeasy-globals needs a list under `parameters`: no global parameters")
        return ()
    registry = naming.Registry(CONSTRUCTOR_KEYWORDS)
    found: Dict[Tuple[str, str], ir.Parameter] = {}
    for i in range(len(params)):
        param_loc = resolver.deref(loc.child("parameters", i))
        param = parameter(types, resolver, param_loc, "Global", name_of)
        if param is None:
            continue
        if param.location == "cookie":
            types.warn(param_loc, f"global parameter {param.wire_name!r}: only path, query and header parameters can be global; ignored")
            continue
        name = registry.claim(param.py_name)
        found[(param.wire_name, param.location)] = replace(param, py_name=name, required=False, is_global=True)
    return tuple(found.values())


def with_globals(params: Tuple[ir.Parameter, ...], globals_: Tuple[ir.Parameter, ...]) -> Tuple[ir.Parameter, ...]:
    """An operation's parameters, those that match a global (same name and place) optional:
    the call's value if given, else the client's."""
    if not globals_:
        return params
    keys = {(g.wire_name, g.location) for g in globals_}
    return tuple(replace(p, required=False, is_global=True) if (p.wire_name, p.location) in keys else p for p in params)

"""The spec's servers -> the SDK's base URL."""

from __future__ import annotations

from typing import Any, Dict

from openapi_sdkgen.model.http import has_control
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Resolver


def server_url(types: TypeBuilder, resolver: Resolver, data: Dict[str, Any]) -> str:
    """The first server's URL with its variables' defaults filled in."""
    servers = data.get("servers") or [{}]
    url = str((servers[0] or {}).get("url") or "http://localhost")
    variables = (servers[0] or {}).get("variables") or {}
    for name, spec in variables.items():
        url = url.replace("{" + str(name) + "}", str((spec or {}).get("default", "")))
    if has_control(url) or any(ch.isspace() for ch in url):
        types.fail(resolver.root_node().child("servers", 0, "url"), "the server URL must not contain spaces, control characters or line breaks")
    return url.rstrip("/")

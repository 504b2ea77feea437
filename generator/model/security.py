"""The spec's security schemes -> the credential the SDK sends."""

from __future__ import annotations

from typing import Any, Dict, Optional

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.http import HEADER_NAME
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver


def security(types: TypeBuilder, resolver: Resolver, data: Dict[str, Any]) -> Optional[ir.Security]:
    """The first supported scheme, preferring those the spec requires."""
    schemes = ((data.get("components") or {}).get("securitySchemes")) or {}
    required = [name for entry in data.get("security") or [] for name in (entry or {})]
    for name in dict.fromkeys(required + list(schemes)):
        loc = Located(schemes.get(name), str(resolver.root.path), ("components", "securitySchemes", name))
        found = _security_of(str(name), resolver.deref(loc).node)
        if found is not None and not HEADER_NAME.match(found.header_name):
            types.fail(resolver.deref(loc).child("name"), f"{found.header_name!r} is not a valid HTTP header name")
            return None
        if found is not None:
            return found
    if schemes:
        types.warn(resolver.root_node().child("components", "securitySchemes"), "no supported security scheme (http bearer, or apiKey in a header): pass credentials with http_headers")
    return None


def is_secured(operation: Dict[str, Any], data: Dict[str, Any]) -> bool:
    """Whether the operation requires a credential (its own `security`, else the spec's)."""
    return operation.get("security", data.get("security")) not in ([], None)


def _security_of(name: str, scheme: Any) -> Optional[ir.Security]:
    if not isinstance(scheme, dict):
        return None
    doc = ir.Doc(description=str(scheme.get("description") or ""))
    if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return ir.Security("bearer", "Authorization", name, "Bearer ", doc)
    if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
        return ir.Security("header", str(scheme.get("name") or "Authorization"), name, "", doc)
    return None

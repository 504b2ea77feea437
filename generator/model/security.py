"""The spec's security -> the schemes the SDK serves, and which the client's keywords give.

Every scheme an operation (or the spec) names becomes an `ir.Security`: a token in a
header (http bearer, other http token schemes, OAuth2 flows other than client credentials,
openIdConnect), an API key in a header, query or cookie, http basic, or OAuth2 client
credentials. A scheme the SDK cannot compute (Digest and the other challenge-response
schemes, mutualTLS) is a warning that says what the user must do instead; no operation
sends a credential for it.

The client's keywords follow Speakeasy's conventions: one token scheme -> `api_key=`; a
scheme of several values or several schemes -> `security=models.Security(...)`, a field per
scheme (the scheme's name in snake_case), and `api_key=` stays for the spec's first scheme
when that takes a token.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.http import HEADER_NAME, METHODS, has_control
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

Requirement = Tuple[Tuple[str, ...], ...]

# HTTP schemes whose credential is a challenge-response exchange, not a token the SDK can send
_CHALLENGES = frozenset(("digest", "hoba", "mutual", "negotiate", "ntlm", "scram-sha-1", "scram-sha-256"))
_STR = ir.Primitive("str")


def requirement_of(raw: Any) -> Optional[Requirement]:
    """A `security` value as alternatives of scheme names; None when absent or not a list."""
    if not isinstance(raw, list):
        return None
    return tuple(tuple(str(name) for name in entry) if isinstance(entry, dict) else () for entry in raw)


def is_secured(operation: Dict[str, Any], data: Dict[str, Any]) -> bool:
    """Whether the operation requires a credential (its own `security`, else the spec's)."""
    return operation.get("security", data.get("security")) not in ([], None)


def operation_security(operation: Dict[str, Any], auth: ir.Auth) -> Optional[Requirement]:
    """The operation's own requirement when it differs from the spec's (None: the spec's)."""
    own = requirement_of(operation.get("security"))
    if not own or own == auth.requirement or auth.simple:
        return None  # with one token scheme, `secured` alone says whether it is sent
    return own


class SecurityBuilder:
    """The spec's schemes, built once; `auth()` gives the IR of them and of the keywords."""

    def __init__(self, types: TypeBuilder, resolver: Resolver, data: Dict[str, Any]) -> None:
        self.types = types
        self.resolver = resolver
        self.data = data
        self.declared = ((data.get("components") or {}).get("securitySchemes")) or {}

    def auth(self) -> Tuple[ir.Auth, Optional[ir.Security]]:
        """The IR of the schemes the spec names, and the scheme `api_key=` gives (docs)."""
        requirement = requirement_of(self.data.get("security")) or ()
        names = list(dict.fromkeys(n for alt in requirement + self._operation_requirements() for n in alt))
        schemes: List[ir.Security] = []
        for name in names:
            found = self._scheme(name)
            if found is not None:
                schemes.append(found)
        if not names and self.declared:  # declared but never required: nothing is sent
            legacy = self._scheme(str(next(iter(self.declared))), report=False)
            return ir.Auth(), legacy if legacy is not None and legacy.takes_token else None
        served = {s.scheme_name for s in schemes}
        first = next((n for alt in requirement for n in alt if n in served), schemes[0].scheme_name if schemes else "")
        primary = next((s for s in schemes if s.scheme_name == first and s.takes_token), None)
        if len(schemes) <= 1 and (primary is not None or not schemes):
            return ir.Auth(tuple(schemes), requirement, "", primary), primary
        if len(schemes) == 1:  # one scheme of several values: the model holds them
            schemes = [_with_field(schemes[0], "")]
        else:
            taken = naming.Registry()
            schemes = [_with_field(s, taken.claim(naming.field_name(s.scheme_name))) for s in schemes]
        primary = next((s for s in schemes if s.scheme_name == first and s.takes_token), None)
        model = self.types.registry.claim("Security", ("TypedDict",))
        return ir.Auth(tuple(schemes), requirement, model, primary), primary

    def definitions(self, auth: ir.Auth) -> List[ir.Definition]:
        """The `Security` model of `security=` and the models of its multi-value schemes."""
        if not auth.model:
            return []
        if len(auth.schemes) == 1 and auth.schemes[0].field == "":
            return [ir.Model(auth.model, _value_fields(auth.schemes[0]), ir.Doc(description="The credentials of the client."))]
        found: List[ir.Definition] = []
        fields = []
        for scheme in auth.schemes:
            doc = ir.Doc(description=scheme.doc.description or _describe(scheme))
            if scheme.takes_token:
                fields.append(ir.Field(scheme.field, scheme.field, _STR, False, False, doc))
                continue
            name = self.types.registry.claim("Scheme" + naming.class_name(scheme.scheme_name), ("TypedDict",))
            found.append(ir.Model(name, _value_fields(scheme), doc))
            # a client-credentials scheme also takes a token fetched elsewhere
            value: ir.TypeRef = ir.UnionType((ir.Ref(name), _STR)) if scheme.kind == "client_credentials" else ir.Ref(name)
            fields.append(ir.Field(scheme.field, scheme.field, value, False, False, doc))
        found.append(ir.Model(auth.model, tuple(fields), ir.Doc(description="The credentials of the client, one field per security scheme.")))
        return found

    # --- one scheme ---------------------------------------------------------------

    def _raw_requirements(self, operations_only: bool = False) -> List[Any]:
        """Every `security` list of the spec (unless `operations_only`) and its operations, as written."""
        found = [] if operations_only else [self.data.get("security")]
        for item in (self.data.get("paths") or {}).values():
            if isinstance(item, dict):
                found.extend(op.get("security") for op in (item.get(m) for m in METHODS) if isinstance(op, dict))
        return [raw for raw in found if isinstance(raw, list)]

    def _operation_requirements(self) -> Requirement:
        return tuple(alt for raw in self._raw_requirements(True) for alt in requirement_of(raw) or ())

    def _scopes(self, name: str) -> Tuple[str, ...]:
        """The scopes the requirements name for scheme `name` (its token is asked for them)."""
        scopes = (s for raw in self._raw_requirements() for entry in raw if isinstance(entry, dict) for s in (entry.get(name) or ()))
        return tuple(dict.fromkeys(str(s) for s in scopes))

    def _scheme(self, name: str, report: bool = True) -> Optional[ir.Security]:
        root = Located(self.declared, str(self.resolver.root.path), ("components", "securitySchemes"))
        if name not in self.declared:
            if report:
                self.types.warn(root, f"security scheme {name!r} is required but not declared: no credential is sent for it")
            return None
        loc = self.resolver.deref(root.child(name))
        scheme = loc.node
        if not isinstance(scheme, dict):
            return None
        doc = ir.Doc(description=str(scheme.get("description") or ""))
        kind = scheme.get("type")
        if kind == "http":
            return self._http(name, loc, scheme, doc, report)
        if kind == "apiKey":
            where = scheme.get("in")
            key = str(scheme.get("name") or "")
            if where not in ("header", "query", "cookie") or not key or has_control(key) or (where != "query" and not HEADER_NAME.match(key)):
                self.types.fail(loc.child("name"), f"apiKey scheme {name!r}: {key!r} in {where!r} is not a header, query parameter or cookie the SDK can send")
                return None
            return ir.Security(str(where), key, name, "", doc, spec_type="apiKey")
        if kind == "oauth2":
            flows = scheme.get("flows")
            cc = flows.get("clientCredentials") if isinstance(flows, dict) else None
            if isinstance(cc, dict) and cc.get("tokenUrl"):
                scopes = self._scopes(name)
                return ir.Security("client_credentials", "Authorization", name, "Bearer ", doc, token_url=str(cc["tokenUrl"]), scopes=scopes, spec_type="oauth2")
            return ir.Security("bearer", "Authorization", name, "Bearer ", doc, spec_type="oauth2")
        if kind == "openIdConnect":
            return ir.Security("bearer", "Authorization", name, "Bearer ", doc, spec_type="openIdConnect")
        if report:
            what = "mutualTLS: give the client certificate to an httpx client, `client=httpx.Client(cert=...)`" if kind == "mutualTLS" else f"type {kind!r} is not an OpenAPI scheme type"
            self.types.warn(loc, f"security scheme {name!r} is not sent by the SDK ({what})")
        return None

    def _http(self, name: str, loc: Located, scheme: Dict[str, Any], doc: ir.Doc, report: bool) -> Optional[ir.Security]:
        http = str(scheme.get("scheme") or "").strip()
        if http.lower() == "bearer":
            return ir.Security("bearer", "Authorization", name, "Bearer ", doc)
        if http.lower() == "basic":
            return ir.Security("basic", "Authorization", name, "Basic ", doc)
        if http.lower() in _CHALLENGES or not http or not HEADER_NAME.match(http):
            if report:
                self.types.warn(loc.child("scheme"), f"http scheme {http!r} of {name!r} is a challenge-response exchange the SDK does not compute: pass an httpx client that answers it, e.g. `client=httpx.Client(auth=httpx.DigestAuth(user, password))`")
            return None
        return ir.Security("bearer", "Authorization", name, http + " ", doc)


def _with_field(scheme: ir.Security, field: str) -> ir.Security:
    return replace(scheme, field=field)


def _value_fields(scheme: ir.Security) -> Tuple[ir.Field, ...]:
    """The fields of a scheme of several values (or of one token, for a model of one scheme)."""
    if scheme.kind == "basic":
        return (ir.Field("username", "username", _STR, True, False), ir.Field("password", "password", _STR, True, False))
    if scheme.kind == "client_credentials":
        return (
            ir.Field("client_id", "client_id", _STR, True, False),
            ir.Field("client_secret", "client_secret", _STR, True, False),
            ir.Field("token_url", "token_url", _STR, False, False, ir.Doc(description=f"Defaults to {scheme.token_url}.")),
        )
    return (ir.Field("token", "token", _STR, True, False),)


def _describe(scheme: ir.Security) -> str:
    return {
        "bearer": f"The token sent as `Authorization: {scheme.prefix}<token>`.",
        "header": f"The API key sent in the `{scheme.header_name}` header.",
        "query": f"The API key sent as the `{scheme.header_name}` query parameter.",
        "cookie": f"The API key sent as the `{scheme.header_name}` cookie.",
        "basic": "Username and password, sent as HTTP basic authentication.",
        "client_credentials": "The OAuth2 client id and secret whose token the SDK fetches.",
    }[scheme.kind]

"""View data of the client's constructor: its credential and server keywords, and the
module constants (servers, security schemes) the runtime reads them with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from openapi_sdkgen.emit import fit, pytext
from openapi_sdkgen.model import ir

_API_KEY = "api_key: Optional[Union[str, Callable[[], str]]] = None"


@dataclass(frozen=True)
class ClientInitView:
    constants: Tuple[str, ...]  # module-level statements before SERVER_URL
    keywords: Tuple[str, ...]  # the credential and server keywords, `name: annotation = default`
    server_lines: Tuple[str, ...]  # statements that set `server_url`
    auth_args: Tuple[str, ...]  # arguments of SDKConfiguration for the credentials
    params_doc: str  # `:param ...:` lines of the credential and server keywords


def client_init(api: ir.Api) -> ClientInitView:
    prefix = api.config.env_prefix
    constants: List[str] = [_servers_constant(api.servers)]
    keywords: List[str] = []
    docs: List[str] = []
    auth = api.auth
    key_env = pytext.string(f"{prefix}_API_KEY")
    if auth.simple or auth.primary is not None:
        keywords.append(_API_KEY)
        what = f"the `{auth.primary.scheme_name}` credential" if auth.primary is not None else "The API key"
        docs.append(f":param api_key: {what[0].upper() + what[1:]}; defaults to the {prefix}_API_KEY environment variable.")
    if auth.model:
        keywords.append(f"security: Optional[Union[models.{auth.model}, models.{auth.model}TypedDict, Callable[[], models.{auth.model}]]] = None")
        docs.append(f":param security: The credentials of each security scheme (a callable is asked on every call); defaults to the {prefix}_<FIELD> environment variables.")
    if auth.simple:
        scheme = auth.primary or api.security
        header = scheme.header_name if scheme is not None else "Authorization"
        auth_prefix = scheme.prefix if scheme is not None else "Bearer "
        args = [f"api_key=api_key if api_key is not None else os.getenv({key_env})", f"auth_header={pytext.string(header)}", f"auth_prefix={pytext.string(auth_prefix)}"]
    else:
        constants.append(_schemes_constant(auth))
        parts = ["_SCHEMES", "_SECURITY", f"security={'security' if auth.model else 'None'}"]
        if auth.primary is not None:
            parts += [f"api_key=api_key if api_key is not None else os.getenv({key_env})", f"primary={pytext.string(auth.primary.scheme_name)}"]
        parts.append(f"env_prefix={pytext.string(prefix)}")
        args = ["auth=" + fit.call("utils.Auth", parts, "auth=", " " * 16, ",")]
        header = next((s.header_name for s in auth.schemes if s.kind == "header"), "")
        if header:
            args.append(f"auth_header={pytext.string(header)}")
    keywords.append("server_url: Optional[str] = None")
    keywords.append("server_idx: Optional[int] = None")
    variables = _variables(api.servers)
    keywords += [f"{v.py_name}: Optional[str] = None" for v in variables]
    values = fit.items("{", [f"{pytext.string(v.py_name)}: {v.py_name}" for v in variables], "}", "", " " * 12)
    server_env = pytext.string(f"{prefix}_SERVER_URL")
    select = f"utils.select_server(SERVERS, server_idx, {values}, {server_env})"
    lines = (f"server_url = server_url or (os.getenv({server_env}) if server_idx is None else None) or {select}",)
    docs.append(f":param server_url: Override the server URL; defaults to the {prefix}_SERVER_URL environment variable, then the spec's server.")
    docs.append(":param server_idx: The index of the spec's server to use (see SERVERS); 0 by default.")
    for v in variables:
        allowed = f" (one of {', '.join(v.enum)})" if v.enum else ""
        docs.append(f":param {v.py_name}: The server variable `{v.name}`{allowed}; defaults to {v.default!r}.")
    return ClientInitView(tuple(constants), tuple(keywords), lines, tuple(args), "\n".join(docs))


def _variables(servers: Tuple[ir.Server, ...]) -> List[ir.ServerVariable]:
    found: Dict[str, ir.ServerVariable] = {}
    for server in servers:
        for v in server.variables:
            found.setdefault(v.py_name, v)
    return list(found.values())


def _servers_constant(servers: Tuple[ir.Server, ...]) -> str:
    entries = []
    for server in servers:
        args = [pytext.string(server.url)]
        if server.variables:
            variables = []
            for v in server.variables:
                enum = [pytext.string(e) for e in v.enum]
                inner = [pytext.string(v.default)] + ([fit.tuple_of(enum)] if enum else [])
                variables.append(f"{pytext.string(v.name)}: utils.ServerVariable({', '.join(inner)})")
            args.append("{" + ", ".join(variables) + "}")
            keywords = [f"{pytext.string(v.name)}: {pytext.string(v.py_name)}" for v in server.variables if v.py_name != v.name]
            if keywords:
                args.append("{" + ", ".join(keywords) + "}")
        entries.append(f"utils.Server({', '.join(args)})")
    body = fit.tuple_of(entries, "SERVERS = ") if entries else "()"
    return f'SERVERS = {body}\n"""The spec\'s servers: `server_idx` chooses one, `server_url` overrides them."""'


def _schemes_constant(auth: ir.Auth) -> str:
    schemes = []
    for s in auth.schemes:
        args = [pytext.string(s.scheme_name), pytext.string(s.kind), pytext.string(s.field)]
        if s.header_name != "Authorization":
            args.append(f"param={pytext.string(s.header_name)}")
        if s.prefix and s.kind not in ("basic", "client_credentials"):
            args.append(f"prefix={pytext.string(s.prefix)}")
        if s.token_url:
            args.append(f"token_url={pytext.string(s.token_url)}")
        if s.scopes:
            args.append(f"scopes={fit.tuple_of([pytext.string(x) for x in s.scopes])}")
        schemes.append(f"utils.Scheme({', '.join(args)})")
    requirement = fit.tuple_of([fit.tuple_of([pytext.string(n) for n in alt]) if alt else "()" for alt in auth.requirement]) if auth.requirement else "()"
    return f"_SCHEMES = {fit.tuple_of(schemes)}\n_SECURITY = {requirement}\n\"\"\"The spec's security: alternatives of the schemes above.\"\"\""


def requirement_expr(requirement: Tuple[Tuple[str, ...], ...]) -> str:
    """An operation's own `security`, as the runtime Operation takes it."""
    if not requirement:
        return "()"
    return fit.tuple_of([fit.tuple_of([pytext.string(n) for n in alt]) if alt else "()" for alt in requirement])


def credentials_for_tests(api: ir.Api, value: str) -> str:
    """Keyword arguments that give every scheme of the client a credential (`value`), for the
    package's own tests; "" when there is none to give."""
    auth = api.auth
    if auth.simple or (auth.primary is not None and not auth.model):
        return f"api_key={pytext.string(value)}"
    if not auth.model:
        return ""
    fields = []
    for s in auth.schemes:
        if s.kind == "basic":
            pairs = {"username": "test", "password": value}
        elif s.kind == "client_credentials":
            if not s.field:
                continue  # its token would be fetched: the tests give none
            fields.append(f"{pytext.string(s.field)}: {pytext.string(value)}")  # the token itself
            continue
        else:
            pairs = {"token": value}
        inner = ", ".join(f"{pytext.string(k)}: {pytext.string(v)}" for k, v in pairs.items())
        if s.field:
            fields.append(f"{pytext.string(s.field)}: " + (pytext.string(value) if s.takes_token else "{" + inner + "}"))
        else:
            fields.append(inner)
    return "security=" + fit.items("{", fields, "}", "security=", " " * 12, ",") if fields else ""

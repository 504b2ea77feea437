"""The README's tables of how to reach the API: each credential and each server."""

from __future__ import annotations

from typing import List, Tuple

from openapi_sdkgen.docs import tables as md


def _table(headers: List[str], rows: List[List[str]]) -> str:
    """A markdown table, unpadded: the README stays short."""
    lines = [headers, ["---"] * len(headers)] + rows
    return "\n".join("| " + " | ".join(row) + " |" for row in lines)
from openapi_sdkgen.model import ir

def _scheme(s: ir.Security) -> str:
    return {
        "bearer": ("HTTP Bearer" if s.spec_type == "http" else "Bearer token") if s.prefix == "Bearer " else f"`Authorization: {s.prefix}<token>`",
        "header": f"API key (`{s.header_name}` header)",
        "query": f"API key (`{s.header_name}` query parameter)",
        "cookie": f"API key (`{s.header_name}` cookie)",
        "basic": "HTTP Basic (username and password)",
        "client_credentials": f"OAuth2 client credentials (token from `{s.token_url}`)",
    }[s.kind]


def security_table(api: ir.Api, env: str) -> str:
    """Every scheme: the keyword or `Security` field that gives it, and its environment variables."""
    auth = api.auth
    prefix = api.config.env_prefix
    if not auth.schemes:
        if api.security is None:
            return ""
        return _table(["Name", "Type", "Scheme", "Environment Variable"], [["`api_key`", api.security.spec_type, _scheme(api.security), f"`{env}`"]])
    rows: List[List[str]] = []
    for s in auth.schemes:
        names, envs = _how(s, auth, prefix)
        rows.append([", ".join(f"`{n}`" for n in names), s.spec_type, _scheme(s), ", ".join(f"`{e}`" for e in envs)])
    return _table(["Name", "Type", "Scheme", "Environment Variable"], rows)


def _how(s: ir.Security, auth: ir.Auth, prefix: str) -> Tuple[List[str], List[str]]:
    names: List[str] = []
    envs: List[str] = []
    if auth.primary is not None and s.scheme_name == auth.primary.scheme_name:
        names.append("api_key")
        envs.append(f"{prefix}_API_KEY")
    if not auth.model:
        return names, envs
    parts = {"basic": ("username", "password"), "client_credentials": ("client_id", "client_secret", "token_url")}.get(s.kind, ())
    head = f"security.{s.field}" if s.field else "security"
    stem = f"{prefix}_{s.field.upper()}" if s.field else prefix
    if parts:
        names += [f"{head}.{p}" for p in parts]
        envs += [f"{stem}_{p.upper()}" for p in parts]
    else:
        names.append(head if s.field else "security.token")
        envs.append(stem if s.field else f"{prefix}_TOKEN")
    return names, envs


def security_note(api: ir.Api) -> str:
    """How `security=` and per-operation security work, when the client takes it."""
    auth = api.auth
    lines = []
    if auth.model:
        example = ", ".join(_example_field(s) for s in auth.schemes)
        lines.append(f"Pass `security=models.{auth.model}({example})` (or a dict of the same fields, or a function that returns one, called for every request).")
    if len(auth.schemes) > 1 or any(op.security is not None for op in api.operations):
        lines.append("Each operation sends only the credentials of the schemes its spec names for it (the first alternative whose credentials are all set).")
    return "\n\n".join(lines)


def _example_field(s: ir.Security) -> str:
    if s.kind == "basic":
        values = {"username": "<user>", "password": "<password>"}
    elif s.kind == "client_credentials":
        values = {"client_id": "<id>", "client_secret": "<secret>"}
    else:
        return f'{s.field}="<token>"' if s.field else 'token="<token>"'
    if not s.field:
        return ", ".join(f'{k}="{v}"' for k, v in values.items())
    return s.field + "={" + ", ".join(f'"{k}": "{v}"' for k, v in values.items()) + "}"


def servers_table(api: ir.Api) -> str:
    """The spec's servers by index, with their variables, when there is a choice."""
    if len(api.servers) < 2 and not any(s.variables for s in api.servers):
        return ""
    rows = []
    for index, server in enumerate(api.servers):
        variables = "; ".join(
            f"`{v.py_name}`" + (f" ({', '.join(f'`{e}`' for e in v.enum)})" if v.enum else "") + f", default `{v.default}`" for v in server.variables
        )
        rows.append([str(index), f"`{server.url}`", variables or "-", md.line(server.doc.description) if server.doc.description else ""])
    return _table(["server_idx", "URL", "Variables (client keywords)", "Description"], rows)

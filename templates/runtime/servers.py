"""The spec's servers: choosing one (by index or URL) and filling in its variables."""

from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence, Tuple

from .errors import SDKValidationError


@dataclass(frozen=True)
class ServerVariable:
    default: str
    enum: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Server:
    """A server URL template; `{name}` is replaced by the variable's value."""

    url: str
    variables: Mapping[str, ServerVariable] = field(default_factory=dict)
    # the client's keyword of each variable, when it differs from the variable's name
    keywords: Mapping[str, str] = field(default_factory=dict)


def select_server(
    servers: Sequence[Server],
    server_idx: Optional[int],
    values: Mapping[str, Optional[str]],
    env_var: str = "",
) -> str:
    """The URL of `servers[server_idx]` (the first by default) with `values` for its
    variables (None: the default); an unknown index or a value outside a variable's enum
    raises SDKValidationError naming the keyword."""
    if not servers:
        where = f" (or set {env_var})" if env_var else ""
        raise SDKValidationError(
            f"The API's spec names no server: pass server_url={where}", "server_url"
        )
    index = 0 if server_idx is None else server_idx
    if not 0 <= index < len(servers):
        raise SDKValidationError(
            f"server_idx must be between 0 and {len(servers) - 1}, not {server_idx!r}", "server_idx"
        )
    server = servers[index]
    url = server.url
    for name, variable in server.variables.items():
        keyword = server.keywords.get(name, name)
        value = values.get(keyword)
        if value is None:
            value = variable.default
        elif variable.enum and value not in variable.enum:
            allowed = ", ".join(repr(v) for v in variable.enum)
            raise SDKValidationError(f"{keyword} must be one of {allowed}, not {value!r}", keyword)
        url = url.replace("{" + name + "}", str(value))
    for keyword, value in values.items():
        if value is not None and keyword not in {
            server.keywords.get(n, n) for n in server.variables
        }:
            raise SDKValidationError(
                f"{keyword} is not a variable of server {index} ({server.url}): choose its server with server_idx",
                keyword,
            )
    return url.rstrip("/")

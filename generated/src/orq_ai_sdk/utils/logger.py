"""Debug logging of requests and responses, with credentials redacted."""

import logging
import os
from typing import Any, Mapping, Optional, Protocol, Sequence

import httpx

REDACTED_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "cookie",
        "set-cookie",
    }
)
_TRUE = frozenset({"1", "true", "yes", "on"})


class Logger(Protocol):
    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None: ...


class NoOpLogger:
    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        pass


def resolve_logger(
    debug_logger: Optional[Logger], env_var: Optional[str], name: str
) -> Optional[Logger]:
    """The logger to use, or None when debug logging is off (so nothing gets formatted)."""
    if debug_logger is not None:
        return debug_logger
    if env_var and os.environ.get(env_var, "").strip().lower() in _TRUE:
        return logging.getLogger(name)
    return None


def redact_headers(headers: Mapping[str, str], secret_header: str = "") -> str:
    """Headers as text; credentials (and `secret_header`, the API's key header) redacted."""
    hidden = REDACTED_HEADERS | {secret_header.lower()}
    return ", ".join(
        f"{key}: {'[REDACTED]' if key.lower() in hidden else value}"
        for key, value in headers.items()
    )


def format_request(
    request: httpx.Request, secret_header: str = "", secret_query: Sequence[str] = ()
) -> str:
    try:
        body = request.content.decode("utf-8", "replace")
    except httpx.RequestNotRead:
        body = "<streaming body>"
    headers = redact_headers(request.headers, secret_header)
    url = redact_url(request.url, secret_query)
    return f"Request: {request.method} {url}\nHeaders: {headers}\nBody: {body}"


def redact_url(url: httpx.URL, secret_query: Sequence[str]) -> httpx.URL:
    """The URL with the API keys it carries as query parameters redacted."""
    for name in secret_query:
        if name in url.params:
            url = url.copy_set_param(name, "[REDACTED]")
    return url


def format_response(response: httpx.Response, secret_query: Sequence[str] = ()) -> str:
    try:
        body = response.text
    except httpx.ResponseNotRead:
        body = "<streaming body>"
    return (
        f"Response: {response.status_code} {response.request.method} "
        f"{redact_url(response.request.url, secret_query)}\n"
        f"Headers: {redact_headers(response.headers)}\nBody: {body}"
    )

"""Credentials out of recorded traffic: credential headers and the key's value anywhere."""

from __future__ import annotations

from typing import Iterable, List, Tuple

import httpx

from contract.exchange import API_KEY_PLACEHOLDER
from contract.wire import ObservedRequest

CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "cookie", "set-cookie"}
)


def redact_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, API_KEY_PLACEHOLDER)
    return text


def redact_bytes(content: bytes, secrets: Iterable[str]) -> bytes:
    for secret in secrets:
        if secret:
            content = content.replace(secret.encode("utf-8"), API_KEY_PLACEHOLDER.encode("utf-8"))
    return content


def redact_header(name: str, value: str, secrets: Iterable[str]) -> str:
    """The key becomes the placeholder; a credential header keeps only its scheme (`Bearer`)."""
    value = redact_text(value, secrets)
    if name.lower() in CREDENTIAL_HEADERS and API_KEY_PLACEHOLDER not in value:
        scheme, _, credential = value.partition(" ")
        value = f"{scheme} {API_KEY_PLACEHOLDER}" if credential else API_KEY_PLACEHOLDER
    return value


def redact_headers(headers: httpx.Headers, secrets: Iterable[str]) -> List[Tuple[str, str]]:
    secrets = list(secrets)
    return [(name, redact_header(name, value, secrets)) for name, value in headers.multi_items()]


def redact_request(observed: ObservedRequest, secrets: Iterable[str]) -> ObservedRequest:
    secrets = list(secrets)
    return ObservedRequest(
        observed.method,
        httpx.URL(redact_text(str(observed.url), secrets)),
        httpx.Headers(redact_headers(observed.headers, secrets)),
        redact_bytes(observed.content, secrets),
    )

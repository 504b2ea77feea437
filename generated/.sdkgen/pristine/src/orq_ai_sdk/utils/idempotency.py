"""Retrying writes safely: idempotency keys, and which failures a write without one survives.

GET, PUT, DELETE, HEAD, OPTIONS (idempotent methods) are retried by the retry rules alone.
A POST or PATCH is retried on the same rules only when its request carries an idempotency
key (the operation's header, generated once per call and sent on every attempt, or an
`Idempotency-Key` the caller gave); without one, only after failures that prove the server
did not process it: the connection was never made (connect error or timeout, no pooled
connection free), 429 Too Many Requests, or 503 with a `Retry-After`.
"""

import uuid
from typing import TYPE_CHECKING, Dict, Optional

import httpx

if TYPE_CHECKING:
    from .client import Operation

_UNSAFE_METHODS = frozenset(("POST", "PATCH"))
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_STANDARD_HEADER = "idempotency-key"


def new_key() -> str:
    return str(uuid.uuid4())


def set_idempotency_key(headers: Dict[str, str], name: str) -> None:
    """Add a fresh key under `name` unless the call gave one (under any letter case)."""
    lowered = name.lower()
    if not any(key.lower() == lowered for key in headers):
        headers[name] = new_key()


def is_safe_to_retry(
    op: "Operation",
    request: httpx.Request,
    response: Optional[httpx.Response],
    error: Optional[Exception],
    retry_after: Optional[float],
) -> bool:
    """Whether a failed attempt that the retry rules would repeat may be sent again."""
    if op.method not in _UNSAFE_METHODS:
        return True
    headers = request.headers
    if _STANDARD_HEADER in headers or (
        op.idempotency_header is not None and op.idempotency_header in headers
    ):
        return True
    if response is None:
        return isinstance(error, _NOT_SENT)
    status = response.status_code
    return status == 429 or (status == 503 and retry_after is not None)

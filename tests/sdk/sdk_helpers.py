"""Helpers for tests of the emitted SDK: canned answers and connection-pool checks."""

from __future__ import annotations

from typing import Any, Union

import httpx

from faultserver import CHAT, IMAGE, chunk, event

MESSAGES = [{"role": "user", "content": "Hi"}]


def json_answer(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers={k.replace("_", "-"): v for k, v in headers.items()})


def sse_answer(*texts: str, sentinel: bool = True) -> httpx.Response:
    body = b"".join(event(chunk(t)) for t in texts) + (b"data: [DONE]\n\n" if sentinel else b"")
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


IMAGE_OK = json_answer(200, IMAGE)
CHAT_OK = json_answer(200, CHAT)


def pool(client: Union[httpx.Client, httpx.AsyncClient]) -> Any:
    """The httpcore connection pool behind an httpx client."""
    return client._transport._pool  # type: ignore[union-attr]


def assert_no_connection_in_use(client: Union[httpx.Client, httpx.AsyncClient]) -> None:
    """Every pooled connection is idle or closed, and no request still holds one."""
    connections = pool(client).connections
    busy = [c for c in connections if not (c.is_idle() or c.is_closed())]
    assert not busy, f"connections still in use: {[c.info() for c in busy]}"
    assert not pool(client)._requests, "a request still holds a pool slot"

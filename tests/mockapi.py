"""An in-process API double: records requests and answers them through httpx.MockTransport.

`patch_httpx` makes every httpx.Client / AsyncClient the SDK creates for itself use the
mock, so documentation examples run exactly as written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import httpx
import pytest

Route = Callable[[httpx.Request], httpx.Response]


@dataclass
class Recorded:
    method: str
    url: httpx.URL
    headers: httpx.Headers
    content: bytes

    @property
    def path(self) -> str:
        return self.url.path

    def json(self) -> Any:
        return json.loads(self.content)

    def multipart(self) -> Dict[str, Tuple[Optional[str], Optional[str], bytes]]:
        """Form parts by name: (filename, content type, bytes), parsed with the stdlib."""
        from email.parser import BytesParser
        from email.policy import HTTP

        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + self.content)
        parts = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            parts[str(name)] = (part.get_filename(), part.get("content-type"), part.get_payload(decode=True) or b"")
        return parts


@dataclass
class MockAPI:
    routes: Dict[Tuple[str, str], Route] = field(default_factory=dict)
    requests: List[Recorded] = field(default_factory=list)

    def route(self, method: str, path: str, answer: Route) -> None:
        self.routes[(method.upper(), path)] = answer

    def json(self, method: str, path: str, body: Any, status: int = 200) -> None:
        self.route(method, path, lambda _: httpx.Response(status, json=body))

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(Recorded(request.method, request.url, request.headers, request.read()))
        answer = self.routes.get((request.method, request.url.path))
        if answer is None:
            return httpx.Response(404, json={"error": f"no route for {request.method} {request.url.path}"})
        return answer(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)


class Recorder:
    """A MockTransport handler that answers from a list (the last answer repeats).

    It records every request, and every wait when its `sleep` / `async_sleep`
    stand in for the SDK's, so retries run without waiting. An answer may be a
    response (copied: a response is sent once), an exception to raise, or a function
    of the request.
    """

    def __init__(self, *responses: Any) -> None:
        self.responses: List[Any] = list(responses)
        self.requests: List[httpx.Request] = []
        self.sleeps: List[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)
        return answer(request)  # type: ignore[no-any-return]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def body(self, index: int = -1) -> Any:
        """The JSON body of a recorded request (the last by default)."""
        return json.loads(self.requests[index].content)


def sse(events: List[Any], sentinel: Optional[str] = "[DONE]") -> bytes:
    lines = [f"data: {json.dumps(e)}\n\n" for e in events]
    if sentinel:
        lines.append(f"data: {sentinel}\n\n")
    return "".join(lines).encode()


def patch_httpx(monkeypatch: pytest.MonkeyPatch, api: MockAPI) -> None:
    transport = api.transport()

    class Client(httpx.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = transport
            super().__init__(*args, **kwargs)

    class AsyncClient(httpx.AsyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = transport
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", Client)
    monkeypatch.setattr(httpx, "AsyncClient", AsyncClient)

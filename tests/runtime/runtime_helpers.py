"""Shared test helpers (the package itself is assembled by conftest.py)."""

from typing import Any, Dict, List, Optional

import httpx

from rtpkg import utils


class Recorder:
    """A MockTransport handler that answers from a list and records requests and sleeps."""

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
        if isinstance(answer, httpx.Response):  # a fresh copy: a response is sent once
            return httpx.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )
        return answer(request)  # type: ignore[no-any-return]

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def make_client(recorder: Recorder, **config: Any) -> "utils.SDKClient":
    transport = httpx.MockTransport(recorder)
    config.setdefault("server_url", "https://api.example.com")
    config.setdefault("api_key", "sk-test")
    config.setdefault("user_agent", "rtpkg/1.0")
    config.setdefault("client", httpx.Client(transport=transport))
    config.setdefault("async_client", httpx.AsyncClient(transport=transport))
    config.setdefault("sleep", recorder.sleep)
    config.setdefault("async_sleep", recorder.async_sleep)
    return utils.SDKClient(utils.SDKConfiguration(**config))


def json_response(
    status: int, body: Any, headers: Optional[Dict[str, str]] = None
) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)

"""Shared test helpers (the package itself is assembled by conftest.py)."""

from typing import Any, Dict, List, Optional

import httpx

from mockapi import Recorder
from rtpkg import utils


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

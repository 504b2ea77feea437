"""The API key stays secret: not in reprs, messages or logs, and not sent to another host."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest

from faultserver import FaultServer
from orq_ai_sdk import Orq
from orq_ai_sdk.errors import APIConnectionError, APIError
from mockapi import Recorder
from sdk_helpers import json_answer

KEY = "sk-secret-9f8e7d6c5b4a"


def test_repr_of_the_client_and_its_configuration_hides_the_key() -> None:
    orq = Orq(api_key=KEY)
    for text in (repr(orq), str(orq), repr(orq._client.config), repr(orq.router)):
        assert KEY not in text
    assert "https://my.orq.ai" in repr(orq)


def test_errors_never_show_the_key(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORQ_DEBUG", "true")
    exchange = Recorder(json_answer(401, {"error": "bad key"}), httpx.ConnectError("refused"))
    orq = Orq(api_key=KEY, client=httpx.Client(transport=exchange.transport()), retry_config=None)
    with caplog.at_level(logging.DEBUG, logger="orq_ai_sdk"):
        with pytest.raises(APIError) as status_error:
            orq.router.images.generations.create(prompt="p", model="m")
        with pytest.raises(APIConnectionError) as connection_error:
            orq.router.images.generations.create(prompt="p", model="m")
    assert exchange.requests[0].headers["authorization"] == f"Bearer {KEY}"
    for error in (status_error.value, connection_error.value):
        for text in (str(error), repr(error), repr(error.args), repr(vars(error))):
            assert KEY not in text
    assert caplog.text and KEY not in caplog.text


# --- redirects -------------------------------------------------------------------------------


def test_redirect_to_another_host_drops_the_authorization_header(server: FaultServer, other_host: FaultServer) -> None:
    server.redirect_to = other_host.url("echo")
    with Orq(api_key=KEY, server_url=server.url("redirect")) as orq:
        assert orq.router.images.generations.create(prompt="p", model="m").created == 1712345678
    (first,) = server.requests
    (redirected,) = other_host.requests
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert redirected.path == "/echo/v2/router/images/generations"
    assert "authorization" not in redirected.headers
    assert KEY not in repr(redirected.headers)


def test_async_redirect_to_another_host_drops_the_authorization_header(server: FaultServer, other_host: FaultServer) -> None:
    server.redirect_to = other_host.url("echo")

    async def run() -> None:
        async with Orq(api_key=KEY, server_url=server.url("redirect")) as orq:
            await orq.router.images.generations.create_async(prompt="p", model="m")

    asyncio.run(run())
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in other_host.requests[0].headers


def test_redirect_on_the_same_origin_keeps_the_authorization_header(server: FaultServer) -> None:
    server.redirect_to = server.url("echo")
    with Orq(api_key=KEY, server_url=server.url("redirect")) as orq:
        orq.router.images.generations.create(prompt="p", model="m")
    assert [r.headers.get("authorization") for r in server.requests] == [f"Bearer {KEY}"] * 2


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_redirect_to_another_host_drops_an_api_key_header_too(shop: Any, server: FaultServer, other_host: FaultServer, mode: str) -> None:
    server.redirect_to = other_host.url("echo")
    # the echo server answers an image; the Order schema does not match, and that is fine here

    async def retrieve_async() -> None:
        async with shop.Shop(api_key=KEY, server_url=server.url("redirect")) as client:
            await client.orders.retrieve_async(order_id="o1")

    with pytest.raises(shop.errors.ResponseValidationError):
        if mode == "sync":
            with shop.Shop(api_key=KEY, server_url=server.url("redirect")) as client:
                client.orders.retrieve(order_id="o1")
        else:
            asyncio.run(retrieve_async())
    assert server.requests[0].headers["x-shop-key"] == KEY
    assert "x-shop-key" not in other_host.requests[0].headers

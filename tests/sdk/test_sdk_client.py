"""The client object: hooks, debug logging, and which httpx clients it closes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, List, Optional, Tuple

import httpx
import pytest

from faultserver import FaultServer
from orq_ai_sdk import Orq
from orq_ai_sdk.errors import APIConnectionError, APIError
from orq_ai_sdk.utils import HookContext, Hooks
from mockapi import Recorder
from sdk_helpers import IMAGE_OK, json_answer

KEY = "sk-live-0123456789abcdef"


class Trace:
    """Registers one hook of each kind and records what they saw."""

    def __init__(self) -> None:
        self.hooks = Hooks()
        self.seen: List[Tuple[str, ...]] = []
        self.hooks.register_before_request_hook(self.before)
        self.hooks.register_after_success_hook(self.success)
        self.hooks.register_after_error_hook(self.error)

    def before(self, ctx: HookContext, request: httpx.Request) -> httpx.Request:
        self.seen.append(("before", ctx.operation_id, ctx.base_url))
        request.headers["X-Hooked"] = "yes"
        return request

    def success(self, ctx: HookContext, response: httpx.Response) -> httpx.Response:
        self.seen.append(("success", str(response.status_code)))
        return response

    def error(self, ctx: HookContext, response: Optional[httpx.Response], error: Optional[Exception]) -> None:
        self.seen.append(("error", str(response.status_code) if response is not None else type(error).__name__))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_hooks_run_before_each_attempt_and_once_after_the_outcome(mode: str) -> None:
    # a 503 with Retry-After: retried although a POST without an idempotency key
    exchange = Recorder(json_answer(503, {}, Retry_After="0"), IMAGE_OK, json_answer(400, {}), httpx.ConnectError("refused"))
    trace = Trace()
    transport = exchange.transport()
    orq = Orq(api_key="k", server_url="https://hooked.example.com", hooks=trace.hooks, client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport))
    orq._client.config.sleep = exchange.sleep
    orq._client.config.async_sleep = exchange.async_sleep
    create = orq.router.images.generations.create

    async def create_async(**kwargs: Any) -> Any:
        return await orq.router.images.generations.create_async(**kwargs)

    call = create if mode == "sync" else (lambda **kw: asyncio.run(create_async(**kw)))
    call(prompt="p", model="m")  # 503, retried, then 200
    with pytest.raises(APIError):
        call(prompt="p", model="m")
    with pytest.raises(APIConnectionError):
        call(prompt="p", model="m", retries=None)

    before = ("before", "createImage", "https://hooked.example.com")
    assert trace.seen == [before, before, ("success", "200"), before, ("error", "400"), before, ("error", "ConnectError")]
    assert all(r.headers["x-hooked"] == "yes" for r in exchange.requests)


def test_after_success_hook_may_replace_the_response() -> None:
    hooks = Hooks()
    hooks.register_after_success_hook(lambda ctx, response: httpx.Response(200, json={"created": 42, "data": []}, request=response.request))
    orq = Orq(api_key="k", hooks=hooks, client=httpx.Client(transport=Recorder(IMAGE_OK).transport()))
    assert orq.router.images.generations.create(prompt="p", model="m").created == 42


def test_sdk_init_hook_can_change_the_server_and_the_client() -> None:
    exchange = Recorder(IMAGE_OK)
    replacement = httpx.Client(transport=exchange.transport())
    hooks = Hooks()
    hooks.register_sdk_init_hook(lambda base_url, client: (base_url + "/proxy", replacement))
    with Orq(api_key="k", server_url="https://api.example.com", hooks=hooks) as orq:
        orq.router.images.generations.create(prompt="p", model="m")
    assert str(exchange.requests[0].url) == "https://api.example.com/proxy/v2/router/images/generations"
    assert not replacement.is_closed  # the hook's client belongs to the hook's author


# --- debug logging ------------------------------------------------------------------------


class ListLogger:
    def __init__(self) -> None:
        self.lines: List[str] = []

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self.lines.append(msg % args if args else msg)


def test_debug_logger_shows_the_exchange_without_credentials() -> None:
    logger = ListLogger()
    exchange = Recorder(json_answer(503, {"error": "busy"}, Retry_After="0"), IMAGE_OK)
    orq = Orq(api_key=KEY, debug_logger=logger, client=httpx.Client(transport=exchange.transport()))
    orq._client.config.sleep = exchange.sleep
    orq.router.images.generations.create(prompt="a fox", model="m", http_headers={"X-Api-Key": "other-secret"})
    text = "\n".join(logger.lines)
    assert "POST https://my.orq.ai/v2/router/images/generations" in text
    assert "a fox" in text and "503" in text and "busy" in text and "200" in text
    assert "authorization: [REDACTED]" in text
    assert KEY not in text and "other-secret" not in text


def test_orq_debug_env_var_logs_to_the_package_logger(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    transport = Recorder(IMAGE_OK).transport()
    with caplog.at_level(logging.DEBUG, logger="orq_ai_sdk"):
        Orq(api_key=KEY, client=httpx.Client(transport=transport)).router.images.generations.create(prompt="p", model="m")
        assert not caplog.records  # off unless asked
        monkeypatch.setenv("ORQ_DEBUG", "1")
        Orq(api_key=KEY, client=httpx.Client(transport=transport)).router.images.generations.create(prompt="p", model="m")
    assert caplog.records and {r.name for r in caplog.records} == {"orq_ai_sdk"}
    assert "images/generations" in caplog.text and KEY not in caplog.text


def test_an_api_key_header_with_its_own_name_is_redacted_too(shop: Any) -> None:
    logger = ListLogger()
    exchange = Recorder(json_answer(200, {"id": "o1", "status": "open"}))
    client = shop.Shop(api_key=KEY, debug_logger=logger, client=httpx.Client(transport=exchange.transport()))
    client.orders.retrieve(order_id="o1")
    assert exchange.requests[0].headers["x-shop-key"] == KEY  # sent...
    assert KEY not in "\n".join(logger.lines)  # ...but never logged


# --- which clients the SDK closes -------------------------------------------------------------


def test_with_closes_the_client_the_sdk_created(server: FaultServer) -> None:
    with Orq(api_key="k", server_url=server.url("image")) as orq:
        orq.router.images.generations.create(prompt="p", model="m")
        owned = orq._client.http_client()
        assert server.open_connections() == 1
    assert owned.is_closed
    assert server.wait_closed() == 0


def test_async_with_closes_both_clients_the_sdk_created(server: FaultServer) -> None:
    async def run() -> Tuple[httpx.Client, httpx.AsyncClient]:
        async with Orq(api_key="k", server_url=server.url("image")) as orq:
            await orq.router.images.generations.create_async(prompt="p", model="m")
            orq.router.images.generations.create(prompt="p", model="m")
            return orq._client.http_client(), orq._client.async_http_client()

    sync_client, async_client = asyncio.run(run())
    assert sync_client.is_closed and async_client.is_closed
    assert server.wait_closed() == 0


def test_injected_clients_are_never_closed(server: FaultServer) -> None:
    client, async_client = httpx.Client(), httpx.AsyncClient()

    async def run() -> None:
        async with Orq(api_key="k", server_url=server.url("image"), client=client, async_client=async_client) as orq:
            await orq.router.images.generations.create_async(prompt="p", model="m")
        with Orq(api_key="k", server_url=server.url("image"), client=client, async_client=async_client) as orq:
            orq.router.images.generations.create(prompt="p", model="m")
        assert not client.is_closed and not async_client.is_closed
        assert server.open_connections() == 2  # both pools still hold their connection
        await async_client.aclose()

    asyncio.run(run())
    client.close()
    assert server.wait_closed() == 0

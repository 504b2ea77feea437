"""Timeouts: `timeout_ms` per client and per call becomes the httpx timeout of each request."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

import httpx
import pytest

from faultserver import FaultServer
from orq_ai_sdk import Orq
from orq_ai_sdk.errors import APIConnectionError, APITimeoutError
from mockapi import Recorder
from sdk_helpers import IMAGE_OK, assert_no_connection_in_use


def sent_timeout(orq_options: Dict[str, Any], call_options: Dict[str, Any]) -> Dict[str, float]:
    exchange = Recorder(IMAGE_OK)
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()), **orq_options)
    orq.router.images.generations.create(prompt="p", model="m", **call_options)
    return exchange.requests[0].extensions["timeout"]  # type: ignore[no-any-return]


def test_spec_timeout_is_the_client_default() -> None:
    # the Router spec's x-speakeasy-timeout is 600000 ms
    assert sent_timeout({}, {}) == {"connect": 600.0, "read": 600.0, "write": 600.0, "pool": 600.0}


def test_client_timeout_and_per_call_override() -> None:
    assert set(sent_timeout({"timeout_ms": 1500}, {}).values()) == {1.5}
    assert set(sent_timeout({"timeout_ms": 1500}, {"timeout_ms": 250}).values()) == {0.25}


def test_no_timeout_anywhere_keeps_the_injected_clients_own() -> None:
    exchange = Recorder(IMAGE_OK)
    client = httpx.Client(transport=exchange.transport(), timeout=httpx.Timeout(3.0, connect=1.0))
    Orq(api_key="k", client=client, timeout_ms=None).router.images.generations.create(prompt="p", model="m")
    assert exchange.requests[0].extensions["timeout"] == {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}


def test_slow_server_raises_a_timeout_error(server: FaultServer) -> None:
    orq = Orq(api_key="k", server_url=server.url("slow-headers"), timeout_ms=200, retry_config=None)
    with pytest.raises(APITimeoutError) as raised:
        orq.router.images.generations.create(prompt="p", model="m")
    assert isinstance(raised.value, APIConnectionError)  # one except clause catches both
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert_no_connection_in_use(orq._client.http_client())
    orq.close()


def test_per_call_timeout_on_a_patient_client(server: FaultServer) -> None:
    async def run() -> None:
        async with Orq(api_key="k", server_url=server.url("slow-headers"), timeout_ms=60_000, retry_config=None) as orq:
            with pytest.raises(APITimeoutError):
                await orq.router.images.generations.create_async(prompt="p", model="m", timeout_ms=200)
            assert_no_connection_in_use(orq._client.async_http_client())

    asyncio.run(run())

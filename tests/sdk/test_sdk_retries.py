"""Retries through the emitted SDK: what is retried, how long it waits, when it stops.

Sleeping is injected (`orq._client.config.sleep` / `async_sleep`), so every wait is
recorded instead of slept and the whole module runs in milliseconds.
"""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate
from typing import Any, List

import httpx
import pytest

from orq_ai_sdk import BackoffStrategy, Orq, RetryConfig
from orq_ai_sdk.errors import APIConnectionError, APIError
from mockapi import Recorder
from sdk_helpers import IMAGE_OK, MESSAGES, json_answer, sse_answer

ORQ_BACKOFF = BackoffStrategy(500, 60_000, 1.5, 3_600_000)  # the spec's x-speakeasy-retries
# A POST is retried on every failure the retry rules name only when it carries an idempotency
# key (else only where the server did not process it: see test_writes_without_a_key_*).
KEY = {"Idempotency-Key": "key-1"}


def orq_for(exchange: Recorder, **options: Any) -> Orq:
    transport = exchange.transport()
    orq = Orq(api_key="k", client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), **options)
    orq._client.config.sleep = exchange.sleep
    orq._client.config.async_sleep = exchange.async_sleep
    return orq


def server_asks_then_fails_then_succeeds() -> Recorder:
    in_three_seconds = formatdate(time.time() + 3, usegmt=True)
    return Recorder(
        json_answer(429, {"error": "slow down"}, Retry_After="2"),
        json_answer(429, {"error": "slow down"}, Retry_After=in_three_seconds),
        json_answer(503, {"error": "unavailable"}),
        httpx.ConnectError("connection refused"),
        IMAGE_OK,
    )


def check_waits(exchange: Recorder) -> None:
    assert len(exchange.requests) == 5
    first, second, third, fourth = exchange.sleeps
    assert first == 2.0  # Retry-After in seconds
    assert 1.0 < second <= 3.0  # Retry-After as an HTTP date (one-second resolution)
    # no Retry-After: full jitter under initial * exponent ** attempt
    assert 0 <= third <= 0.5 * 1.5**2
    assert 0 <= fourth <= 0.5 * 1.5**3


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_retry_after_seconds_http_date_backoff_and_connection_error(mode: str) -> None:
    exchange = server_asks_then_fails_then_succeeds()
    orq = orq_for(exchange)
    orq.router.images.generations.create(prompt="warm up imports", model="m", http_headers=KEY)
    exchange = server_asks_then_fails_then_succeeds()
    orq = orq_for(exchange)

    started = time.monotonic()
    if mode == "sync":
        result = orq.router.images.generations.create(prompt="p", model="m", http_headers=KEY)
    else:
        result = asyncio.run(orq.router.images.generations.create_async(prompt="p", model="m", http_headers=KEY))
    wall = time.monotonic() - started

    assert result.created == 1712345678
    check_waits(exchange)
    assert sum(exchange.sleeps) > 3.0 and wall < 1.0  # waits were recorded, not slept


def test_retry_after_ms_wins_over_retry_after() -> None:
    exchange = Recorder(json_answer(503, {}, Retry_After="30", retry_after_ms="250"), IMAGE_OK)
    orq_for(exchange).router.images.generations.create(prompt="p", model="m")
    assert exchange.sleeps == [0.25]


def test_default_codes_are_retried_and_others_are_not() -> None:
    for status in (429, 500, 502, 503, 504):
        exchange = Recorder(json_answer(status, {}), IMAGE_OK)
        orq_for(exchange).router.images.generations.create(prompt="p", model="m", http_headers=KEY)
        assert len(exchange.requests) == 2, status
    for status in (400, 401, 404, 409, 501):
        exchange = Recorder(json_answer(status, {}), IMAGE_OK)
        with pytest.raises(APIError) as raised:
            orq_for(exchange).router.images.generations.create(prompt="p", model="m")
        assert raised.value.status_code == status and len(exchange.requests) == 1


def test_spec_status_codes_per_api_and_per_operation(shop: Any) -> None:
    order = {"id": "o1", "status": "open"}

    def shop_for(exchange: Recorder) -> Any:
        client = shop.Shop(api_key="k", client=httpx.Client(transport=exchange.transport()))
        client._client.config.sleep = exchange.sleep
        return client

    # API-wide x-speakeasy-retries: 503 only
    exchange = Recorder(json_answer(503, {"detail": "x"}), json_answer(200, order))
    assert shop_for(exchange).orders.retrieve(order_id="o1").id == "o1"
    exchange = Recorder(json_answer(429, {"detail": "x"}), json_answer(200, order))
    with pytest.raises(shop.errors.RateLimitError):
        shop_for(exchange).orders.retrieve(order_id="o1")
    assert len(exchange.requests) == 1
    # createOrder's own x-speakeasy-retries: 409, and no longer 503
    exchange = Recorder(json_answer(409, {}), json_answer(201, order))
    assert shop_for(exchange).orders.create(item="book", http_headers=KEY).status == "open"
    assert len(exchange.requests) == 2
    exchange = Recorder(json_answer(503, {"detail": "x"}), json_answer(201, order))
    with pytest.raises(shop.errors.APIError) as raised:
        shop_for(exchange).orders.create(item="book")
    assert raised.value.status_code == 503 and len(exchange.requests) == 1


def test_per_call_retries_override_the_client() -> None:
    no_connection_retries = RetryConfig("backoff", BackoffStrategy(1, 1, 1.0, 100), False)
    exchange = Recorder(httpx.ConnectError("refused"), IMAGE_OK)
    with pytest.raises(APIConnectionError):
        orq_for(exchange).router.images.generations.create(prompt="p", model="m", retries=no_connection_retries)
    assert len(exchange.requests) == 1

    exchange = Recorder(json_answer(503, {}), IMAGE_OK)
    with pytest.raises(APIError):
        orq_for(exchange).router.images.generations.create(prompt="p", model="m", retries=None)
    assert len(exchange.requests) == 1

    exchange = Recorder(json_answer(503, {}), IMAGE_OK)
    orq = orq_for(exchange, retry_config=None)  # off for the client, on for this call
    orq.router.images.generations.create(prompt="p", model="m", retries=RetryConfig("backoff", BackoffStrategy(7, 7, 1.0, 1000)), http_headers=KEY)
    assert len(exchange.requests) == 2 and 0 <= exchange.sleeps[0] <= 0.007


def test_client_retry_config_and_none_disables() -> None:
    exchange = Recorder(json_answer(503, {}), IMAGE_OK)
    with pytest.raises(APIError):
        orq_for(exchange, retry_config=None).router.images.generations.create(prompt="p", model="m")
    assert len(exchange.requests) == 1

    exchange = Recorder(json_answer(503, {}), json_answer(503, {}), IMAGE_OK)
    orq_for(exchange, retry_config=RetryConfig("backoff", BackoffStrategy(20, 30, 2.0, 1000))).router.images.generations.create(prompt="p", model="m", http_headers=KEY)
    assert len(exchange.requests) == 3
    assert 0 <= exchange.sleeps[0] <= 0.020 and 0 <= exchange.sleeps[1] <= 0.030  # capped at max_interval


class Forever(Recorder):
    """Always 503; fails loudly instead of looping if retrying never stops."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert len(self.requests) < 1000, "retries never stopped"
        return super().__call__(request)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_waiting_never_goes_beyond_max_elapsed_time(mode: str) -> None:
    exchange = Forever(json_answer(503, {"error": "down"}))
    orq = orq_for(exchange, retry_config=RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 5_000)))
    with pytest.raises(APIError) as raised:
        if mode == "sync":
            orq.router.images.generations.create(prompt="p", model="m", http_headers=KEY)
        else:
            asyncio.run(orq.router.images.generations.create_async(prompt="p", model="m", http_headers=KEY))
    assert raised.value.status_code == 503  # the last answer, after the budget ran out
    assert len(exchange.requests) >= 2
    assert sum(exchange.sleeps) <= 5.0


def test_retry_after_beyond_the_budget_gives_up_at_once() -> None:
    exchange = Recorder(json_answer(429, {}, Retry_After="10"), IMAGE_OK)
    orq = orq_for(exchange, retry_config=RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 5_000)))
    with pytest.raises(APIError) as raised:
        orq.router.images.generations.create(prompt="p", model="m")
    assert raised.value.status_code == 429 and exchange.sleeps == []


def test_backoff_is_jittered_and_grows_to_max_interval() -> None:
    exchange = Recorder(*[json_answer(503, {})] * 12, IMAGE_OK)
    orq_for(exchange, retry_config=RetryConfig("backoff", BackoffStrategy(100, 800, 2.0, 3_600_000))).router.images.generations.create(prompt="p", model="m", http_headers=KEY)
    ceilings = [min(0.8, 0.1 * 2.0**attempt) for attempt in range(12)]
    assert all(0 <= slept <= ceiling for slept, ceiling in zip(exchange.sleeps, ceilings))
    assert len(set(exchange.sleeps)) > 1  # jitter: not one fixed delay
    assert max(exchange.sleeps[3:]) > 0.1  # later waits may exceed the first ceiling


def test_streaming_call_is_retried_before_any_event() -> None:
    exchange = Recorder(json_answer(429, {}, Retry_After="1"), sse_answer("Hel", "lo"))
    orq = orq_for(exchange)
    with orq.router.chat_completions(messages=MESSAGES, model="m", stream=True) as events:
        texts: List[Any] = [e.choices[0].delta.content for e in events]
    assert texts == ["Hel", "lo"] and exchange.sleeps == [1.0]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_writes_without_a_key_are_retried_only_where_the_server_did_not_process_them(mode: str) -> None:
    def create(orq: Orq) -> Any:
        if mode == "sync":
            return orq.router.images.generations.create(prompt="p", model="m")
        return asyncio.run(orq.router.images.generations.create_async(prompt="p", model="m"))

    for failure in (json_answer(500, {}), json_answer(503, {}), json_answer(504, {}), httpx.ReadTimeout("late"), httpx.ReadError("reset")):
        exchange = Recorder(failure, IMAGE_OK)
        with pytest.raises((APIError, APIConnectionError)):
            create(orq_for(exchange))
        assert len(exchange.requests) == 1, failure
        assert "idempotency-key" not in exchange.requests[0].headers  # the Router spec asks for none
    exchange = Recorder(httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), json_answer(503, {}, Retry_After="1"), json_answer(429, {}), IMAGE_OK)
    assert create(orq_for(exchange)).created == 1712345678
    assert len(exchange.requests) == 5

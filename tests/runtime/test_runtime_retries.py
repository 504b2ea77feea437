import asyncio
import time
from email.utils import formatdate
from typing import AsyncIterator, Iterator, List

import httpx
import pytest

from rtpkg.utils import (
    APIConnectionError,
    APIError,
    BackoffStrategy,
    Operation,
    RetryConfig,
)
from rtpkg.utils.retries import (
    backoff_delay,
    next_delay,
    retry_after_seconds,
    status_matches,
)

from runtime_helpers import Recorder, json_response, make_client

OP = Operation(
    operation_id="getThing",
    method="GET",
    path="/things",
    retry_status_codes=("429", "5XX"),
)
FAST = RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)
LONG = RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 60_000), True)
OK = json_response(200, {"ok": True})
SSE_OK = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=b"")


def test_retry_config_positional_signature() -> None:
    config = RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)
    assert config.backoff is not None and config.backoff.max_interval == 50
    assert RetryConfig("none").retry_connection_errors is False


def test_status_matches() -> None:
    assert status_matches(429, ["429"])
    assert status_matches(503, ["429", "5XX"])
    assert status_matches(502, ["5xx"])
    assert not status_matches(404, ["429", "5XX"])
    assert not status_matches(500, [])


def test_retry_after_parsing() -> None:
    assert (
        retry_after_seconds(
            httpx.Headers({"retry-after-ms": "250", "retry-after": "9"})
        )
        == 0.25
    )
    assert retry_after_seconds(httpx.Headers({"Retry-After": "2"})) == 2.0
    now = 1_700_000_000.0
    assert (
        retry_after_seconds({"retry-after": formatdate(now + 30, usegmt=True)}, now=now)
        == 30.0
    )
    assert (
        retry_after_seconds({"retry-after": formatdate(now - 30, usegmt=True)}, now=now)
        == 0.0
    )
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({"retry-after": "-1"}) is None
    assert retry_after_seconds({}) is None


def test_backoff_is_full_jitter_capped_at_max_interval() -> None:
    backoff = BackoffStrategy(100, 1_000, 2.0, 60_000)
    assert backoff_delay(backoff, 0, None, lambda: 1.0) == 0.1
    assert backoff_delay(backoff, 2, None, lambda: 0.5) == 0.2
    assert backoff_delay(backoff, 10, None, lambda: 1.0) == 1.0  # capped
    assert backoff_delay(backoff, 10_000, None, lambda: 1.0) == 1.0  # no overflow
    assert backoff_delay(backoff, 0, None, lambda: 0.0) == 0.0
    assert backoff_delay(backoff, 3, 7.0, lambda: 0.0) == 7.0  # the server decides


def test_budget_stops_retrying() -> None:
    backoff = BackoffStrategy(100, 1_000, 2.0, 5_000)
    assert next_delay(backoff, 0, elapsed=1.0, retry_after=3.0) == 3.0
    assert next_delay(backoff, 0, elapsed=3.0, retry_after=3.0) is None
    assert next_delay(backoff, 5, elapsed=4.5, rand=lambda: 1.0) is None


def test_429_with_retry_after_sleeps_that_long() -> None:
    rec = Recorder(json_response(429, {}, {"Retry-After": "2"}), OK)
    response = make_client(rec, retry_config=LONG).send(OP)
    assert response.json() == {"ok": True}
    assert rec.sleeps == [2.0]
    assert len(rec.requests) == 2


def test_http_date_retry_after() -> None:
    when = formatdate(time.time() + 3, usegmt=True)
    rec = Recorder(json_response(503, {}, {"Retry-After": when}), OK)
    make_client(rec, retry_config=LONG).send(OP)
    assert len(rec.sleeps) == 1 and 1.0 <= rec.sleeps[0] <= 3.0


def test_503_without_header_backs_off_with_growing_ceiling() -> None:
    rec = Recorder(
        json_response(503, {}), json_response(503, {}), json_response(503, {}), OK
    )
    make_client(rec, retry_config=LONG).send(OP)
    assert len(rec.requests) == 4
    assert len(rec.sleeps) == 3
    for attempt, slept in enumerate(rec.sleeps):
        assert 0 <= slept <= min(1.0, 0.1 * 2**attempt)


def test_status_not_in_retry_codes_is_not_retried() -> None:
    rec = Recorder(json_response(400, {}), OK)
    with pytest.raises(APIError):
        make_client(rec, retry_config=LONG).send(OP)
    assert len(rec.requests) == 1 and rec.sleeps == []


def test_operation_codes_override_config_codes() -> None:
    rec = Recorder(json_response(418, {}), json_response(418, {}), OK)
    client = make_client(rec, retry_config=LONG, retry_status_codes=("418",))
    with pytest.raises(APIError):
        client.send(OP)  # OP says 429/5XX
    # an operation without codes falls back to the config's
    assert client.send(Operation("x", "GET", "/x")).status_code == 200
    assert len(rec.requests) == 3


def test_connection_errors_retried_only_when_enabled() -> None:
    rec = Recorder(httpx.ConnectError("refused"), OK)
    assert make_client(rec, retry_config=LONG).send(OP).status_code == 200
    assert len(rec.requests) == 2 and len(rec.sleeps) == 1

    rec = Recorder(httpx.ConnectError("refused"), OK)
    with pytest.raises(APIConnectionError):
        make_client(rec, retry_config=FAST).send(OP)  # retry_connection_errors=False
    assert len(rec.requests) == 1


def test_max_elapsed_time_returns_last_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # 60 s budget, server asks for 25 s each time: 2 sleeps fit, the third would not
    config = RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 60_000), False)
    fake_now: List[float] = [0.0]

    rec = Recorder(json_response(429, {"error": "slow down"}, {"Retry-After": "25"}))
    client = make_client(rec, retry_config=config)

    def sleep(seconds: float) -> None:
        rec.sleeps.append(seconds)
        fake_now[0] += seconds

    client.config.sleep = sleep
    real_monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + fake_now[0])
    with pytest.raises(APIError) as caught:
        client.send(OP)
    assert caught.value.status_code == 429
    assert rec.sleeps == [25.0, 25.0]
    assert len(rec.requests) == 3


def test_injected_sleep_still_counts_against_the_budget() -> None:
    # the injected sleep returns at once: the waits, not the clock, use up the budget
    config = RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 5_000), False)
    rec = Recorder(json_response(503, {}))
    with pytest.raises(APIError):
        make_client(rec, retry_config=config).send(OP)
    assert 2 <= len(rec.requests) < 100
    assert sum(rec.sleeps) <= 5.0


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadError("connection reset by peer"),
        httpx.WriteError("broken pipe"),
        httpx.RemoteProtocolError("server disconnected"),
        httpx.PoolTimeout("pool full"),
    ],
)
def test_every_connection_failure_is_retried(error: Exception) -> None:
    rec = Recorder(error, OK)
    assert make_client(rec, retry_config=LONG).send(OP).status_code == 200
    assert len(rec.requests) == 2


def test_invalid_url_is_not_retried() -> None:
    rec = Recorder(httpx.UnsupportedProtocol("ftp is not supported"), OK)
    with pytest.raises(APIConnectionError):
        make_client(rec, retry_config=LONG).send(OP)
    assert len(rec.requests) == 1


def test_tiny_budget_in_real_time() -> None:
    rec = Recorder(json_response(503, {}))
    # a 100 ms budget and real sleeps
    client = make_client(rec, retry_config=FAST, sleep=time.sleep)
    started = time.monotonic()
    with pytest.raises(APIError):
        client.send(OP)
    assert time.monotonic() - started < 0.5
    assert len(rec.requests) >= 2


def test_per_call_retries_override_and_none_disables() -> None:
    rec = Recorder(json_response(503, {}), OK)
    with pytest.raises(APIError):
        make_client(rec, retry_config=LONG).send(OP, retries=None)
    assert len(rec.requests) == 1

    rec = Recorder(json_response(503, {}), OK)
    # per-call retries work without a client-wide config
    assert make_client(rec).send(OP, retries=LONG).status_code == 200
    assert len(rec.requests) == 2

    rec = Recorder(json_response(503, {}), OK)
    with pytest.raises(APIError):
        make_client(rec, retry_config=LONG).send(OP, retries=RetryConfig("none"))
    assert len(rec.requests) == 1


class BusyStream(httpx.SyncByteStream):
    closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield b"busy"

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("stream", [True, False])
def test_failed_attempt_response_is_closed(stream: bool) -> None:
    body = BusyStream()
    rec = Recorder(lambda request: httpx.Response(503, stream=body), SSE_OK if stream else OK)
    make_client(rec, retry_config=LONG).send(OP, stream=stream)
    assert body.closed
    assert len(rec.requests) == 2


def test_async_retries_use_async_sleep() -> None:
    rec = Recorder(
        json_response(429, {}, {"retry-after-ms": "1500"}),
        httpx.ReadTimeout("slow"),
        OK,
    )
    client = make_client(rec, retry_config=LONG)
    response = asyncio.run(client.send_async(OP))
    assert response.json() == {"ok": True}
    assert rec.sleeps[0] == 1.5 and len(rec.sleeps) == 2
    assert len(rec.requests) == 3


class AsyncBusyStream(httpx.AsyncByteStream):
    closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"busy"

    async def aclose(self) -> None:
        self.closed = True


def test_async_failed_attempt_response_is_closed() -> None:
    body = AsyncBusyStream()
    rec = Recorder(lambda request: httpx.Response(503, stream=body), SSE_OK)
    asyncio.run(make_client(rec, retry_config=LONG).send_async(OP, stream=True))
    assert body.closed and len(rec.requests) == 2

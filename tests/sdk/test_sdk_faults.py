"""Client faults: a real server on 127.0.0.1 misbehaves, and the SDK fails cleanly.

Every scenario runs sync and async and must end in a typed SDK error (or a clean
retry), with no connection left in use in the pool, and every socket closed on the
server side once the SDK is closed. The count of scenarios is printed at the end of
the run (conftest.py).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import httpx
import pytest

from faultserver import HUGE_BYTES, FaultServer
from orq_ai_sdk import BackoffStrategy, Orq, RetryConfig
from orq_ai_sdk.errors import APIConnectionError, APIError, APITimeoutError, ResponseValidationError
from sdk_helpers import MESSAGES, assert_no_connection_in_use

MODES = ["sync", "async"]
KEY = "sk-fault-0123456789"
RETRY_FAST = RetryConfig("backoff", BackoffStrategy(1, 1, 1.0, 10_000), True)


@dataclass
class Outcome:
    result: Any = None
    error: Optional[BaseException] = None
    events: List[Any] = field(default_factory=list)


def no_sleep(seconds: float) -> None:
    pass


async def no_async_sleep(seconds: float) -> None:
    pass


def run(server: FaultServer, mode: str, *behaviours: str, call: str = "image", retry: bool = False, timeout_ms: int = 500) -> Outcome:
    """One call against `behaviours` (served in turn); checks that no connection leaks."""
    orq = Orq(api_key=KEY, server_url=server.script("scenario", *behaviours), timeout_ms=timeout_ms, retry_config=RETRY_FAST if retry else None)
    # a POST is retried after a fault that may come after the server acted only with an idempotency key
    headers = {"Idempotency-Key": "fault-1"} if retry else None
    orq._client.config.sleep = no_sleep
    orq._client.config.async_sleep = no_async_sleep
    outcome = Outcome()
    if mode == "sync":
        try:
            _call(orq, call, outcome, headers)
        except (APIError, APIConnectionError) as exc:
            outcome.error = exc
        assert_no_connection_in_use(orq._client.http_client())
        orq.close()
    else:

        async def run_async() -> None:
            async with orq:
                try:
                    await _call_async(orq, call, outcome, headers)
                except (APIError, APIConnectionError) as exc:
                    outcome.error = exc
                assert_no_connection_in_use(orq._client.async_http_client())

        asyncio.run(run_async())
    assert server.wait_closed() == 0, "a socket stayed open after the SDK was closed"
    return outcome


def _call(orq: Orq, call: str, outcome: Outcome, headers: Optional[Dict[str, str]] = None) -> None:
    if call == "image":
        outcome.result = orq.router.images.generations.create(prompt="p", model="m", http_headers=headers)
        return
    stream = orq.router.chat_completions(messages=MESSAGES, model="m", stream=True, http_headers=headers)
    with stream:
        for event in stream:
            outcome.events.append(event.choices[0].delta.content)
            if call == "stream-then-close" and len(outcome.events) == 2:
                stream.close()


async def _call_async(orq: Orq, call: str, outcome: Outcome, headers: Optional[Dict[str, str]] = None) -> None:
    if call == "image":
        outcome.result = await orq.router.images.generations.create_async(prompt="p", model="m", http_headers=headers)
        return
    stream = await orq.router.chat_completions_async(messages=MESSAGES, model="m", stream=True, http_headers=headers)
    async with stream:
        async for event in stream:
            outcome.events.append(event.choices[0].delta.content)
            if call == "stream-then-close" and len(outcome.events) == 2:
                await stream.aclose()


@pytest.fixture
def scenario(request: pytest.FixtureRequest, fault_log: Any) -> Any:
    """Counts the running test as one fault scenario (passed only if it passes)."""
    with fault_log.scenario(request.node.name):
        yield


# --- connection-level faults ---------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_connection_reset(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "reset").error
    assert type(error) is APIConnectionError and "Connection error" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_connection_reset_then_a_clean_retry(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "reset", "image", retry=True)
    assert outcome.error is None and outcome.result.created == 1712345678
    assert len(server.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_slow_headers_time_out(server: FaultServer, scenario: None, mode: str) -> None:
    assert isinstance(run(server, mode, "slow-headers").error, APITimeoutError)


@pytest.mark.parametrize("mode", MODES)
def test_slow_headers_then_a_clean_retry(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "slow-headers", "image", retry=True)
    assert outcome.error is None and len(server.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_body_shorter_than_its_content_length(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "truncated-body").error
    assert type(error) is APIConnectionError and "RemoteProtocolError" in str(error)


# --- bodies that are not what the spec promised ------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_truncated_json(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "truncated-json").error
    assert isinstance(error, ResponseValidationError) and error.status_code == 200
    assert error.body.startswith('{"created": 1712345678') and "EOF" in str(error.cause)


@pytest.mark.parametrize("mode", MODES)
def test_wrong_content_type(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "wrong-content-type").error
    assert isinstance(error, ResponseValidationError)
    assert error.body == "Hello, plain text" and "text/plain" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_html_error_page(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "html-error").error
    assert type(error) is APIError and error.status_code == 502
    assert "<h1>Bad Gateway</h1>" in error.body and "text/html" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_html_error_page_then_a_clean_retry(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "html-error", "rate-limited", "image", retry=True)
    assert outcome.error is None and len(server.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_success_status_with_an_invalid_body(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "invalid-body").error
    assert isinstance(error, ResponseValidationError) and '"yesterday"' in error.body


@pytest.mark.parametrize("mode", MODES)
def test_huge_body(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "huge", timeout_ms=10_000)  # 16 MB: no read may wait on a busy machine's scheduler
    assert outcome.error is None and len(outcome.result.data[0].b64_json) == HUGE_BYTES


@pytest.mark.parametrize("mode", MODES)
def test_huge_invalid_body_gives_a_short_message(server: FaultServer, scenario: None, mode: str) -> None:
    error = run(server, mode, "huge-invalid", timeout_ms=10_000).error
    assert isinstance(error, ResponseValidationError) and len(error.body) > HUGE_BYTES
    assert len(str(error)) < 2_000


# --- streams -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_stream_cut_mid_event(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "sse-cut", call="stream")
    assert outcome.events == ["Hel"]
    assert type(outcome.error) is APIConnectionError and "RemoteProtocolError" in str(outcome.error)


@pytest.mark.parametrize("mode", MODES)
def test_stream_without_framing_cut_mid_event(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "sse-cut-at-eof", call="stream")
    assert outcome.events == ["Hel"]
    assert type(outcome.error) is APIConnectionError and "middle of an event" in str(outcome.error)


@pytest.mark.parametrize("mode", MODES)
def test_never_ending_stream_closed_by_the_user(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "sse-endless", call="stream-then-close")
    assert outcome.error is None and outcome.events == ["tick 0", "tick 1"]
    assert server.peer_closed.wait(5)


@pytest.mark.parametrize("mode", MODES)
def test_json_answer_to_a_streaming_call(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "json-to-stream", call="stream")
    assert isinstance(outcome.error, ResponseValidationError) and outcome.events == []


@pytest.mark.parametrize("mode", MODES)
def test_stream_reset_then_a_clean_retry(server: FaultServer, scenario: None, mode: str) -> None:
    outcome = run(server, mode, "reset", "sse", call="stream", retry=True)
    assert outcome.error is None and outcome.events == ["Hel", "lo"]


@pytest.mark.parametrize("mode", MODES)
def test_the_key_is_in_no_fault_message(server: FaultServer, scenario: None, mode: str) -> None:
    for behaviour in ("reset", "html-error", "invalid-body", "slow-headers"):
        error = run(server, mode, behaviour).error
        assert error is not None and KEY not in str(error) and KEY not in repr(error)


def test_the_leak_check_sees_a_response_left_open(server: FaultServer) -> None:
    with httpx.Client() as client:
        response = client.send(client.build_request("GET", server.url("image")), stream=True)
        with pytest.raises(AssertionError, match="in use"):
            assert_no_connection_in_use(client)
        response.close()
        assert_no_connection_in_use(client)

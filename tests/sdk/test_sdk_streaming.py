"""Streaming through the emitted SDK: typed events, the SSE standard, and connections released.

The connection tests run against a real HTTP server on 127.0.0.1 and watch the
server side: when the client leaves a stream early the server's next write fails
and its socket closes, while the SDK client itself stays open.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import httpx
import pytest

from faultserver import FaultServer
from orq_ai_sdk import Orq
from orq_ai_sdk.errors import APIError, ResponseValidationError
from mockapi import Recorder
from sdk_helpers import MESSAGES, assert_no_connection_in_use, json_answer, sse_answer

GENERATED_SRC = Path(__file__).resolve().parents[2] / "generated" / "src"
TYPED_CALLS = Path(__file__).resolve().parent / "typed_streaming_calls.py"  # checked by mypy, never run


def mock_orq(exchange: Recorder) -> Orq:
    transport = exchange.transport()
    return Orq(api_key="k", client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), retry_config=None)


def texts(events: Any) -> List[Any]:
    return [e.choices[0].delta.content for e in events]


async def async_texts(events: Any) -> List[Any]:
    return [e.choices[0].delta.content async for e in events]


# --- decoding ------------------------------------------------------------------------


def test_events_are_typed_and_the_sentinel_ends_the_stream() -> None:
    answer = sse_answer("Hel", "lo")
    answer = httpx.Response(200, headers=answer.headers, content=answer.content + b'data: {"after": "sentinel"}\n\n')
    exchange = Recorder(answer)
    orq = mock_orq(exchange)

    with orq.router.chat_completions(messages=MESSAGES, model="m", stream=True) as events:
        chunks = list(events)
    assert [type(c).__name__ for c in chunks] == ["ChatCompletionChunk"] * 2
    assert texts(chunks) == ["Hel", "lo"]

    async def run() -> List[Any]:
        async with await orq.router.chat_completions_async(messages=MESSAGES, model="m", stream=True) as events:
            return await async_texts(events)

    assert asyncio.run(run()) == ["Hel", "lo"]
    assert exchange.requests[0].headers["accept"] == "text/event-stream;q=1, application/json;q=0"
    assert exchange.body(0)["stream"] is True


SSE_STANDARD = (
    b": a comment, ignored\r\n"
    b"retry: 3000\r\n"
    b"\r\n"  # no data: dispatches nothing
    b"event: chunk\r\n"
    b"id: 7\r\n"
    b'data: {"id": "c1", "object": "chat.completion.chunk", "created": 1,\n'
    b'data:  "model": "m", "choices": [{"index": 0, "delta": {"content": "multi"}, "finish_reason": null}]}\n'
    b"\n"
    b"id\n"  # resets the last event id
    b'data:{"id": "c2", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": "no space"}, "finish_reason": null}]}\r'
    b"\r"
    b"data: [DONE]\n\n"
)


def test_comments_fields_and_multi_line_data_follow_the_sse_standard() -> None:
    exchange = Recorder(httpx.Response(200, content=SSE_STANDARD, headers={"content-type": "text/event-stream; charset=utf-8"}))
    with mock_orq(exchange).router.chat_completions(messages=MESSAGES, model="m", stream=True) as events:
        chunks = list(events)
    assert [c.id for c in chunks] == ["c1", "c2"]
    assert texts(chunks) == ["multi", "no space"]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_error_status_on_a_streaming_call_raises_before_iteration(mode: str) -> None:
    exchange = Recorder(json_answer(400, {"error": {"message": "model not found"}}))
    orq = mock_orq(exchange)
    with pytest.raises(APIError) as raised:
        if mode == "sync":
            orq.router.chat_completions(messages=MESSAGES, model="m", stream=True)
        else:
            asyncio.run(orq.router.chat_completions_async(messages=MESSAGES, model="m", stream=True))
    assert raised.value.status_code == 400
    assert "model not found" in raised.value.body and "model not found" in str(raised.value)


def test_a_non_event_stream_answer_to_a_streaming_call_is_a_typed_error(server: FaultServer) -> None:
    orq = Orq(api_key="k", server_url=server.url("json-to-stream"), retry_config=None)
    with pytest.raises(ResponseValidationError) as raised:
        orq.router.chat_completions(messages=MESSAGES, model="m", stream=True)
    assert raised.value.status_code == 200 and '"chat.completion"' in raised.value.body
    assert "text/event-stream" in str(raised.value)
    assert_no_connection_in_use(orq._client.http_client())
    orq.close()


# --- connections, over a real server ---------------------------------------------------


def test_leaving_the_with_block_early_closes_the_connection(server: FaultServer) -> None:
    orq = Orq(api_key="k", server_url=server.url("sse-endless"))
    with orq.router.chat_completions(messages=MESSAGES, model="m", stream=True) as events:
        for n, _ in enumerate(events):
            if n == 2:
                break
    assert server.peer_closed.wait(5), "the server kept writing: the connection stayed open"
    assert server.wait_closed() == 0  # closed, not parked in the pool: the SDK client is still open
    assert_no_connection_in_use(orq._client.http_client())
    orq.close()


def test_leaving_the_async_with_block_early_closes_the_connection(server: FaultServer) -> None:
    async def run() -> None:
        async with Orq(api_key="k", server_url=server.url("sse-endless")) as orq:
            async with await orq.router.chat_completions_async(messages=MESSAGES, model="m", stream=True) as events:
                async for _ in events:
                    break
            assert await asyncio.to_thread(server.peer_closed.wait, 5)
            assert await asyncio.to_thread(server.wait_closed) == 0
            assert_no_connection_in_use(orq._client.async_http_client())

    asyncio.run(run())


def test_break_without_with_releases_the_connection(server: FaultServer) -> None:
    orq = Orq(api_key="k", server_url=server.url("sse-endless"))
    for _ in orq.router.chat_completions(messages=MESSAGES, model="m", stream=True):
        break  # the stream object is dropped here, and it closes its response
    assert server.peer_closed.wait(5)
    assert server.wait_closed() == 0
    orq.close()


def test_an_error_in_the_caller_code_inside_with_closes_the_connection(server: FaultServer) -> None:
    orq = Orq(api_key="k", server_url=server.url("sse-endless"))
    with pytest.raises(KeyError):
        with orq.router.chat_completions(messages=MESSAGES, model="m", stream=True) as events:
            next(events)
            raise KeyError("caller bug")
    assert server.peer_closed.wait(5) and server.wait_closed() == 0
    orq.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_event_that_does_not_match_its_schema_raises_and_closes(server: FaultServer, mode: str) -> None:
    orq = Orq(api_key="k", server_url=server.url("sse-bad-event"))
    received: List[Any] = []

    async def consume_async() -> None:
        async with await orq.router.chat_completions_async(messages=MESSAGES, model="m", stream=True) as events:
            async for e in events:
                received.append(e)

    with pytest.raises(ResponseValidationError) as raised:
        if mode == "sync":
            for e in orq.router.chat_completions(messages=MESSAGES, model="m", stream=True):
                received.append(e)
        else:
            asyncio.run(consume_async())
    assert texts(received) == ["Hel"]
    assert raised.value.body == '{"choices": "not a list"}'  # the raw event data
    assert server.peer_closed.wait(5) and server.wait_closed() == 0


def test_a_finished_stream_returns_its_connection_for_reuse(server: FaultServer) -> None:
    with Orq(api_key="k", server_url=server.url("sse")) as orq:
        for _ in range(2):
            with orq.router.chat_completions(messages=MESSAGES, model="m", stream=True) as events:
                assert texts(events) == ["Hel", "lo"]
        assert len(server.requests) == 2 and server.open_connections() == 1  # one kept-alive socket
        assert_no_connection_in_use(orq._client.http_client())
    assert server.wait_closed() == 0  # closing the SDK closes its pool


# --- static typing -----------------------------------------------------------------------

def test_streaming_overloads_type_check_under_mypy_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(TYPED_CALLS)],
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(GENERATED_SRC), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr

import asyncio
import json
from typing import AsyncIterator, Iterator, List, Optional, Tuple

import httpx
import pytest

from rtpkg.utils import (
    APIConnectionError,
    APITimeoutError,
    AsyncEventStream,
    BaseModel,
    EventStream,
    ResponseValidationError,
    ServerSentEvent,
)
from rtpkg.utils.eventstream import SSEDecoder

Event = Tuple[Optional[str], str, Optional[str], Optional[int]]

STREAM = (
    b"\xef\xbb\xbfevent: greeting\r\n"
    b": a comment\r\n"
    b"id: 7\r\n"
    b"retry: 1500\r\n"
    b"data: line one\r\n"
    b"data:line two\r\n"
    b"data:  two spaces\r\n"
    b"\r\n"
    b"event: empty\r"
    b"id: 8\r"
    b"\r"
    b"data\n"
    b"data: caf\xc3\xa9 \xe2\x82\xac\n"
    b"unknown: field\n"
    b"retry: soon\n"
    b"\n"
    b"data: trailing event without blank line is dropped"
)
EXPECTED: List[Event] = [
    ("greeting", "line one\nline two\n two spaces", "7", 1500),
    (None, "\ncafé €", "8", None),
]


def decode(chunks: List[bytes]) -> List[Event]:
    decoder = SSEDecoder()
    events = [e for chunk in chunks for e in decoder.feed(chunk)]
    return [(e.event, e.data, e.id, e.retry) for e in events]


def test_decodes_the_standard_fields() -> None:
    assert decode([STREAM]) == EXPECTED


@pytest.mark.parametrize("offset", range(1, len(STREAM)))
def test_split_at_every_byte_offset(offset: int) -> None:
    assert decode([STREAM[:offset], STREAM[offset:]]) == EXPECTED


def test_one_byte_at_a_time_and_empty_chunks() -> None:
    chunks = [STREAM[i : i + 1] for i in range(len(STREAM))]
    assert decode([b""] + chunks + [b""]) == EXPECTED


def test_crlf_split_between_chunks_is_one_line_end() -> None:
    # a CR ending one chunk and an LF starting the next must not make a blank line
    assert decode([b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]) == [
        (None, "a\nb", None, None)
    ]


def test_lone_cr_and_lf_line_ends() -> None:
    assert decode([b"data: a\r\rdata: b\n\n"]) == [
        (None, "a", None, None),
        (None, "b", None, None),
    ]


def test_id_with_nul_is_ignored_and_id_persists() -> None:
    events = decode([b"id: 1\ndata: a\n\nid: x\x00y\ndata: b\n\n"])
    assert [e[2] for e in events] == ["1", "1"]


def test_event_type_resets_after_dispatch() -> None:
    events = decode(
        [b"event: a\ndata: 1\n\ndata: 2\n\nevent: only-type\n\ndata: 3\n\n"]
    )
    assert [(e[0], e[1]) for e in events] == [("a", "1"), (None, "2"), (None, "3")]


class Chunk(BaseModel):
    id: int


class TrackingStream(httpx.SyncByteStream):
    def __init__(self, chunks: List[bytes]) -> None:
        self.chunks = chunks
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    def close(self) -> None:
        self.closed = True


def sse_response(*payloads: str) -> Tuple[httpx.Response, TrackingStream]:
    body = "".join(f"data: {p}\n\n" for p in payloads).encode()
    stream = TrackingStream([body[i : i + 5] for i in range(0, len(body), 5)])
    return httpx.Response(200, stream=stream), stream


def test_event_stream_decodes_until_sentinel_and_closes() -> None:
    response, stream = sse_response('{"id": 1}', '{"id": 2}', "[DONE]", '{"id": 3}')
    events = list(EventStream(response, Chunk.model_validate_json, sentinel="[DONE]"))
    assert [e.id for e in events] == [1, 2]
    assert stream.closed


class EndTrackingStream(TrackingStream):
    finished = False
    yielded = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.yielded += 1
            yield chunk
        self.finished = True


def test_what_follows_the_sentinel_is_read_so_the_connection_is_reused() -> None:
    stream = EndTrackingStream([b"data: [DONE]\n\n", b": bye\n\n"])
    assert list(EventStream(httpx.Response(200, stream=stream), json.loads, "[DONE]")) == []
    assert stream.finished and stream.closed

    endless = EndTrackingStream([b"data: [DONE]\n\n"] + [b"x" * 70_000] * 1000)
    assert list(EventStream(httpx.Response(200, stream=endless), json.loads, "[DONE]")) == []
    assert endless.closed and endless.yielded == 2  # past the drain limit it just closes


def test_event_stream_closes_on_exhaustion_without_sentinel() -> None:
    response, stream = sse_response('{"id": 1}')
    assert [e.id for e in EventStream(response, Chunk.model_validate_json, None)] == [1]
    assert stream.closed and response.is_closed


def test_event_stream_closes_on_break_inside_with() -> None:
    response, stream = sse_response('{"id": 1}', '{"id": 2}')
    with EventStream(response, Chunk.model_validate_json, "[DONE]") as events:
        for event in events:
            break
    assert event.id == 1
    assert stream.closed


def test_event_stream_closes_when_decoding_fails() -> None:
    response, stream = sse_response('{"id": 1}', "not json")
    events = EventStream(response, Chunk.model_validate_json, "[DONE]")
    assert next(events).id == 1
    with pytest.raises(ResponseValidationError) as raised:
        next(events)
    assert raised.value.body == "not json" and raised.value.status_code == 200
    assert raised.value.cause is not None
    assert stream.closed


class FailingStream(TrackingStream):
    def __init__(self, chunks: List[bytes], error: Exception) -> None:
        super().__init__(chunks)
        self.error = error

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks
        raise self.error


@pytest.mark.parametrize(
    "error, expected",
    [
        (httpx.RemoteProtocolError("incomplete chunked read"), APIConnectionError),
        (httpx.ReadTimeout("no event for a while"), APITimeoutError),
    ],
)
def test_transport_failure_mid_stream_is_an_sdk_error(
    error: Exception, expected: type
) -> None:
    stream = FailingStream([b'data: {"id": 1}\n\n'], error)
    events = EventStream(httpx.Response(200, stream=stream), Chunk.model_validate_json)
    assert next(events).id == 1
    with pytest.raises(expected) as raised:
        next(events)
    assert type(raised.value) is expected and isinstance(raised.value.__cause__, type(error))
    assert stream.closed


@pytest.mark.parametrize("tail", [b'data: {"id": 2', b'data: {"id": 2}\n'])
def test_stream_ending_mid_event_is_a_connection_error(tail: bytes) -> None:
    stream = TrackingStream([b'data: {"id": 1}\n\n', tail])
    events = EventStream(httpx.Response(200, stream=stream), Chunk.model_validate_json)
    assert next(events).id == 1
    with pytest.raises(APIConnectionError, match="middle of an event"):
        next(events)
    assert stream.closed


def test_decoder_pending_marks_an_unfinished_event() -> None:
    decoder = SSEDecoder()
    assert not decoder.pending
    decoder.feed(b"data: x")
    assert decoder.pending
    decoder.feed(b"\n")
    assert decoder.pending  # data seen, no blank line yet
    decoder.feed(b"\n: comment\n")
    assert not decoder.pending


def test_dropped_stream_closes_its_response_without_the_garbage_collector() -> None:
    import gc

    response, stream = sse_response('{"id": 1}', '{"id": 2}')
    gc.disable()
    try:
        for _ in EventStream(response, Chunk.model_validate_json, None):
            break
        assert stream.closed  # no reference cycle: freed as the loop ends
    finally:
        gc.enable()


def test_event_stream_close_before_iterating() -> None:
    response, stream = sse_response('{"id": 1}')
    events = EventStream(response, json.loads, None)
    events.close()
    assert stream.closed
    assert list(events) == []


class AsyncTrackingStream(httpx.AsyncByteStream):
    def __init__(self, chunks: List[bytes]) -> None:
        self.chunks = chunks
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk

    async def aclose(self) -> None:
        self.closed = True


def test_async_event_stream_sentinel_break_and_error() -> None:
    async def run() -> None:
        body = b'data: {"id": 1}\n\ndata: {"id": 2}\n\ndata: [DONE]\n\n'
        stream = AsyncTrackingStream([body[:9], body[9:]])
        events = AsyncEventStream(
            httpx.Response(200, stream=stream), Chunk.model_validate_json, "[DONE]"
        )
        assert [e.id async for e in events] == [1, 2]
        assert stream.closed

        stream = AsyncTrackingStream([body])
        async with AsyncEventStream(
            httpx.Response(200, stream=stream), Chunk.model_validate_json, "[DONE]"
        ) as it:
            async for event in it:
                break
        assert event.id == 1 and stream.closed

        stream = AsyncTrackingStream([b"data: nope\n\n"])
        with pytest.raises(ResponseValidationError):
            async for _ in AsyncEventStream(
                httpx.Response(200, stream=stream), Chunk.model_validate_json, None
            ):
                pass
        assert stream.closed

    asyncio.run(run())


def test_server_sent_event_repr() -> None:
    assert (
        repr(ServerSentEvent("d", "e", "1", 5))
        == "ServerSentEvent(event='e', data='d', id='1', retry=5)"
    )

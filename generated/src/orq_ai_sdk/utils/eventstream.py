"""Server-sent events: an incremental WHATWG decoder and typed stream wrappers."""

from types import TracebackType
import json
from typing import (
    Any,
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Generator,
    Generic,
    Iterator,
    List,
    Optional,
    Type,
    TypeVar,
)

import httpx

from .errors import APIConnectionError, ResponseValidationError, connection_error

T = TypeVar("T")


class ServerSentEvent:
    __slots__ = ("event", "data", "id", "retry")

    def __init__(
        self,
        data: str,
        event: Optional[str] = None,
        id: Optional[str] = None,
        retry: Optional[int] = None,
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def __repr__(self) -> str:
        fields = f"event={self.event!r}, data={self.data!r}, id={self.id!r}, retry={self.retry!r}"
        return f"ServerSentEvent({fields})"


class SSEDecoder:
    """Feed raw bytes in chunks of any size; get back the completed events.

    Only complete lines are decoded (one UTF-8 decode per chunk: a multi-byte
    character never contains CR or LF bytes, so line ends are safe cut points).
    """

    def __init__(self) -> None:
        self._partial = bytearray()  # bytes after the last line end seen
        self._skip_lf = False  # last chunk ended in CR: a leading LF completes a CRLF
        self._started = False  # a BOM is only stripped at the very start
        self._data: List[str] = []
        self._event: Optional[str] = None
        self._retry: Optional[int] = None
        self._last_id: Optional[str] = None  # persists across events, per the standard

    @property
    def pending(self) -> bool:
        """True in the middle of an event: a stream that ends here was cut short."""
        return bool(self._partial or self._data)

    def feed(self, chunk: bytes) -> List[ServerSentEvent]:
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk[0] == 10:
                chunk = chunk[1:]
        end = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
        if end < 0:
            self._partial += chunk
            return []
        if self._partial:
            complete = bytes(self._partial + chunk[: end + 1])
            self._partial = bytearray(chunk[end + 1 :])
        else:
            complete = chunk[: end + 1]
            self._partial += chunk[end + 1 :]
        self._skip_lf = chunk[-1] == 13
        text = complete.decode("utf-8", "replace")
        if not self._started:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        lines.pop()  # text ends with a line end: the last item is always ""
        return self._lines(lines)

    def _lines(self, lines: List[str]) -> List[ServerSentEvent]:
        events: List[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if line.startswith("data:"):  # the hot path
                data.append(line[6:] if line[5:6] == " " else line[5:])
            elif not line:
                if data:
                    events.append(
                        ServerSentEvent("\n".join(data), self._event, self._last_id, self._retry)
                    )
                    data.clear()
                self._event = self._retry = None
            elif line[0] != ":":  # lines starting with ":" are comments
                self._field(line)
        return events

    def _field(self, line: str) -> None:
        name, _, value = line.partition(":")
        if value[:1] == " ":
            value = value[1:]
        if name == "data":  # "data" without a colon
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self._retry = int(value)


# The generators below are plain functions, not methods: a generator that referred
# back to its stream object would form a cycle, and a stream dropped after `break`
# would hold its connection until the garbage collector ran.


def _envelope(event: ServerSentEvent) -> Any:
    """An event as Speakeasy's envelope model takes it: `data` parsed as JSON (kept as text
    when it is not JSON), and the event's other fields where it has them."""
    try:
        data: Any = json.loads(event.data)
    except ValueError:
        data = event.data
    fields = {"data": data}
    if event.event is not None:
        fields["event"] = event.event
    if event.id is not None:
        fields["id"] = event.id
    if event.retry is not None:
        fields["retry"] = event.retry
    return fields


def _events(
    response: httpx.Response, decode: Callable[[Any], T], sentinel: Optional[str], envelope: bool
) -> Generator[T, None, None]:
    """Decoded events up to the sentinel; closes the response however iteration ends."""
    decoder = SSEDecoder()
    try:
        chunks = response.iter_bytes()
        for chunk in chunks:
            for event in decoder.feed(chunk):
                if event.data == sentinel:
                    _drain(chunks)
                    return
                try:
                    item = decode(_envelope(event) if envelope else event.data)
                except ValueError as exc:  # pydantic's ValidationError included
                    raise _invalid_event(response, event, exc) from exc
                yield item
        if decoder.pending:
            raise _cut_short()
    except httpx.TransportError as exc:
        raise connection_error(exc) from exc
    finally:
        response.close()


async def _aevents(
    response: httpx.Response, decode: Callable[[Any], T], sentinel: Optional[str], envelope: bool
) -> AsyncGenerator[T, None]:
    decoder = SSEDecoder()
    try:
        chunks = response.aiter_bytes()
        async for chunk in chunks:
            for event in decoder.feed(chunk):
                if event.data == sentinel:
                    await _adrain(chunks)
                    return
                try:
                    item = decode(_envelope(event) if envelope else event.data)
                except ValueError as exc:
                    raise _invalid_event(response, event, exc) from exc
                yield item
        if decoder.pending:
            raise _cut_short()
    except httpx.TransportError as exc:
        raise connection_error(exc) from exc
    finally:
        await response.aclose()


# What may follow the sentinel is normally just the end of the body (e.g. the last
# empty chunk); reading it lets the connection go back to the pool. More than this
# and the connection is dropped instead.
_DRAIN_LIMIT = 65536


def _drain(chunks: Iterator[bytes]) -> None:
    left = _DRAIN_LIMIT
    try:
        for chunk in chunks:
            left -= len(chunk)
            if left < 0:
                return
    except httpx.TransportError:
        pass  # every event was received; the connection is just not reused


async def _adrain(chunks: AsyncIterator[bytes]) -> None:
    left = _DRAIN_LIMIT
    try:
        async for chunk in chunks:
            left -= len(chunk)
            if left < 0:
                return
    except httpx.TransportError:
        pass


def _invalid_event(
    response: httpx.Response, event: ServerSentEvent, cause: Exception
) -> ResponseValidationError:
    return ResponseValidationError("Event validation failed", response, cause, body=event.data)


def _cut_short() -> APIConnectionError:
    return APIConnectionError("The event stream ended in the middle of an event")


class EventStream(Generic[T]):
    """Iterates the decoded events of a streaming response and always closes it.

    The response is closed when iteration ends, on the sentinel, on an error,
    and on `close()` / leaving a `with` block.
    """

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[Any], T],
        sentinel: Optional[str] = None,
        envelope: bool = False,
    ) -> None:
        """`decode` takes each event's data, or with `envelope` the event as a dict (its
        `data` parsed), for an event type that is Speakeasy's envelope."""
        self.response = response
        self._events = _events(response, decode, sentinel, envelope)

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._events)

    def __enter__(self) -> "EventStream[T]":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def close(self) -> None:
        self._events.close()
        self.response.close()


class AsyncEventStream(Generic[T]):
    """Async twin of `EventStream`; close with `aclose()` or `async with`."""

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[Any], T],
        sentinel: Optional[str] = None,
        envelope: bool = False,
    ) -> None:
        """`decode` takes each event's data, or with `envelope` the event as a dict (its
        `data` parsed), for an event type that is Speakeasy's envelope."""
        self.response = response
        self._events = _aevents(response, decode, sentinel, envelope)

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._events.__anext__()

    async def __aenter__(self) -> "AsyncEventStream[T]":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._events.aclose()
        await self.response.aclose()

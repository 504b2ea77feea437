"""Responses handed to the caller as they are: downloads, and raw access to any call.

`BinaryResponse` streams a binary or text body (never buffered unless asked).
`APIResponse` is what `with_raw_response` / `with_streaming_response` give: status,
headers, request id, and `parse()`, which returns what the method itself returns.
"""

import os
from importlib import import_module
from types import TracebackType
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Iterator,
    Optional,
    Type,
    TypeVar,
    Union,
)

import httpx

from .errors import connection_error, request_id_of

T = TypeVar("T")
# Name of the generated package (this module is <pkg>.utils.response)
_PACKAGE = __name__.rsplit(".", 2)[0]
B = TypeVar("B", bound="_Response")
Path = Union[str, "os.PathLike[str]"]


class _Response:
    """What every response object says about the answer, without reading its body."""

    def __init__(self, response: httpx.Response, headers_model: Optional[str] = None) -> None:
        self.http_response = response
        self._headers_model = headers_model

    @property
    def declared_headers(self) -> Any:
        """The response headers the spec declares, typed (a model of the SDK's), or None."""
        if self._headers_model is None:
            return None
        model = getattr(import_module(_PACKAGE + ".models"), self._headers_model)
        return model.model_validate(dict(self.http_response.headers))

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content_type(self) -> str:
        return str(self.http_response.headers.get("content-type", ""))

    @property
    def request_id(self) -> Optional[str]:
        return request_id_of(self.http_response)

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.content_type!r}>"


class BinaryResponse(_Response):
    """A binary or text body, streamed from the connection as it is read.

    `read()` buffers the whole body; `iter_bytes()`, `iter_text()` and
    `write_to_file(path)` keep memory flat. Reading to the end, `close()` or
    leaving a `with` block returns the connection.
    """

    def read(self) -> bytes:
        try:
            return self.http_response.read()
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            self.http_response.close()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        try:
            yield from self.http_response.iter_bytes(chunk_size)
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            self.http_response.close()

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        try:
            yield from self.http_response.iter_text(chunk_size)
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            self.http_response.close()

    def iter_lines(self) -> Iterator[str]:
        try:
            yield from self.http_response.iter_lines()
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            self.http_response.close()

    def write_to_file(self, path: Path, chunk_size: Optional[int] = None) -> int:
        """Stream the body into `path` as it arrives; returns the number of bytes written."""
        written = 0
        with open(path, "wb") as file:
            for chunk in self.iter_bytes(chunk_size):
                file.write(chunk)
                written += len(chunk)
        return written

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self: B) -> B:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.http_response.close()


class AsyncBinaryResponse(_Response):
    """Async twin of `BinaryResponse`."""

    async def read(self) -> bytes:
        try:
            return await self.http_response.aread()
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            await self.http_response.aclose()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        await self.read()
        return self.http_response.json()

    async def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            await self.http_response.aclose()

    async def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        try:
            async for text in self.http_response.aiter_text(chunk_size):
                yield text
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            await self.http_response.aclose()

    async def iter_lines(self) -> AsyncIterator[str]:
        try:
            async for line in self.http_response.aiter_lines():
                yield line
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        finally:
            await self.http_response.aclose()

    async def write_to_file(self, path: Path, chunk_size: Optional[int] = None) -> int:
        """Stream the body into `path` as it arrives; returns the number of bytes written."""
        written = 0
        with open(path, "wb") as file:
            async for chunk in self.iter_bytes(chunk_size):
                file.write(chunk)
                written += len(chunk)
        return written

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self: B) -> B:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.http_response.aclose()


class APIResponse(BinaryResponse):
    """The raw answer to a call (`with_raw_response` / `with_streaming_response`).

    `parse()` returns what the method returns for this answer (validated once, then
    remembered); the body is read first unless the result streams it.
    """

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[], Any],
        headers_model: Optional[str] = None,
    ) -> None:
        super().__init__(response, headers_model)
        self._parse = parse
        self._parsed: Any = _NOT_PARSED

    def parse(self) -> Any:
        if self._parsed is _NOT_PARSED:
            self._parsed = self._parse()
        return self._parsed


class AsyncAPIResponse(AsyncBinaryResponse):
    """Async twin of `APIResponse`: `await response.parse()`."""

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[], Any],
        headers_model: Optional[str] = None,
    ) -> None:
        super().__init__(response, headers_model)
        self._parse = parse
        self._parsed: Any = _NOT_PARSED

    async def parse(self) -> Any:
        if self._parsed is _NOT_PARSED:
            self._parsed = await self._parse()
        return self._parsed


_NOT_PARSED = object()


# --- raw access to every method --------------------------------------------------------


class _Sent(Exception):
    """Carries the response of a call out of the method that sent it, before parsing."""

    def __init__(self, response: httpx.Response, op: Any) -> None:
        super().__init__()
        self.response = response
        self.headers_model: Optional[str] = getattr(op, "response_headers", None)


class _CapturingClient:
    """Stands in for the SDK client in a method: sends, then stops the method there.

    `defer` leaves the body unread (with_streaming_response). The method runs again on
    `parse()`, with a `_ReplayingClient` that answers with the same response.
    """

    def __init__(self, client: Any, defer: bool) -> None:
        self._client = client
        self._defer = defer

    def send(self, op: Any, **kwargs: Any) -> httpx.Response:
        raise _Sent(self._client.send(op, defer=self._defer, **kwargs), op)

    async def send_async(self, op: Any, **kwargs: Any) -> httpx.Response:
        raise _Sent(await self._client.send_async(op, defer=self._defer, **kwargs), op)


class _ReplayingClient:
    """Answers the replayed method's call with the response it captured. Later calls (the
    next pages of a paged result) go to the SDK's client."""

    def __init__(self, response: httpx.Response, client: Any) -> None:
        self._response: Optional[httpx.Response] = response
        self._client = client

    def send(self, op: Any, **kwargs: Any) -> httpx.Response:
        if self._response is None:
            return self._client.send(op, **kwargs)  # type: ignore[no-any-return]
        if not kwargs.get("stream") and not self._response.is_stream_consumed:
            if not getattr(op, "download", False):
                self._response.read()
        response, self._response = self._response, None
        return response

    async def send_async(self, op: Any, **kwargs: Any) -> httpx.Response:
        if self._response is None:
            return await self._client.send_async(op, **kwargs)  # type: ignore[no-any-return]
        if not kwargs.get("stream") and not self._response.is_stream_consumed:
            if not getattr(op, "download", False):
                await self._response.aread()
        response, self._response = self._response, None
        return response


def _with_client(target: Any, client: Any) -> Any:
    """A shallow copy of a resource (or SDK) whose methods send through `client`."""
    clone = object.__new__(type(target))
    clone.__dict__.update(target.__dict__)
    clone._client = client
    return clone


class RawResponses:
    """`resource.with_raw_response` / `.with_streaming_response`: the same methods (and
    sub-resources), returning an `APIResponse` (`AsyncAPIResponse` for `*_async`)."""

    def __init__(self, target: Any, defer: bool) -> None:
        self._target = target
        self._defer = defer

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(type(self._target), name, None)
        if attribute is None or name.startswith("_"):
            raise AttributeError(name)
        if not callable(attribute):  # a sub-resource (cached_property)
            return RawResponses(getattr(self._target, name), self._defer)
        return self._method(name)

    def __dir__(self) -> Any:
        return [n for n in dir(self._target) if not n.startswith("_")]

    def _method(self, name: str) -> Callable[..., Any]:
        """`name` of the target, sending through a `_CapturingClient`; `parse()` replays it."""
        target, defer = self._target, self._defer

        def call(*args: Any, **kwargs: Any) -> Any:
            method = getattr(_with_client(target, _CapturingClient(target._client, defer)), name)

            def replay(response: httpx.Response) -> Any:
                replaying = _with_client(target, _ReplayingClient(response, target._client))
                return getattr(replaying, name)(*args, **kwargs)

            if name.endswith("_async"):
                return _AsyncCall(method(*args, **kwargs), replay)
            try:
                method(*args, **kwargs)
            except _Sent as sent:
                response = sent.response
                return APIResponse(response, lambda: replay(response), sent.headers_model)
            raise RuntimeError(f"{name} returned without sending")  # pragma: no cover

        call.__name__ = call.__qualname__ = name
        call.__doc__ = getattr(type(target), name).__doc__
        return call


class _AsyncCall:
    """The call of an async method: `await` it, or use it as `async with ... as response`
    (closed on exit)."""

    def __init__(self, sending: Any, replay: Callable[[httpx.Response], Any]) -> None:
        self._sending = sending
        self._replay = replay
        self._response: Optional[AsyncAPIResponse] = None

    async def _start(self) -> AsyncAPIResponse:
        try:
            await self._sending
        except _Sent as sent:
            response = sent.response
            return AsyncAPIResponse(response, lambda: self._replay(response), sent.headers_model)
        raise RuntimeError("the method returned without sending")  # pragma: no cover

    def __await__(self) -> Any:
        return self._start().__await__()

    async def __aenter__(self) -> AsyncAPIResponse:
        self._response = await self._start()
        return self._response

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if self._response is not None:
            await self._response.close()

"""The single request path shared by every generated operation.

Building a request, the retry decision, hooks, logging and error mapping are
shared; only the send/sleep/read calls differ between `send` and `send_async`.
"""

import os
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    overload,
)
from urllib.parse import urlencode

import httpx

if TYPE_CHECKING:  # pydantic is imported on first use: importing the SDK stays cheap
    import pydantic

    from .response import RawResponses
    from .security import Auth

from .errors import (
    APIConnectionError,
    APIError,
    ResponseValidationError,
    connection_error,
)
from .hooks import HookContext, Hooks
from .idempotency import is_safe_to_retry, set_idempotency_key
from .logger import Logger, format_request, format_response, resolve_logger
from .params import Style, cookie_header, query_string
from .retries import (
    DEFAULT_BACKOFF,
    BackoffStrategy,
    RetryConfig,
    next_delay,
    retry_after_seconds,
    status_matches,
)
from .serializers import (
    form_encoded,
    header_value,
    json_body,
    multipart_body,
    multipart_without_files,
    path,
)
from .types import UNSET, OptionalNullable, Unset

T = TypeVar("T")

# Name of the generated package (this module is <pkg>.utils.client): the logger name.
_PACKAGE = __name__.rsplit(".", 2)[0]
# Used for clients the SDK creates itself: model APIs can take minutes to answer.
_DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
# Failures of the connection itself (not e.g. an invalid URL): connect, read and write
# errors and timeouts, and a server that hangs up mid-answer.
_RETRYABLE_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # imported on first use: keeps importing the SDK cheap

    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class Operation:
    """Static description of one API operation, emitted once per operation."""

    operation_id: str
    method: str
    path: str
    request_content_type: Optional[str] = None
    error_types: Mapping[str, Type[APIError]] = field(default_factory=dict)
    retry_status_codes: Tuple[str, ...] = ()
    timeout_ms: Optional[int] = None
    secured: bool = True
    # Accept header: what the operation can take, e.g. "audio/mpeg" or "*/*"
    accept: str = "application/json"
    # Accept header of a call that asks for an event stream
    stream_accept: str = "text/event-stream"
    # the body is handed to the caller unread (binary and text downloads)
    download: bool = False
    # name of the model (in <pkg>.models) of the response headers the spec declares
    response_headers: Optional[str] = None
    # the alternatives of security schemes it accepts, when not the spec's (see security.py)
    security: Optional[Tuple[Tuple[str, ...], ...]] = None
    # its own server (the path's or operation's `servers`), used unless a call names one
    server: Optional[str] = None
    # the parameters serialized otherwise than their location's default, by (location, name)
    param_styles: Mapping[Tuple[str, str], Style] = field(default_factory=dict)
    # form fields' `encoding` styles, and multipart file parts' types, by wire name
    body_styles: Mapping[str, Style] = field(default_factory=dict)
    part_types: Mapping[str, str] = field(default_factory=dict)
    # the other media types a call may send its body as (`content_type=`)
    content_types: Tuple[str, ...] = ()
    # the header that carries an idempotency key, generated once per call when not given
    idempotency_header: Optional[str] = None
    # the parameters (location, name) that fall back to the client's global values
    globals: Tuple[Tuple[str, str], ...] = ()


@dataclass
class SDKConfiguration:
    """Client-wide settings; `client`/`async_client` are created lazily when None.

    `sleep` / `async_sleep` wait between retries. Tests may replace them on a live
    client (`sdk._client.config.sleep = fake`) to record the waits instead of waiting;
    the retry budget (max_elapsed_time) still counts each wait in full.
    """

    server_url: str
    api_key: Optional[Union[str, Callable[[], str]]] = field(default=None, repr=False)
    auth_header: str = "Authorization"  # or the spec's apiKey header, e.g. "X-API-Key"
    auth_prefix: str = "Bearer "  # "" for apiKey schemes
    user_agent: str = "python-sdk"
    client: Optional[httpx.Client] = None
    async_client: Optional[httpx.AsyncClient] = None
    retry_config: Optional[RetryConfig] = None
    retry_status_codes: Tuple[str, ...] = ()
    timeout_ms: Optional[int] = None
    hooks: Hooks = field(default_factory=Hooks)
    debug_logger: Optional[Logger] = None
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep
    # e.g. "ACME_DEBUG": when it is true, log to logging.getLogger(<pkg>)
    debug_env_var: Optional[str] = None
    # the credentials of every scheme (security.Auth), when `api_key` alone does not serve them
    auth: Optional["Auth"] = field(default=None, repr=False)
    # values of the spec's global parameters (x-speakeasy-globals), by (location, name)
    globals: Mapping[Tuple[str, str], Any] = field(default_factory=dict)


class _Call:
    """Everything one `send` needs after the request has been built."""

    __slots__ = (
        "op",
        "ctx",
        "request",
        "stream",
        "backoff",
        "retry_codes",
        "retry_connection_errors",
        "attempt",
        "started",
        "auth",
    )

    def __init__(
        self,
        op: Operation,
        ctx: HookContext,
        request: httpx.Request,
        stream: bool,
        retry: Optional[RetryConfig],
        codes: Tuple[str, ...],
    ) -> None:
        self.op = op
        self.ctx = ctx
        self.request = request
        self.stream = stream
        self.backoff: Optional[BackoffStrategy] = None
        self.retry_codes = codes
        self.retry_connection_errors = False
        if retry is not None and retry.strategy == "backoff":
            self.backoff = retry.backoff or DEFAULT_BACKOFF
            self.retry_connection_errors = retry.retry_connection_errors
        self.attempt = 0
        self.started = time.monotonic()
        self.auth: Optional[httpx.Auth] = None  # an OAuth2 token flow

    def waited(self, delay: float, slept_from: float) -> None:
        """Count a wait as asked (also when an injected sleep returns at once) and move on."""
        self.started += time.monotonic() - slept_from - delay
        self.attempt += 1


class SDKClient:
    """Sends operations; owns the httpx clients it creates (lazily) and nothing else."""

    def __init__(self, config: SDKConfiguration) -> None:
        self.config = config
        self._logger = resolve_logger(config.debug_logger, config.debug_env_var, _PACKAGE)
        self._lock = threading.Lock()
        self._owned_client: Optional[httpx.Client] = None
        self._owned_async_client: Optional[httpx.AsyncClient] = None

    def http_client(self) -> httpx.Client:
        if self.config.client is None:
            with self._lock:
                if self.config.client is None:
                    self.config.client = self._owned_client = httpx.Client(
                        follow_redirects=True,
                        timeout=_DEFAULT_TIMEOUT,
                        event_hooks=self._event_hooks(False),
                    )
        return self.config.client

    def async_http_client(self) -> httpx.AsyncClient:
        if self.config.async_client is None:
            with self._lock:
                if self.config.async_client is None:
                    self.config.async_client = self._owned_async_client = httpx.AsyncClient(
                        follow_redirects=True,
                        timeout=_DEFAULT_TIMEOUT,
                        event_hooks=self._event_hooks(True),
                    )
        return self.config.async_client

    def send(
        self,
        op: Operation,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        stream: bool = False,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        defer: bool = False,
        cookies: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        content_type: Optional[str] = None,
    ) -> httpx.Response:
        """Send `op` and return its successful response.

        The body is read, unless `stream` (an event stream is expected), `defer` (the
        caller reads it) or the operation is a download.
        """
        client = self.http_client()
        call = self._prepare(
            client,
            op,
            path_params,
            query,
            headers,
            body,
            stream,
            retries,
            server_url,
            timeout_ms,
            http_headers,
            (
                _Extras(cookies, extra_query, extra_body, content_type)
                if cookies or extra_query or extra_body or content_type or op.globals
                else None
            ),
        )
        unread = stream or defer or op.download
        delay: Optional[float]
        while True:  # the decisions are shared with send_async; only the I/O differs
            try:
                request = self._before_request(call)
                if call.auth is None:
                    response = client.send(request, stream=unread)
                else:
                    response = client.send(request, stream=unread, auth=call.auth)
            except httpx.RequestError as exc:
                delay = self._retry_after_error(call, exc)
            else:
                delay = self._retry_delay(call, response, None)
                if delay is None:
                    if unread and _becomes_error(call, response):
                        _read_error_body(response)
                    return self._finish(call, response)
                response.close()
            slept_from = time.monotonic()
            self.config.sleep(delay)
            call.waited(delay, slept_from)

    async def send_async(
        self,
        op: Operation,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        stream: bool = False,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        defer: bool = False,
        cookies: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        content_type: Optional[str] = None,
    ) -> httpx.Response:
        """Async twin of `send`."""
        client = self.async_http_client()
        call = self._prepare(
            client,
            op,
            path_params,
            query,
            headers,
            body,
            stream,
            retries,
            server_url,
            timeout_ms,
            http_headers,
            (
                _Extras(cookies, extra_query, extra_body, content_type)
                if cookies or extra_query or extra_body or content_type or op.globals
                else None
            ),
        )
        unread = stream or defer or op.download
        delay: Optional[float]
        while True:
            try:
                request = self._before_request(call)
                if call.auth is None:
                    response = await client.send(request, stream=unread)
                else:
                    response = await client.send(request, stream=unread, auth=call.auth)
            except httpx.RequestError as exc:
                delay = self._retry_after_error(call, exc)
            else:
                delay = self._retry_delay(call, response, None)
                if delay is None:
                    if unread and _becomes_error(call, response):
                        await _aread_error_body(response)
                    return self._finish(call, response)
                await response.aclose()
            slept_from = time.monotonic()
            await self.config.async_sleep(delay)
            call.waited(delay, slept_from)

    # --- shared by send and send_async ---------------------------------------

    def _prepare(
        self,
        client: Union[httpx.Client, httpx.AsyncClient],
        op: Operation,
        path_params: Optional[Mapping[str, Any]],
        query: Optional[Mapping[str, Any]],
        headers: Optional[Mapping[str, Any]],
        body: Any,
        stream: bool,
        retries: OptionalNullable[RetryConfig],
        server_url: Optional[str],
        timeout_ms: Optional[int],
        http_headers: Optional[Mapping[str, str]],
        extras: Optional["_Extras"] = None,
    ) -> _Call:
        base_url = server_url or op.server or self.config.server_url
        if extras is not None and op.globals:
            path_params, query, headers, extras.cookies = _with_globals(
                op, self.config.globals, path_params, query, headers, extras.cookies
            )
        request_headers = self._headers(op, stream, headers)
        content_type = extras.content_type if extras is not None else None
        extra_body = extras.extra_body if extras is not None else None
        content, data, files = _encode_body(op, content_type, body, request_headers, extra_body)
        url = base_url.rstrip("/") + path(op.path, path_params or {}, op.param_styles)
        if query or (extras is not None and extras.extra_query):
            encoded = query_string(query or {}, op.param_styles)
            if extras is not None and extras.extra_query:
                extra = query_string(extras.extra_query)
                encoded = f"{encoded}&{extra}" if encoded and extra else encoded or extra
            if encoded:  # the path's own query (`/search?v=2`) kept before it
                url += ("&" if "?" in op.path else "?") + encoded
        if extras is not None and extras.cookies:
            cookie = cookie_header(extras.cookies, op.param_styles)
            if cookie:
                request_headers["Cookie"] = cookie
        auth = self.config.auth
        flow = None
        if auth is not None:  # credentials of any scheme; else `api_key` went into the headers
            keys, flow = auth.apply(op, base_url, request_headers, None)
            if keys:  # API keys sent in the query
                url += ("&" if "?" in url else "?") + urlencode(keys)
        if http_headers:
            request_headers.update(http_headers)
        if op.idempotency_header is not None:
            set_idempotency_key(request_headers, op.idempotency_header)
        request = client.build_request(
            op.method,
            url,
            headers=request_headers,
            content=content,
            data=data,
            files=files,
            timeout=self._timeout(op, timeout_ms),
        )
        retry = self.config.retry_config if isinstance(retries, Unset) else retries
        codes = op.retry_status_codes or self.config.retry_status_codes
        call = _Call(op, HookContext(op.operation_id, base_url), request, stream, retry, codes)
        call.auth = flow
        return call

    def _headers(
        self, op: Operation, stream: bool, params: Optional[Mapping[str, Any]]
    ) -> Dict[str, str]:
        headers = {
            "Accept": op.stream_accept if stream else op.accept,
            "User-Agent": self.config.user_agent,
        }
        key = self.config.api_key if op.secured else None
        key = key() if callable(key) else key  # a callable is asked on every call
        if key:
            prefix = self.config.auth_prefix
            has_prefix = key[: len(prefix)].lower() == prefix.lower()
            headers[self.config.auth_header] = key if has_prefix else prefix + key
        styles = op.param_styles
        for name, value in (params or {}).items():
            if isinstance(value, str):
                headers[name] = value
            elif value is not None and value is not UNSET:
                style = styles.get(("header", name)) if styles else None
                headers[name] = header_value(value, style) if style else header_value(value)
        return headers

    def _timeout(self, op: Operation, timeout_ms: Optional[int]) -> Any:
        for ms in (timeout_ms, op.timeout_ms, self.config.timeout_ms):
            if ms is not None:
                return httpx.Timeout(ms / 1000)
        return httpx.USE_CLIENT_DEFAULT

    def _before_request(self, call: _Call) -> httpx.Request:
        request = self.config.hooks.run_before_request(call.ctx, call.request)
        if self._logger is not None:
            auth = self.config.auth
            secret_query = auth.query if auth is not None else ()
            self._logger.debug(format_request(request, self.config.auth_header, secret_query))
        return request

    def _retry_after_error(self, call: _Call, error: httpx.RequestError) -> float:
        """Seconds to wait after a transport error; raises it (typed) when it is final."""
        delay = self._retry_delay(call, None, error)
        if delay is None:
            raise self._transport_error(call, error) from error
        return delay

    def _retry_delay(
        self,
        call: _Call,
        response: Optional[httpx.Response],
        error: Optional[Exception],
    ) -> Optional[float]:
        """Seconds to wait before the next attempt, or None if this outcome is final."""
        if self._logger is not None:
            self._logger.debug(
                format_response(response, self.config.auth.query if self.config.auth else ())
                if response is not None
                else f"Request failed: {error!r}"
            )
        if call.backoff is None:
            return None
        if response is not None:
            if not status_matches(response.status_code, call.retry_codes):
                return None
            retry_after = retry_after_seconds(response.headers)
        elif call.retry_connection_errors and isinstance(error, _RETRYABLE_ERRORS):
            retry_after = None
        else:
            return None
        if not is_safe_to_retry(call.op, call.request, response, error, retry_after):
            return None
        return next_delay(call.backoff, call.attempt, time.monotonic() - call.started, retry_after)

    def _finish(self, call: _Call, response: httpx.Response) -> httpx.Response:
        hooks = self.config.hooks
        if response.status_code < 400:
            response = hooks.run_after_success(call.ctx, response)
            if call.stream and _not_event_stream(response):
                raise ResponseValidationError(
                    "Expected text/event-stream for a streaming call", response
                )
            return response
        hooks.run_after_error(call.ctx, response, None)
        raise _error_type(call.op.error_types, response.status_code).from_response(response)

    def _transport_error(self, call: _Call, error: httpx.RequestError) -> APIConnectionError:
        self.config.hooks.run_after_error(call.ctx, None, error)
        return connection_error(error)

    def _event_hooks(self, is_async: bool) -> Dict[str, List[Any]]:
        """The redirect guard of the credentials this client sends."""
        auth = self.config.auth
        if auth is None:
            return _redirect_guard(self.config.auth_header, is_async)
        from .security import redirect_guard

        return redirect_guard(auth.headers, auth.query, is_async)

    def close(self) -> None:
        client, self._owned_client = self._owned_client, None
        if client is not None:
            if self.config.client is client:
                self.config.client = None
            client.close()

    async def aclose(self) -> None:
        self.close()
        client, self._owned_async_client = self._owned_async_client, None
        if client is not None:
            if self.config.async_client is client:
                self.config.async_client = None
            await client.aclose()


def _redirect_guard(header: str, is_async: bool) -> Dict[str, List[Any]]:
    """Event hooks for a client the SDK creates: keep an API key header on its origin.

    httpx drops `Authorization` on a redirect to another origin, but no header of
    another name; this request hook drops the key header in that case too.
    """
    if header.lower() == "authorization":
        return {}

    def strip(request: httpx.Request) -> None:
        origin = (request.url.scheme, request.url.host, request.url.port)
        # redirected requests inherit the first request's extensions
        if request.extensions.setdefault("sdk_key_origin", origin) != origin:
            request.headers.pop(header, None)

    async def strip_async(request: httpx.Request) -> None:
        strip(request)

    return {"request": [strip_async if is_async else strip]}


class _Extras:
    """What a call adds beyond its path, query, header and body arguments (rare)."""

    __slots__ = ("cookies", "extra_query", "extra_body", "content_type")

    def __init__(
        self,
        cookies: Optional[Mapping[str, Any]],
        extra_query: Optional[Mapping[str, Any]],
        extra_body: Optional[Mapping[str, Any]],
        content_type: Optional[str],
    ) -> None:
        self.cookies = cookies
        self.extra_query = extra_query
        self.extra_body = extra_body
        self.content_type = content_type


def _with_globals(
    op: Operation,
    values: Mapping[Tuple[str, str], Any],
    *given: Optional[Mapping[str, Any]],
) -> Tuple[Optional[Mapping[str, Any]], ...]:
    """The call's path, query, header and cookie values, the client's global value taking
    the place of each global parameter the call left unset."""
    filled = [dict(g) if g else {} for g in given]
    places = ("path", "query", "header", "cookie")
    for location, name in op.globals:
        target = filled[places.index(location)]
        if target.get(name) is None or target.get(name) is UNSET:
            value = values.get((location, name))
            if value is not None:
                target[name] = value
    return tuple(filled)


def _encode_body(
    op: Operation,
    chosen: Optional[str],
    body: Any,
    headers: Dict[str, str],
    extra_body: Optional[Mapping[str, Any]] = None,
) -> Tuple[Any, Optional[Dict[str, List[str]]], Optional[List[Any]]]:
    """(content, data, files) for httpx; sets Content-Type in `headers` when httpx will not."""
    content_type = op.request_content_type
    if chosen is not None and chosen != content_type:
        if chosen not in op.content_types:
            offered = ", ".join((content_type,) + op.content_types) if content_type else "none"
            raise ValueError(f"content_type {chosen!r} is not one this operation takes: {offered}")
        content_type = chosen
    if extra_body:
        content_type = content_type or "application/json"
        body = {} if body is None else body
    if body is None or content_type is None:
        return None, None, None
    if content_type == "application/json" or content_type.endswith("+json"):
        headers["Content-Type"] = content_type
        if extra_body:
            return json_body(_merged(body, extra_body)), None, None
        return json_body(body), None, None
    if content_type == "multipart/form-data":
        fields, files = multipart_body(body, op.part_types)
        if extra_body:
            fields += [(k, header_value(v)) for k, v in extra_body.items() if v is not None]
        data: Dict[str, List[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        if files:  # httpx writes the multipart body and its boundary
            return None, data, list(files)
        boundary = os.urandom(16).hex()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return multipart_without_files(data, boundary), None, None
    if content_type == "application/x-www-form-urlencoded":
        headers["Content-Type"] = content_type
        encoded = form_encoded(body, op.body_styles)
        if extra_body:
            extra = form_encoded(extra_body)
            encoded = encoded + b"&" + extra if encoded and extra else encoded or extra
        return encoded, None, None
    from .files import raw_content  # raw bodies: bytes, str, a file or a path

    headers["Content-Type"] = content_type
    return raw_content(body), None, None


def _merged(body: Any, extra: Mapping[str, Any]) -> Any:
    """A JSON body with the caller's extra fields (those the spec does not declare) added."""
    import json

    data = json.loads(json_body(body))
    if not isinstance(data, dict):
        raise TypeError("extra_body needs a body that is a JSON object")
    data.update(extra)
    return data


def _becomes_error(call: _Call, response: httpx.Response) -> bool:
    """A streamed response that `_finish` turns into an error (which should carry its body)."""
    return response.status_code >= 400 or (call.stream and _not_event_stream(response))


def _not_event_stream(response: httpx.Response) -> bool:
    """A streaming call answered with another type (e.g. JSON); absent is tolerated."""
    content_type = response.headers.get("content-type")
    return content_type is not None and not is_event_stream(response)


def is_event_stream(response: httpx.Response) -> bool:
    """The response is a `text/event-stream`."""
    content_type: str = response.headers.get("content-type", "")
    return content_type[:17].lower() == "text/event-stream"


def _read_error_body(response: httpx.Response) -> None:
    """Read a streamed error response so the raised error carries its body."""
    try:
        response.read()
    except httpx.RequestError:
        pass  # the status alone still makes a useful error
    finally:
        response.close()


async def _aread_error_body(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.RequestError:
        pass
    finally:
        await response.aclose()


def _error_type(error_types: Mapping[str, Type[APIError]], status: int) -> Type[APIError]:
    """Most specific first: "404", then "4XX", then "default", then APIError."""
    return (
        error_types.get(str(status))
        or error_types.get(f"{status // 100}XX")
        or error_types.get("default")
        or APIError
    )


_ADAPTERS: Dict[Any, "pydantic.TypeAdapter[Any]"] = {}


@overload
def unmarshal_json(response: httpx.Response, typ: Type[T]) -> T: ...
@overload
def unmarshal_json(response: httpx.Response, typ: Any) -> Any: ...
def unmarshal_json(response: httpx.Response, typ: Any) -> Any:
    """Validate a JSON response body as `typ` (a model class or any typing form)."""
    import pydantic

    try:
        if isinstance(typ, type) and issubclass(typ, pydantic.BaseModel):
            return typ.model_validate_json(response.content)
        return _adapter(typ).validate_json(response.content)
    except pydantic.ValidationError as exc:
        raise ResponseValidationError("Response validation failed", response, exc) from exc


def unmarshal_response(response: httpx.Response, types: Mapping[str, Any]) -> Any:
    """The body of a response whose type depends on its status, as `types` gives it: by
    status ("201"), then range ("2XX"), then "default"; None for a bodiless status."""
    status = str(response.status_code)
    for key in (status, status[0] + "XX", "default"):
        if key in types:
            typ = types[key]
            return None if typ is None else unmarshal_json(response, typ)
    raise ResponseValidationError(f"Undeclared response status {status}", response)


def json_decoder(typ: Any) -> Callable[[str], Any]:
    """Decoder for event data of any typing form (model classes use `model_validate_json`)."""
    return _adapter(typ).validate_json


def _adapter(typ: Any) -> "pydantic.TypeAdapter[Any]":
    import pydantic

    try:
        return _ADAPTERS[typ]
    except KeyError:
        adapter = _ADAPTERS[typ] = pydantic.TypeAdapter(typ)
        return adapter
    except TypeError:  # unhashable typing form: build an adapter every time
        return pydantic.TypeAdapter(typ)


class _RawAccess:
    _client: SDKClient

    @property
    def with_raw_response(self) -> "RawResponses":
        """The same methods, returning the raw response (status, headers, request id,
        `parse()`) with its body read."""
        from .response import RawResponses

        return RawResponses(self, defer=False)

    @property
    def with_streaming_response(self) -> "RawResponses":
        """The same methods, returning the raw response before its body is read (use it in
        a `with` block, or close it)."""
        from .response import RawResponses

        return RawResponses(self, defer=True)


class BaseSDK(_RawAccess):
    """Base of the generated SDK class. Use it as a (async) context manager or call close()."""

    def __init__(self, config: SDKConfiguration) -> None:
        self._client = SDKClient(config)
        if config.hooks.sdk_init:
            config.server_url, config.client = config.hooks.run_sdk_init(
                config.server_url, self._client.http_client()
            )

    def close(self) -> None:
        """Close the sync client this SDK created (never an injected one)."""
        self._client.close()

    async def aclose(self) -> None:
        """Close both clients this SDK created (never injected ones)."""
        await self._client.aclose()

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(server_url={self._client.config.server_url!r})"


class BaseResource(_RawAccess):
    """Base of generated resource groups (e.g. `sdk.images.generations`)."""

    def __init__(self, client: SDKClient) -> None:
        self._client = client

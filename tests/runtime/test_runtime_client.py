import asyncio
import io
import json
import logging
from typing import Any, AsyncIterator, ClassVar, Iterator, List, Optional, Union

import httpx
import pytest
from pydantic import Field
from typing_extensions import Annotated, Literal

from rtpkg.utils import (
    UNSET,
    APIConnectionError,
    APIError,
    APITimeoutError,
    BaseModel,
    BaseResource,
    BaseSDK,
    EventStream,
    File,
    HookContext,
    Hooks,
    Operation,
    OptionalNullable,
    ResponseValidationError,
    SDKClient,
    SDKConfiguration,
    unmarshal_json,
)

from runtime_helpers import Recorder, json_response, make_client

GET = Operation(operation_id="getItem", method="GET", path="/items/{id}")
CREATE = Operation(
    operation_id="createItem",
    method="POST",
    path="/items",
    request_content_type="application/json",
)
OK = json_response(200, {"id": "1", "name": "x"})


class Item(BaseModel):
    id: str
    name: str


class ItemBody(BaseModel):
    name: str
    n: OptionalNullable[int] = UNSET
    note: Optional[str] = None


class NotFoundData(BaseModel):
    code: str


class NotFoundError(APIError):
    data_type: ClassVar[Any] = NotFoundData


class ClientError(APIError):
    pass


class DefaultError(APIError):
    pass


ERRORS = Operation(
    "getItem",
    "GET",
    "/items/{id}",
    error_types={"404": NotFoundError, "4XX": ClientError},
)


# --- request building ---------------------------------------------------------


def test_request_line_headers_and_json_body() -> None:
    rec = Recorder(OK)
    client = make_client(rec)
    client.send(
        CREATE,
        body=ItemBody(name="a", n=None),
        query={"dry_run": True, "tag": ["x", "y"], "skip": None},
    )
    request = rec.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "https://api.example.com/items?dry_run=true&tag=x&tag=y"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == "rtpkg/1.0"
    assert json.loads(request.content) == {"name": "a", "n": None}


def test_path_params_header_params_and_server_override() -> None:
    rec = Recorder(OK)
    make_client(rec).send(
        GET,
        path_params={"id": "a/b"},
        headers={"X-Flag": True, "X-List": [1, 2], "X-None": None},
        server_url="https://eu.example.com/base/",
    )
    request = rec.requests[0]
    assert request.url.raw_path == b"/base/items/a%2Fb"
    assert request.url.host == "eu.example.com"
    assert request.headers["x-flag"] == "true" and request.headers["x-list"] == "1,2"
    assert "x-none" not in request.headers


@pytest.mark.parametrize("query, expected", [(None, "beta=true"), ({"skip": None}, "beta=true"), ({"limit": 2}, "beta=true&limit=2")])
def test_a_query_in_the_path_template_is_kept(query: Any, expected: str) -> None:
    """Specs tell operations of one path apart by a fixed query (`/items/{id}?beta=true`):
    it is sent with the call's own query parameters, or when the call gives none."""
    rec = Recorder(OK)
    make_client(rec).send(Operation("getBeta", "GET", "/items/{id}?beta=true"), path_params={"id": "a"}, query=query)
    assert rec.requests[0].url.raw_path == b"/items/a?" + expected.encode()


def test_operation_accept_and_json_suffix_types() -> None:
    rec = Recorder(OK)
    op = Operation(
        "patch",
        "PATCH",
        "/items/1",
        request_content_type="application/merge-patch+json",
        accept="audio/mpeg",
    )
    make_client(rec).send(op, body={"name": None})
    assert rec.requests[0].headers["accept"] == "audio/mpeg"
    assert rec.requests[0].headers["content-type"] == "application/merge-patch+json"
    assert rec.requests[0].content == b'{"name":null}'


def test_http_headers_override_everything() -> None:
    rec = Recorder(OK)
    make_client(rec).send(
        GET, path_params={"id": 1}, http_headers={"User-Agent": "mine", "X-Trace": "t"}
    )
    assert rec.requests[0].headers["user-agent"] == "mine"
    assert rec.requests[0].headers["x-trace"] == "t"


def test_multipart_request_with_file_object_and_without_files() -> None:
    class Upload(BaseModel):
        file: Optional[File] = None
        purpose: str
        tags: List[str] = Field(default_factory=list)

    op = Operation(
        "upload", "POST", "/files", request_content_type="multipart/form-data"
    )
    rec = Recorder(OK)
    client = make_client(rec)
    client.send(
        op,
        body=Upload(
            file=File(
                file_name="a.jsonl",
                content=io.BytesIO(b"{}\n"),
                content_type="application/jsonl",
            ),
            purpose="batch",
            tags=["a", "b"],
        ),
    )
    sent = rec.requests[0]
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert (
        b'name="file"; filename="a.jsonl"' in sent.content and b"{}\n" in sent.content
    )
    assert b"Content-Type: application/jsonl" in sent.content
    assert sent.content.count(b'name="tags[]"') == 2

    client.send(op, body=Upload(purpose="only text"))
    sent = rec.requests[1]
    boundary = sent.headers["content-type"].split("boundary=")[1]
    assert sent.content == (
        f'--{boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nonly text\r\n--{boundary}--\r\n'.encode()
    )


def test_form_urlencoded_body() -> None:
    op = Operation(
        "token",
        "POST",
        "/token",
        request_content_type="application/x-www-form-urlencoded",
    )
    rec = Recorder(OK)
    make_client(rec).send(op, body=ItemBody(name="a b", n=2))
    assert (
        rec.requests[0].headers["content-type"] == "application/x-www-form-urlencoded"
    )
    assert rec.requests[0].content == b"name=a+b&n=2"


def test_timeouts_per_call_then_operation_then_client() -> None:
    rec = Recorder(OK)
    client = make_client(rec, timeout_ms=3000)
    op = Operation("getItem", "GET", "/items/1", timeout_ms=2000)
    client.send(op, timeout_ms=1000)
    client.send(op)
    client.send(Operation("getItem", "GET", "/items/1"))
    reads = [r.extensions["timeout"]["read"] for r in rec.requests]
    assert reads == [1.0, 2.0, 3.0]


# --- auth ---------------------------------------------------------------------


@pytest.mark.parametrize("key", ["sk-1", "Bearer sk-1", "bearer sk-1"])
def test_bearer_prefix_added_once(key: str) -> None:
    rec = Recorder(OK)
    make_client(rec, api_key=key).send(GET, path_params={"id": 1})
    assert rec.requests[0].headers["authorization"].lower() == "bearer sk-1"


def test_callable_key_is_evaluated_per_request() -> None:
    keys = iter(["k1", "k2"])
    rec = Recorder(OK)
    client = make_client(rec, api_key=lambda: next(keys))
    client.send(GET, path_params={"id": 1})
    client.send(GET, path_params={"id": 1})
    assert [r.headers["authorization"] for r in rec.requests] == [
        "Bearer k1",
        "Bearer k2",
    ]


def test_unsecured_operation_and_missing_key_send_no_auth() -> None:
    rec = Recorder(OK)
    make_client(rec).send(Operation("health", "GET", "/health", secured=False))
    make_client(rec, api_key=None).send(GET, path_params={"id": 1})
    assert all("authorization" not in r.headers for r in rec.requests)


# --- responses and errors -----------------------------------------------------


def test_success_is_read_and_unmarshalled() -> None:
    rec = Recorder(OK)
    response = make_client(rec).send(GET, path_params={"id": 1})
    assert response.is_closed  # fully read
    item = unmarshal_json(response, Item)
    assert isinstance(item, Item) and item.name == "x"


def test_unmarshal_typing_forms_and_adapter_cache() -> None:
    class Cat(BaseModel):
        kind: Literal["cat"]

    class Dog(BaseModel):
        kind: Literal["dog"]

    Pet = Annotated[Union[Cat, Dog], Field(discriminator="kind")]
    pets = unmarshal_json(
        httpx.Response(200, json=[{"kind": "dog"}, {"kind": "cat"}]), List[Pet]
    )
    assert [type(p) for p in pets] == [Dog, Cat]
    assert unmarshal_json(httpx.Response(200, json=[1, 2]), List[int]) == [1, 2]
    from rtpkg.utils import client as client_module

    assert List[int] in client_module._ADAPTERS


def test_response_validation_error_keeps_body_and_cause() -> None:
    response = httpx.Response(200, json={"id": 1})
    with pytest.raises(ResponseValidationError) as caught:
        unmarshal_json(response, Item)
    err = caught.value
    assert err.body == '{"id":1}' and err.status_code == 200
    assert "name" in str(err.cause) and err.raw_response is response
    assert isinstance(err, APIError)


def test_error_mapping_specific_pattern_and_default() -> None:
    rec = Recorder(
        json_response(404, {"code": "missing"}),
        json_response(409, {}),
        json_response(500, {"e": 1}),
    )
    client = make_client(rec)
    with pytest.raises(NotFoundError) as not_found:
        client.send(ERRORS, path_params={"id": 1})
    assert (
        isinstance(not_found.value.data, NotFoundData)
        and not_found.value.data.code == "missing"
    )
    with pytest.raises(ClientError):
        client.send(ERRORS, path_params={"id": 1})
    with pytest.raises(APIError) as server:
        client.send(ERRORS, path_params={"id": 1})
    assert type(server.value) is APIError and server.value.body == '{"e":1}'

    rec = Recorder(json_response(502, {}))
    with pytest.raises(DefaultError):
        make_client(rec).send(
            Operation(
                "x",
                "GET",
                "/x",
                error_types={"4XX": ClientError, "default": DefaultError},
            )
        )


def test_error_data_parse_failure_is_ignored() -> None:
    rec = Recorder(httpx.Response(404, text="<html>gone</html>"))
    with pytest.raises(NotFoundError) as caught:
        make_client(rec).send(ERRORS, path_params={"id": 1})
    assert caught.value.data is None and caught.value.body == "<html>gone</html>"


def test_error_str_is_readable_and_truncated() -> None:
    err = APIError(
        "Bad things",
        httpx.Response(400, text="x" * 600, headers={"content-type": "text/plain"}),
    )
    text = str(err)
    assert text.startswith("Bad things: Status 400")
    assert "x" * 500 + "..." in text and "x" * 501 not in text


def test_error_on_streaming_call_raises_before_iteration_with_body() -> None:
    rec = Recorder(
        lambda request: httpx.Response(
            429, stream=httpx.ByteStream(b'{"error": "rate"}')
        )
    )
    with pytest.raises(APIError) as caught:
        make_client(rec).send(GET, path_params={"id": 1}, stream=True)
    assert caught.value.body == '{"error": "rate"}'
    assert caught.value.raw_response.is_closed


def test_async_error_on_streaming_call_raises_with_body() -> None:
    class Body(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield b'{"error": "rate"}'

    rec = Recorder(lambda request: httpx.Response(429, stream=Body()))
    with pytest.raises(APIError) as caught:
        asyncio.run(
            make_client(rec).send_async(GET, path_params={"id": 1}, stream=True)
        )
    assert caught.value.body == '{"error": "rate"}'
    assert caught.value.raw_response.is_closed


def test_error_body_read_failure_still_raises_api_error() -> None:
    class Broken(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield b"partial"
            raise httpx.ReadError("reset")

    rec = Recorder(lambda request: httpx.Response(500, stream=Broken()))
    with pytest.raises(APIError) as caught:
        make_client(rec).send(GET, path_params={"id": 1}, stream=True)
    assert caught.value.status_code == 500 and caught.value.body == ""


def test_streaming_success_is_not_read_and_feeds_event_stream() -> None:
    rec = Recorder(
        lambda request: httpx.Response(
            200,
            stream=httpx.ByteStream(b'data: {"id":"1","name":"a"}\n\ndata: [DONE]\n\n'),
        )
    )
    response = make_client(rec).send(GET, path_params={"id": 1}, stream=True)
    assert rec.requests[0].headers["accept"] == "text/event-stream"
    assert not response.is_stream_consumed
    with EventStream(response, Item.model_validate_json, "[DONE]") as events:
        assert [e.name for e in events] == ["a"]
    assert response.is_closed


def test_streaming_call_answered_with_another_type_raises_with_body() -> None:
    rec = Recorder(lambda request: httpx.Response(200, json={"id": "1", "name": "a"}))
    with pytest.raises(ResponseValidationError) as caught:
        make_client(rec).send(GET, path_params={"id": 1}, stream=True)
    assert caught.value.body == '{"id":"1","name":"a"}'
    assert "text/event-stream" in str(caught.value)
    assert caught.value.raw_response.is_closed
    with pytest.raises(ResponseValidationError):
        asyncio.run(
            make_client(rec).send_async(GET, path_params={"id": 1}, stream=True)
        )


def test_transport_errors_are_wrapped() -> None:
    with pytest.raises(APITimeoutError) as timeout:
        make_client(Recorder(httpx.ReadTimeout("too slow"))).send(
            GET, path_params={"id": 1}
        )
    assert isinstance(timeout.value, APIConnectionError)
    assert isinstance(timeout.value.__cause__, httpx.ReadTimeout)
    with pytest.raises(APIConnectionError) as conn:
        make_client(Recorder(httpx.ConnectError("refused"))).send(
            GET, path_params={"id": 1}
        )
    assert not isinstance(conn.value, APITimeoutError) and "refused" in str(conn.value)


def test_async_send_matches_sync() -> None:
    rec = Recorder(OK, json_response(404, {"code": "c"}))
    client = make_client(rec)
    response = asyncio.run(client.send_async(CREATE, body=ItemBody(name="a")))
    assert unmarshal_json(response, Item).id == "1"
    assert json.loads(rec.requests[0].content) == {"name": "a"}
    assert rec.requests[0].headers["authorization"] == "Bearer sk-test"
    with pytest.raises(NotFoundError):
        asyncio.run(client.send_async(ERRORS, path_params={"id": 1}))


# --- hooks --------------------------------------------------------------------


def test_hooks_order_and_arguments() -> None:
    calls: List[str] = []
    hooks = Hooks()

    def before(ctx: HookContext, request: httpx.Request) -> httpx.Request:
        calls.append(f"before:{ctx.operation_id}:{ctx.base_url}")
        request.headers["X-Hooked"] = "1"
        return request

    def success(ctx: HookContext, response: httpx.Response) -> httpx.Response:
        calls.append(f"success:{response.status_code}")
        return response

    def error(
        ctx: HookContext, response: Optional[httpx.Response], exc: Optional[Exception]
    ) -> None:
        calls.append(
            f"error:{response.status_code if response else type(exc).__name__}"
        )

    hooks.register_before_request_hook(before)
    hooks.register_before_request_hook(lambda ctx, request: calls.append("before2") or request)  # type: ignore[func-returns-value]
    hooks.register_after_success_hook(success)
    hooks.register_after_error_hook(error)
    from rtpkg.utils import BackoffStrategy, RetryConfig

    retry = RetryConfig("backoff", BackoffStrategy(1, 1, 1.0, 10_000), True)
    op = Operation("getItem", "GET", "/items/1", retry_status_codes=("503",))
    rec = Recorder(
        json_response(503, {}), OK, json_response(400, {}), httpx.ConnectError("x")
    )
    client = make_client(rec, hooks=hooks)
    client.send(op, retries=retry)
    assert rec.requests[0].headers["x-hooked"] == "1"
    with pytest.raises(APIError):
        client.send(op)
    with pytest.raises(APIConnectionError):
        client.send(op)
    base = "https://api.example.com"
    assert calls == [
        f"before:getItem:{base}",
        "before2",
        f"before:getItem:{base}",
        "before2",
        "success:200",
        f"before:getItem:{base}",
        "before2",
        "error:400",
        f"before:getItem:{base}",
        "before2",
        "error:ConnectError",
    ]


def test_sdk_init_hook_can_replace_url_and_client() -> None:
    rec = Recorder(OK)
    replacement = httpx.Client(transport=httpx.MockTransport(rec))
    seen: List[httpx.Client] = []
    hooks = Hooks()

    def init(base_url: str, client: httpx.Client) -> Any:
        seen.append(client)
        return base_url + "/v2", replacement

    hooks.register_sdk_init_hook(init)
    sdk = BaseSDK(SDKConfiguration(server_url="https://api.example.com", hooks=hooks))
    sdk._client.send(GET, path_params={"id": 1})
    assert str(rec.requests[0].url) == "https://api.example.com/v2/items/1"
    sdk.close()
    assert seen[0].is_closed  # the client the SDK made for the hook is its own
    assert not replacement.is_closed
    assert sdk._client.http_client() is replacement


# --- client ownership, repr, logging ------------------------------------------


def test_owned_clients_are_lazy_and_closed() -> None:
    config = SDKConfiguration(server_url="https://api.example.com", api_key="sk-secret")
    sdk = BaseSDK(config)
    assert config.client is None and config.async_client is None
    sync_client = sdk._client.http_client()
    assert config.async_client is None
    with sdk:
        pass
    assert sync_client.is_closed and config.client is None

    async def use_async() -> httpx.AsyncClient:
        async with BaseSDK(config) as async_sdk:
            created = async_sdk._client.async_http_client()
        return created

    assert asyncio.run(use_async()).is_closed


def test_injected_clients_are_never_closed() -> None:
    client, async_client = httpx.Client(), httpx.AsyncClient()
    sdk = BaseSDK(
        SDKConfiguration(
            server_url="https://x", client=client, async_client=async_client
        )
    )
    sdk.close()
    asyncio.run(sdk.aclose())
    assert not client.is_closed and not async_client.is_closed
    assert sdk._client.http_client() is client


def test_repr_never_shows_the_key() -> None:
    config = SDKConfiguration(server_url="https://x", api_key="sk-secret")
    sdk = BaseSDK(config)
    assert "sk-secret" not in repr(sdk) and "sk-secret" not in repr(config)
    assert "https://x" in repr(sdk)


def test_resource_holds_the_client() -> None:
    client = SDKClient(SDKConfiguration(server_url="https://x"))
    assert BaseResource(client)._client is client


class ListLogger:
    def __init__(self) -> None:
        self.lines: List[str] = []

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self.lines.append(msg % args if args else msg)


def test_debug_logging_redacts_credentials() -> None:
    logger = ListLogger()
    rec = Recorder(json_response(200, {"ok": 1}, {"set-cookie": "session=s3cr3t"}))
    make_client(rec, api_key="sk-secret", debug_logger=logger).send(
        CREATE,
        body=ItemBody(name="logged"),
        http_headers={"X-Api-Key": "sk-other", "Cookie": "c=1"},
    )
    text = "\n".join(logger.lines)
    assert (
        "POST https://api.example.com/items" in text
        and "logged" in text
        and "200" in text
    )
    assert "[REDACTED]" in text
    for secret in ("sk-secret", "sk-other", "c=1", "s3cr3t"):
        assert secret not in text


def test_debug_logging_redacts_the_configured_key_header() -> None:
    logger = ListLogger()
    rec = Recorder(OK)
    client = make_client(
        rec, api_key="sk-secret", auth_header="X-Shop-Key", auth_prefix="", debug_logger=logger
    )
    client.send(GET, path_params={"id": 1})
    assert rec.requests[0].headers["x-shop-key"] == "sk-secret"
    assert "x-shop-key: [REDACTED]" in "\n".join(logger.lines)
    assert "sk-secret" not in "\n".join(logger.lines)


def test_redirect_guard_drops_a_key_header_off_its_origin() -> None:
    from rtpkg.utils.client import _redirect_guard

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/start":
            return httpx.Response(307, headers={"location": str(request.url.copy_with(path="/next"))})
        if request.url.path == "/next" and request.url.host == "api.example.com":
            return httpx.Response(307, headers={"location": "https://elsewhere.example.com/end"})
        return httpx.Response(200)

    sent: List[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or handler(request))  # type: ignore[func-returns-value]
    client = httpx.Client(transport=transport, follow_redirects=True, event_hooks=_redirect_guard("X-Key", False))
    client.get("https://api.example.com/start", headers={"X-Key": "k"})
    assert [(r.url.host, r.headers.get("x-key")) for r in sent] == [
        ("api.example.com", "k"),
        ("api.example.com", "k"),  # same origin: kept
        ("elsewhere.example.com", None),
    ]
    assert _redirect_guard("Authorization", False) == {}  # httpx does it already


def test_env_var_enables_std_logging(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rec = Recorder(OK)
    monkeypatch.delenv("RTPKG_DEBUG", raising=False)
    with caplog.at_level(logging.DEBUG, logger="rtpkg"):
        make_client(rec, debug_env_var="RTPKG_DEBUG").send(GET, path_params={"id": 1})
        assert not caplog.records
        monkeypatch.setenv("RTPKG_DEBUG", "true")
        make_client(rec, debug_env_var="RTPKG_DEBUG").send(GET, path_params={"id": 1})
    assert caplog.records and all(r.name == "rtpkg" for r in caplog.records)
    assert "sk-test" not in caplog.text and "[REDACTED]" in caplog.text

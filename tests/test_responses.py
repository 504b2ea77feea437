"""The response side of HTTP, through an SDK generated from tests/specs/responses.yaml.

Several 2xx statuses, bodiless answers, `default`, binary and text downloads, a JSON
string that is really a file, an event stream beside a download, declared headers, raw
and streaming access, error messages and argument errors - sync and async, over
`httpx.MockTransport`.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator, List

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).resolve().parent / "specs" / "responses.yaml"
TODO = {"id": "t1", "title": "Write tests"}


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("depot")
    config = out.parent / "depot.yaml"
    config.write_text("package: depot_sdk\ndistribution: depot-sdk\nsdk_class: Depot\nenv_prefix: DEPOT\nversion: 1.0.0\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT)
    sys.path.insert(0, str(out / "src"))
    try:
        for submodule in ("errors", "models", "utils"):  # reached as attributes of the package below
            importlib.import_module(f"depot_sdk.{submodule}")
        yield importlib.import_module("depot_sdk")
    finally:
        sys.path.remove(str(out / "src"))


class Server:
    """Answers with `answer(request)` and keeps every request and response it made."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: List[httpx.Request] = []
        self.responses: List[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = self.answer(request)
        self.responses.append(response)
        return response

    def client(self, depot: Any) -> Any:
        transport = httpx.MockTransport(self)
        return depot.Depot(api_key="k", client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), retry_config=None)

    @property
    def accept(self) -> str:
        return str(self.requests[-1].headers["accept"])


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives in chunks, as from a socket (bytes content would be read at once)."""

    def __init__(self, data: bytes, chunk: int = 1024) -> None:
        self.chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def answer(status: int, body: Any = None, content_type: str = "application/json", **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    def respond(_: httpx.Request) -> httpx.Response:
        extra = {k.replace("_", "-"): v for k, v in headers.items()}
        if body is None:
            return httpx.Response(status, headers=extra)
        content = json.dumps(body).encode() if content_type == "application/json" else body
        return httpx.Response(status, headers={"content-type": content_type, **extra}, stream=Body(content))

    return respond


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# --- several statuses, bodiless answers, default ------------------------------------------


def test_each_declared_status_gives_its_own_result(depot: Any) -> None:
    created = Server(answer(201, TODO, Location="/todos/t1"))
    todo = created.client(depot).todos.create(title="Write tests")
    assert isinstance(todo, depot.models.Todo) and todo.id == "t1"
    assert created.accept == "application/json"

    existing = Server(answer(204))
    assert existing.client(depot).todos.create(title="Write tests") is None
    assert run(existing.client(depot).todos.create_async(title="Write tests")) is None

    ready = Server(answer(200, {"id": "r1", "rows": 3}))
    pending = Server(answer(202, {"id": "r1", "eta_seconds": 30}))
    assert isinstance(ready.client(depot).reports.retrieve(report_id="r1"), depot.models.Report)
    report = run(pending.client(depot).reports.retrieve_async(report_id="r1"))
    assert isinstance(report, depot.models.Pending) and report.eta_seconds == 30


def test_an_undeclared_status_is_a_validation_error_with_the_body(depot: Any) -> None:
    server = Server(answer(203, {"id": "r1"}))
    with pytest.raises(depot.errors.ResponseValidationError) as raised:
        server.client(depot).reports.retrieve(report_id="r1")
    assert "203" in raised.value.message and raised.value.body == '{"id": "r1"}'


def test_a_bodiless_operation_accepts_anything_and_returns_none(depot: Any) -> None:
    server = Server(answer(204))
    client = server.client(depot)
    assert client.todos.delete(todo_id="t1") is None
    assert server.accept == "*/*"
    assert run(client.todos.delete_async(todo_id="t1")) is None


def test_default_describes_the_success_when_no_2xx_is_declared(depot: Any) -> None:
    server = Server(answer(200, {"ok": True}))
    assert server.client(depot).ping.list().ok is True
    assert "authorization" not in server.requests[0].headers  # security: [] on this operation


# --- downloads ---------------------------------------------------------------------------


def test_binary_answer_streams_and_closes_its_connection(depot: Any, tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100
    server = Server(answer(200, png, "image/png"))
    client = server.client(depot)
    download = client.todos.attachment(todo_id="t1")
    assert isinstance(download, depot.utils.BinaryResponse)
    assert server.accept == "application/octet-stream;q=1, image/png;q=0"
    assert not download.http_response.is_stream_consumed  # nothing read before it is asked
    assert download.content_type == "image/png" and download.status_code == 200
    assert b"".join(download.iter_bytes(1000)) == png
    assert download.is_closed

    assert client.todos.attachment(todo_id="t1").read() == png
    target = tmp_path / "a.png"
    assert client.todos.attachment(todo_id="t1").write_to_file(target) == len(png)
    assert target.read_bytes() == png
    with client.todos.attachment(todo_id="t1") as unread:
        pass
    assert unread.is_closed  # left unread: the with block still returns the connection


def test_binary_answer_async_twins(depot: Any, tmp_path: Path) -> None:
    data = b"\x00\x01binary" * 5000
    client = Server(answer(200, data, "application/octet-stream")).client(depot)

    async def go() -> None:
        download = await client.todos.attachment_async(todo_id="t1")
        assert isinstance(download, depot.utils.AsyncBinaryResponse)
        chunks = [chunk async for chunk in download.iter_bytes(4096)]
        assert b"".join(chunks) == data and download.is_closed
        assert await (await client.todos.attachment_async(todo_id="t1")).read() == data
        written = await (await client.todos.attachment_async(todo_id="t1")).write_to_file(tmp_path / "b.bin")
        assert written == len(data) and (tmp_path / "b.bin").read_bytes() == data
        async with await client.todos.attachment_async(todo_id="t1") as unread:
            pass
        assert unread.is_closed

    run(go())


def test_text_answer_is_a_stream_of_text(depot: Any) -> None:
    notes = "première ligne\nsecond line\n"
    server = Server(answer(200, notes.encode(), "text/plain; charset=utf-8"))
    client = server.client(depot)
    assert "".join(client.todos.notes(todo_id="t1").iter_text()) == notes
    assert server.accept == "text/plain"
    assert list(client.todos.notes(todo_id="t1").iter_lines()) == ["première ligne", "second line"]
    assert run(_text(client.todos.notes_async(todo_id="t1"))) == notes


async def _text(call: Any) -> str:
    response = await call
    return str(await response.text())


def test_a_json_string_download_passes_the_bytes_through(depot: Any) -> None:
    """Specs declare file content as a JSON string (OpenAI's downloadFile); servers send bytes."""
    raw = b"%PDF-1.7 \xff\xfe binary"
    client = Server(answer(200, raw, "application/pdf")).client(depot)
    assert client.files.content(file_id="f1").read() == raw


def test_memory_stays_flat_while_a_large_body_streams_to_a_file(depot: Any, tmp_path: Path) -> None:
    size, chunk = 64 * 1024 * 1024, b"x" * 65536

    def chunks() -> Iterator[bytes]:
        for _ in range(size // len(chunk)):
            yield chunk

    server = Server(lambda _: httpx.Response(200, headers={"content-type": "application/octet-stream"}, content=chunks()))
    client = server.client(depot)
    tracemalloc.start()
    try:
        written = client.todos.attachment(todo_id="t1").write_to_file(tmp_path / "big.bin")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == size == (tmp_path / "big.bin").stat().st_size
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes while streaming {size}"


def test_an_event_stream_beside_a_download_follows_the_answer(depot: Any) -> None:
    """createSpeech: audio bytes (whatever audio type the server picks), or events."""
    audio = b"ID3\x03\x00mpeg frames"
    server = Server(answer(200, audio, "audio/mpeg"))
    client = server.client(depot)
    result = client.speech.create(input="hi")
    assert isinstance(result, depot.utils.BinaryResponse) and result.read() == audio
    assert server.accept == "application/octet-stream;q=1, text/event-stream;q=0"

    events = b'data: {"type": "speech.audio.delta", "audio": "AAA"}\n\ndata: {"type": "speech.audio.done"}\n\n'
    client = Server(answer(200, events, "text/event-stream")).client(depot)
    with client.speech.create(input="hi", stream_format="sse") as stream:
        assert isinstance(stream, depot.utils.EventStream)
        assert [event.type for event in stream] == ["speech.audio.delta", "speech.audio.done"]


# --- raw access -----------------------------------------------------------------------------


def test_with_raw_response_gives_status_headers_request_id_and_parse(depot: Any) -> None:
    server = Server(answer(201, TODO, Location="/todos/t1", X_RateLimit_Remaining="9", X_Request_Id="req-7"))
    client = server.client(depot)
    raw = client.todos.with_raw_response.create(title="Write tests")
    assert (raw.status_code, raw.headers["location"], raw.request_id) == (201, "/todos/t1", "req-7")
    assert raw.http_response.is_stream_consumed  # with_raw_response reads the body
    todo = raw.parse()
    assert isinstance(todo, depot.models.Todo) and todo.title == "Write tests"
    assert raw.parse() is todo  # validated once
    assert len(server.requests) == 1  # parse() never sends again
    declared = raw.declared_headers  # the headers the spec declares, typed
    assert isinstance(declared, depot.models.CreateTodoResponseHeaders)
    assert (declared.location, declared.x_ratelimit_remaining) == ("/todos/t1", 9)

    bodiless = Server(answer(204)).client(depot).todos.with_raw_response.create(title="x")
    assert bodiless.status_code == 204 and bodiless.parse() is None


def test_with_raw_response_async_and_nested_resources(depot: Any) -> None:
    server = Server(answer(202, {"id": "r1", "eta_seconds": 5}, X_Request_Id="req-8"))
    client = server.client(depot)

    async def go() -> None:
        raw = await client.reports.with_raw_response.retrieve_async(report_id="r1")
        assert raw.status_code == 202 and raw.request_id == "req-8"
        assert raw.declared_headers is None  # getReport declares none
        assert (await raw.parse()).eta_seconds == 5
        nested = await client.with_raw_response.todos.attachment_async(todo_id="t1")
        assert nested.status_code == 202

    run(go())


def test_with_streaming_response_leaves_the_body_unread(depot: Any) -> None:
    server = Server(answer(200, TODO))
    client = server.client(depot)
    with client.todos.with_streaming_response.retrieve(todo_id="t1") as raw:
        assert raw.status_code == 200
        assert not raw.http_response.is_stream_consumed  # headers only, so far
        assert raw.parse().id == "t1"
    assert raw.is_closed

    async def go() -> None:
        async with client.todos.with_streaming_response.retrieve_async(todo_id="t1") as raw:
            assert not raw.http_response.is_stream_consumed
            assert (await raw.parse()).id == "t1"
        assert raw.is_closed

    run(go())


def test_with_streaming_response_of_a_download(depot: Any) -> None:
    data = b"bytes" * 1000
    client = Server(answer(200, data, "application/octet-stream", X_Request_Id="req-9")).client(depot)
    with client.todos.with_streaming_response.attachment(todo_id="t1") as raw:
        assert raw.request_id == "req-9"
        assert b"".join(raw.iter_bytes()) == data


def test_errors_still_raise_through_raw_access(depot: Any) -> None:
    client = Server(answer(404, {"message": "No such todo"}, X_Request_Id="req-404")).client(depot)
    with pytest.raises(depot.errors.NotFoundError) as raised:
        client.todos.with_raw_response.retrieve(todo_id="nope")
    assert raised.value.message == "No such todo" and raised.value.request_id == "req-404"


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_error_message_and_request_id_come_from_the_answer(depot: Any, is_async: bool) -> None:
    client = Server(answer(404, {"message": "No such todo", "code": "missing"}, X_Request_Id="req-1")).client(depot)
    with pytest.raises(depot.errors.NotFoundError) as raised:
        if is_async:
            run(client.todos.retrieve_async(todo_id="t9"))
        else:
            client.todos.retrieve(todo_id="t9")
    error = raised.value
    assert error.message == "No such todo" and error.request_id == "req-1"
    assert error.data.code == "missing"
    assert "No such todo" in str(error) and "req-1" in str(error)


def test_nested_error_messages_and_bodies_without_one(depot: Any) -> None:
    nested = Server(answer(400, {"error": {"message": "title too long", "type": "invalid"}})).client(depot)
    with pytest.raises(depot.errors.APIError) as raised:
        nested.todos.create(title="x")
    assert raised.value.message == "title too long"
    plain = Server(answer(400, b"<html>bad</html>", "text/html")).client(depot)
    with pytest.raises(depot.errors.APIError) as raised:
        plain.todos.create(title="x")
    assert raised.value.message == "API error occurred" and raised.value.request_id is None


def test_invalid_arguments_raise_the_sdks_own_error_naming_the_field(depot: Any) -> None:
    import pydantic

    server = Server(answer(201, TODO))
    with pytest.raises(depot.errors.SDKValidationError) as raised:
        server.client(depot).todos.create(title=["not", "a", "string"])
    assert raised.value.field == "title" and "'title'" in str(raised.value)
    assert not isinstance(raised.value, pydantic.ValidationError)
    with pytest.raises(depot.errors.SDKValidationError):
        server.client(depot).speech.create(input="hi", stream_format="video")
    assert server.requests == []


# --- against Prism, where it serves the media type -----------------------------------------


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from contract.prism import mock_server

    with mock_server(SPEC, tmp_path_factory.mktemp("prism")) as url:
        yield url


def prism_client(depot: Any, url: str, seen: List[httpx.Response]) -> Any:
    def keep(response: httpx.Response) -> None:
        seen.append(response)

    async def keep_async(response: httpx.Response) -> None:
        seen.append(response)

    return depot.Depot(
        api_key="k",
        server_url=url,
        client=httpx.Client(event_hooks={"response": [keep]}),
        async_client=httpx.AsyncClient(event_hooks={"response": [keep_async]}),
        retry_config=None,
    )


def test_prism_serves_every_kind_of_answer_the_sdk_asks_for(depot: Any, prism_url: str) -> None:
    seen: List[httpx.Response] = []
    client = prism_client(depot, prism_url, seen)
    todo = client.todos.retrieve(todo_id="t1")
    assert isinstance(todo, depot.models.Todo)
    created = client.todos.with_raw_response.create(title="Write tests")
    assert created.status_code in (201, 204)
    if created.status_code == 201:
        assert created.headers["location"] and isinstance(created.parse(), depot.models.Todo)
    assert client.todos.delete(todo_id="t1") is None
    attachment = client.todos.attachment(todo_id="t1")
    assert attachment.status_code == 200 and attachment.content_type.startswith("application/octet-stream")
    attachment.read()
    notes = client.todos.notes(todo_id="t1")
    assert notes.content_type.startswith("text/plain") and isinstance(notes.text(), str)
    assert isinstance(client.reports.retrieve(report_id="r1"), (depot.models.Report, depot.models.Pending))
    assert run(client.ping.list_async()).ok in (True, False)
    for response in seen:  # no 406, no violation of what the SDK sent
        assert response.status_code < 400, (response.request.url, response.status_code, response.text)
        assert "sl-violations" not in response.headers, response.headers["sl-violations"]


# --- open unions ----------------------------------------------------------------------------


def test_an_unknown_tag_in_a_body_parses_into_the_fallback_keeping_the_data(depot: Any) -> None:
    client = Server(answer(200, {"kind": "hexagon", "side": 2, "angles": [120] * 6})).client(depot)
    shape = client.shapes.retrieve(shape_id="s1")
    assert isinstance(shape, depot.utils.UnknownVariant)
    assert shape.raw == {"kind": "hexagon", "side": 2, "angles": [120] * 6}
    assert shape.kind == "hexagon"  # fields readable as attributes
    known = Server(answer(200, {"kind": "circle", "radius": 1.5})).client(depot).shapes.retrieve(shape_id="s2")
    assert isinstance(known, depot.models.Circle) and known.radius == 1.5


def test_a_known_tag_with_a_broken_body_is_still_an_error(depot: Any) -> None:
    client = Server(answer(200, {"kind": "circle", "radius": "wide"})).client(depot)
    with pytest.raises(depot.errors.ResponseValidationError):
        client.shapes.retrieve(shape_id="s1")


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_stream_with_an_unknown_event_type_yields_a_fallback_and_goes_on(depot: Any, is_async: bool) -> None:
    events = (
        b'data: {"type": "speech.audio.delta", "audio": "AAA"}\n\n'
        b'data: {"type": "speech.audio.transcript", "text": "hi"}\n\n'
        b'data: {"type": "speech.audio.done"}\n\n'
    )
    client = Server(answer(200, events, "text/event-stream")).client(depot)

    async def collect() -> List[Any]:
        stream = await client.speech.create_async(input="hi", stream_format="sse")
        return [event async for event in stream]

    if is_async:
        received = run(collect())
    else:
        received = list(client.speech.create(input="hi", stream_format="sse"))
    assert [type(e).__name__ for e in received] == ["AudioDelta", "UnknownVariant", "AudioDone"]
    assert received[1].raw == {"type": "speech.audio.transcript", "text": "hi"}

"""The request side of HTTP, through an SDK generated from tests/specs/request-params.yaml.

Every parameter style and explode per location (RFC 6570 expansions and the OpenAPI spec's
"Style Examples" table, byte for byte), allowReserved, a content-encoded parameter, cookies,
form bodies with `encoding`, multipart bodies with each form of file, raw binary and text
bodies, a body in several media types, globals, extra query and body fields, and retries
that are safe for writes - sync and async over `httpx.MockTransport`, then against Prism.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional, Union

import httpx
import pytest

from mockapi import Recorded

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).resolve().parent / "specs" / "request-params.yaml"
COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}
OK = {"ok": True}


@pytest.fixture(scope="module")
def rp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("request_params")
    config = out.parent / "request-params.yaml"
    config.write_text("package: request_params\ndistribution: request-params\nsdk_class: Params\nenv_prefix: PARAMS\nversion: 1.0.0\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT)
    sys.path.insert(0, str(out / "src"))
    try:
        for submodule in ("errors", "models", "utils"):
            importlib.import_module(f"request_params.{submodule}")
        yield importlib.import_module("request_params")
    finally:
        sys.path.remove(str(out / "src"))


Answer = Union[httpx.Response, Exception]


class Server:
    """Answers each request with the next of `answers` (the last one repeats) and records it."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers) or [httpx.Response(200, json=OK)]
        self.requests: List[Recorded] = []
        self.sleeps: List[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(Recorded(request.method, request.url, request.headers, request.read()))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)  # a response is sent once

    def client(self, rp: Any, **options: Any) -> Any:
        transport = httpx.MockTransport(self)
        options.setdefault("retry_config", None)
        sdk = rp.Params(client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), **options)

        async def async_sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        sdk._client.config.sleep = self.sleeps.append
        sdk._client.config.async_sleep = async_sleep
        return sdk

    @property
    def last(self) -> Recorded:
        return self.requests[-1]


def call(method: Callable[..., Any], is_async: bool, **arguments: Any) -> Any:
    """`method(**arguments)`, or its `_async` twin run to completion."""
    if not is_async:
        return method(**arguments)
    twin = getattr(method.__self__, method.__name__ + "_async")
    return asyncio.run(twin(**arguments))


def raw_path(request: Recorded) -> str:
    return request.url.raw_path.decode("ascii")


MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


# --- path parameters ------------------------------------------------------------------------

PATHS = [
    ("path_simple", "/path/simple/blue/blue,black,brown/R,100,G,200,B,150"),
    ("path_simple_explode", "/path/simple-explode/blue/blue,black,brown/R=100,G=200,B=150"),
    ("path_label", "/path/label/.blue/.blue,black,brown/.R,100,G,200,B,150"),
    ("path_label_explode", "/path/label-explode/.blue/.blue.black.brown/.R=100.G=200.B=150"),
    ("path_matrix", "/path/matrix/;color=blue/;colors=blue,black,brown/;rgb=R,100,G,200,B,150"),
    ("path_matrix_explode", "/path/matrix-explode/;color=blue/;colors=blue;colors=black;colors=brown/;R=100;G=200;B=150"),
]


@MODES
@pytest.mark.parametrize(("method", "expected"), PATHS, ids=[m for m, _ in PATHS])
def test_path_parameters_follow_their_style_table(rp: Any, method: str, expected: str, is_async: bool) -> None:
    server = Server()
    call(getattr(server.client(rp).params, method), is_async, color="blue", colors=COLORS, rgb=RGB)
    assert raw_path(server.last) == expected


def test_path_values_are_percent_encoded_but_separators_are_not(rp: Any) -> None:
    server = Server()
    client = server.client(rp)
    client.params.path_simple(color="a/b c", colors=["x,y", "z"], rgb=rp.models.Rgb(R=1))
    assert raw_path(server.last) == "/path/simple/a%2Fb%20c/x%2Cy,z/R,1"
    client.params.path_matrix(color="", colors=["a"], rgb={"R": 1, "G": None})
    assert raw_path(server.last) == "/path/matrix/;color/;colors=a/;rgb=R,1"


# --- query, header and cookie parameters -------------------------------------------------------


@MODES
def test_query_parameters_in_every_style(rp: Any, is_async: bool) -> None:
    server = Server()
    client = server.client(rp, region="eu")
    call(
        client.params.query_styles, is_async,
        color="blue", colors=COLORS, rgb=RGB, tones=COLORS, shade=RGB, spaced=COLORS, piped=COLORS,
        deep=RGB, path="a/b?c=d", filter={"name": "x y", "min": 1},
    )
    assert server.last.url.query.decode() == (
        "color=blue&colors=blue&colors=black&colors=brown&R=100&G=200&B=150"
        "&tones=blue,black,brown&shade=R,100,G,200,B,150&spaced=blue%20black%20brown&piped=blue|black|brown"
        "&deep[R]=100&deep[G]=200&deep[B]=150&path=a/b?c=d"
        "&filter=%7B%22name%22%3A%22x%20y%22%2C%22min%22%3A1%7D&region=eu"
    )


def test_query_values_without_allow_reserved_are_encoded(rp: Any) -> None:
    server = Server()
    server.client(rp).params.query_styles(color="a/b?c&d=e", tones=["x,y", "z"])
    assert server.last.url.query.decode() == "color=a%2Fb%3Fc%26d%3De&tones=x%2Cy,z"


@MODES
def test_header_parameters_are_simple_style(rp: Any, is_async: bool) -> None:
    server = Server()
    call(server.client(rp).params.header_styles, is_async, x_color="blue", x_colors=COLORS, x_rgb=RGB, x_rgb_exploded=RGB)
    headers = server.last.headers
    assert headers["X-Color"] == "blue"
    assert headers["X-Colors"] == "blue,black,brown"
    assert headers["X-Rgb"] == "R,100,G,200,B,150"
    assert headers["X-Rgb-Exploded"] == "R=100,G=200,B=150"
    assert "X-Tenant" not in headers  # neither given nor set on the client


@MODES
def test_cookie_parameters_are_sent_in_one_cookie_header(rp: Any, is_async: bool) -> None:
    server = Server()
    call(server.client(rp).params.cookie_styles, is_async, session="abc d", colors=COLORS, rgb=RGB)
    assert server.last.headers["Cookie"] == "session=abc%20d; colors=blue,black,brown; rgb=R,100,G,200,B,150"
    server.client(rp).params.cookie_styles()
    assert "cookie" not in server.last.headers


# --- globals, extra query and body fields ---------------------------------------------------------


@MODES
def test_globals_are_sent_unless_the_call_gives_its_own(rp: Any, is_async: bool) -> None:
    server = Server()
    client = server.client(rp, region="eu", x_tenant="acme", workspace="w1")
    call(client.items.list_items, is_async)
    assert raw_path(server.last) == "/workspaces/w1/items" and server.last.headers["X-Tenant"] == "acme"
    call(client.items.list_items, is_async, workspace="w 2", x_tenant="other")
    assert raw_path(server.last) == "/workspaces/w%202/items" and server.last.headers["X-Tenant"] == "other"
    call(client.params.query_styles, is_async, color="red")
    assert server.last.url.query == b"color=red&region=eu"
    call(client.params.query_styles, is_async, region="us")
    assert server.last.url.query == b"region=us"


def test_a_missing_global_path_parameter_is_an_error_before_sending(rp: Any) -> None:
    server = Server()
    with pytest.raises(ValueError, match="workspace"):
        server.client(rp).items.list_items()
    assert server.requests == []


@MODES
def test_extra_query_and_body_fields_are_added(rp: Any, is_async: bool) -> None:
    server = Server()
    client = server.client(rp)
    call(client.bodies.create_thing, is_async, name="lamp", extra_body={"debug": True}, extra_query={"trace": "a b"})
    assert server.last.url.query == b"trace=a%20b"
    assert server.last.json() == {"name": "lamp", "debug": True}
    call(client.params.query_styles, is_async, color="red", extra_query={"page": 2})
    assert server.last.url.query == b"color=red&page=2"
    call(client.bodies.create_thing, is_async, name="lamp", content_type="application/x-www-form-urlencoded", extra_body={"debug": True})
    assert server.last.content == b"name=lamp&debug=true"


# --- bodies -------------------------------------------------------------------------------------


@MODES
def test_a_form_body_follows_its_encoding(rp: Any, is_async: bool) -> None:
    server = Server()
    call(server.client(rp).bodies.submit_form, is_async, name="Ann Lee", tags=["a", "b"], labels=["x", "y"], rgb=RGB, count=2)
    assert server.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert server.last.content == b"name=Ann+Lee&tags=a|b&labels=x%2Cy&rgb[R]=100&rgb[G]=200&rgb[B]=150&count=2"


@MODES
def test_multipart_takes_files_as_file_bytes_file_objects_and_paths(rp: Any, is_async: bool, tmp_path: Path) -> None:
    picture = tmp_path / "fox.jpg"
    picture.write_bytes(b"JPEG-DATA")
    server = Server()
    call(
        server.client(rp).bodies.upload, is_async,
        file=b"\x89PNG-DATA",
        attachments=[picture, io.BytesIO(b"plain bytes"), rp.models.File(file_name="a.txt", content=b"A", content_type="text/plain")],
        meta={"name": "n", "min": 1},
        note="hello",
    )
    head = f"Content-Type: {server.last.headers['content-type']}\r\n\r\n".encode()
    from email.parser import BytesParser
    from email.policy import HTTP

    parts = [
        (p.get_param("name", header="content-disposition"), p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
        for p in BytesParser(policy=HTTP).parsebytes(head + server.last.content).iter_parts()
    ]
    assert parts == [
        ("note", None, "text/plain", b"hello"),
        ("file", "upload", "image/png", b"\x89PNG-DATA"),  # the type from the body's encoding
        ("attachments[]", "fox.jpg", "image/jpeg", b"JPEG-DATA"),
        ("attachments[]", "upload", "application/octet-stream", b"plain bytes"),
        ("attachments[]", "a.txt", "text/plain", b"A"),
        ("meta", None, "application/json", b'{"name":"n","min":1}'),
    ]


@MODES
def test_raw_bodies_take_bytes_text_file_objects_and_paths(rp: Any, is_async: bool, tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01\x02")
    server = Server()
    bodies = server.client(rp).bodies
    for given in (b"\x00\x01\x02", blob, io.BytesIO(b"\x00\x01\x02"), bytearray(b"\x00\x01\x02")):
        call(bodies.put_blob, is_async, request=given)
        assert server.last.content == b"\x00\x01\x02"
        assert server.last.headers["content-type"] == "application/octet-stream"
    call(bodies.put_note, is_async, request="héllo")
    assert server.last.content == "héllo".encode() and server.last.headers["content-type"] == "text/plain"
    call(bodies.put_note, is_async, request=io.StringIO("from a text file"))
    assert server.last.content == b"from a text file"


@MODES
def test_a_body_in_several_media_types_is_json_unless_the_call_chooses(rp: Any, is_async: bool) -> None:
    server = Server()
    bodies = server.client(rp).bodies
    call(bodies.create_thing, is_async, name="lamp", size=2)
    assert server.last.headers["content-type"] == "application/json" and server.last.json() == {"name": "lamp", "size": 2}
    call(bodies.create_thing, is_async, name="lamp", size=2, content_type="application/x-www-form-urlencoded")
    assert server.last.headers["content-type"] == "application/x-www-form-urlencoded" and server.last.content == b"name=lamp&size=2"
    call(bodies.create_thing, is_async, name="lamp", size=2, content_type="multipart/form-data")
    assert server.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert {k: v[2] for k, v in server.last.multipart().items()} == {"name": b"lamp", "size": b"2"}
    call(bodies.put_picture, is_async, request=b"JPEG", content_type="image/jpeg")
    assert server.last.headers["content-type"] == "image/jpeg" and server.last.content == b"JPEG"
    call(bodies.put_picture, is_async, request=b"PNG")
    assert server.last.headers["content-type"] == "image/png"
    with pytest.raises(ValueError, match="application/xml"):
        call(bodies.create_thing, is_async, name="lamp", content_type="application/xml")


# --- retries that are safe for writes -----------------------------------------------------------



def retrying(rp: Any) -> Any:
    return rp.utils.RetryConfig("backoff", rp.utils.BackoffStrategy(1, 10, 1.5, 60_000), True)


def read_timeout() -> httpx.ReadTimeout:
    return httpx.ReadTimeout("the answer did not come")


@MODES
def test_a_retried_post_carries_the_same_idempotency_key_on_every_attempt(rp: Any, is_async: bool) -> None:
    server = Server(read_timeout(), httpx.Response(500, json={}), httpx.Response(200, json=OK))
    client = server.client(rp, retry_config=retrying(rp))
    call(client.orders.create_order, is_async, name="lamp")
    keys = [r.headers["Idempotency-Key"] for r in server.requests]
    assert len(keys) == 3 and len(set(keys)) == 1 and len(keys[0]) == 36  # a UUID, sent three times
    call(client.orders.create_order, is_async, name="lamp")
    assert server.last.headers["Idempotency-Key"] != keys[0]  # a new call, a new key
    call(client.orders.create_order, is_async, name="lamp", idempotency_key="mine")
    assert server.last.headers["Idempotency-Key"] == "mine"


@MODES
def test_a_post_without_a_key_is_not_retried_after_a_read_timeout(rp: Any, is_async: bool) -> None:
    server = Server(read_timeout(), httpx.Response(200, json=OK))
    client = server.client(rp, retry_config=retrying(rp))
    with pytest.raises(rp.errors.APIConnectionError):
        call(client.orders.create_payment, is_async, name="lamp")
    assert len(server.requests) == 1
    assert "idempotency-key" not in server.requests[0].headers  # the spec asks for none here
    for status in (500, 502, 504):
        server = Server(httpx.Response(status, json={}), httpx.Response(200, json=OK))
        with pytest.raises(rp.errors.APIError):
            call(server.client(rp, retry_config=retrying(rp)).orders.create_payment, is_async, name="lamp")
        assert len(server.requests) == 1
    server = Server(httpx.Response(503, json={}), httpx.Response(200, json=OK))
    with pytest.raises(rp.errors.APIError):
        call(server.client(rp, retry_config=retrying(rp)).orders.create_payment, is_async, name="lamp")
    assert len(server.requests) == 1  # 503 without Retry-After: the server may have acted


@MODES
def test_a_post_without_a_key_is_retried_where_it_was_not_processed(rp: Any, is_async: bool) -> None:
    server = Server(
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("no connection"),
        httpx.Response(503, json={}, headers={"Retry-After": "2"}),
        httpx.Response(429, json={}),
        httpx.Response(200, json=OK),
    )
    result = call(server.client(rp, retry_config=retrying(rp)).orders.create_payment, is_async, name="lamp")
    assert result.ok is True and len(server.requests) == 5
    assert server.sleeps[2] == 2.0  # the server's Retry-After


@MODES
def test_a_post_with_a_key_in_http_headers_is_retried_like_a_get(rp: Any, is_async: bool) -> None:
    server = Server(read_timeout(), httpx.Response(500, json={}), httpx.Response(200, json=OK))
    client = server.client(rp, retry_config=retrying(rp))
    call(client.orders.create_payment, is_async, name="lamp", http_headers={"Idempotency-Key": "k1"})
    assert [r.headers["idempotency-key"] for r in server.requests] == ["k1"] * 3


@MODES
def test_a_get_is_retried_after_a_read_timeout_and_a_500(rp: Any, is_async: bool) -> None:
    server = Server(read_timeout(), httpx.Response(500, json={}), httpx.Response(200, json=OK))
    call(server.client(rp, retry_config=retrying(rp)).params.header_styles, is_async)
    assert len(server.requests) == 3


def test_the_readme_documents_globals_and_the_retry_rule_for_writes(rp: Any) -> None:
    readme = (Path(rp.__file__).resolve().parents[2] / "README.md").read_text()
    globals_section = readme[readme.index("## Global Parameters") : readme.index("## Error Handling")]
    assert "| `x_tenant` | header | `X-Tenant` |  |" in globals_section and "| `workspace` | path | `workspace` |  |" in globals_section
    retries = readme[readme.index("## Retries") : readme.index("## Timeouts")]
    assert "`POST` or `PATCH`" in retries and "`503` with `Retry-After`" in retries
    assert "a new `Idempotency-Key` on each call of an operation that declares one" in retries


TYPED_CALLS = """
import io
from pathlib import Path

from request_params import Params, models

client = Params(region="eu")
client.bodies.put_blob(request=b"bytes")
client.bodies.put_blob(request=Path("blob.bin"))
client.bodies.put_blob(request=io.BytesIO(b"bytes"))
client.bodies.put_picture(request=b"JPEG", content_type="image/jpeg")
client.bodies.create_thing(name="lamp", content_type="multipart/form-data", extra_body={"debug": True})
client.params.query_styles(deep=models.Rgb(R=1), extra_query={"page": 2})
client.items.list_items(workspace="w1")
"""


def test_the_request_side_type_checks_under_mypy_strict(rp: Any, tmp_path: Path) -> None:
    calls = tmp_path / "typed_calls.py"
    calls.write_text(TYPED_CALLS)
    src = Path(rp.__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(calls), str(src / "request_params")],
        capture_output=True, text=True, env={"MYPYPATH": str(src), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls.write_text(TYPED_CALLS + 'client.bodies.put_picture(request=b"GIF", content_type="image/gif")\n')
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(calls)],
        capture_output=True, text=True, env={"MYPYPATH": str(src), "PATH": ""},
    )
    assert result.returncode == 1 and "image/gif" in result.stdout, result.stdout


# --- against Prism ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from contract.prism import mock_server

    with mock_server(SPEC, tmp_path_factory.mktemp("prism")) as url:
        yield url


def prism_client(rp: Any, url: str, seen: List[httpx.Response]) -> Any:
    def keep(response: httpx.Response) -> None:
        response.read()
        seen.append(response)

    async def keep_async(response: httpx.Response) -> None:
        await response.aread()
        seen.append(response)

    return rp.Params(
        server_url=url,
        client=httpx.Client(event_hooks={"response": [keep]}),
        async_client=httpx.AsyncClient(event_hooks={"response": [keep_async]}),
        retry_config=None,
        region="eu",
        x_tenant="acme",
        workspace="w1",
    )


def test_prism_finds_no_violation_in_any_request(rp: Any, prism_url: str, tmp_path: Path) -> None:
    seen: List[httpx.Response] = []
    client = prism_client(rp, prism_url, seen)
    # Prism 5.16 cannot read every path style: it matches the path with uri-template-lite,
    # which turns any comma list into an array that its deserializers then `.split()`
    # (the server dies), and it splits a label-exploded object on `,` instead of `.`. So the
    # path styles whose values hold no comma are sent (matrix exploded whole); the others
    # are checked byte for byte above.
    client.params.path_matrix_explode(color="blue", colors=COLORS, rgb=RGB)
    client.params.path_label_explode(color="blue", colors=COLORS, rgb={"R": 1})
    client.params.path_simple_explode(color="blue", colors=["blue"], rgb={"R": 1})
    client.params.query_styles(
        color="blue", colors=COLORS, rgb=RGB, tones=COLORS, shade=RGB, spaced=COLORS, piped=COLORS,
        deep=RGB, path="a/b", filter={"name": "x", "min": 1},
    )
    client.params.header_styles(x_color="blue", x_colors=COLORS, x_rgb=RGB, x_rgb_exploded=RGB)
    client.params.cookie_styles(session="abc", colors=COLORS, rgb=RGB)
    client.items.list_items()
    client.bodies.submit_form(name="Ann Lee", tags=["a", "b"], labels=["x", "y"], rgb=RGB, count=2)
    picture = tmp_path / "fox.png"
    picture.write_bytes(b"PNG")
    client.bodies.upload(file=picture, attachments=[b"a", io.BytesIO(b"b")], note="hello")
    client.bodies.put_blob(request=b"\x00\x01")
    client.bodies.put_note(request="hello")
    client.bodies.put_picture(request=b"JPEG", content_type="image/jpeg")
    for content_type in (None, "application/x-www-form-urlencoded", "multipart/form-data"):
        client.bodies.create_thing(name="lamp", size=2, content_type=content_type)
    client.orders.create_order(name="lamp")
    asyncio.run(client.orders.create_payment_async(name="lamp", extra_query={"trace": "1"}))
    assert len(seen) == 3 + 3 + 1 + 5 + 3 + 2
    for response in seen:  # no violation of what the SDK sent
        assert response.status_code < 400, (response.request.url, response.status_code, response.text)
        assert "sl-violations" not in response.headers, (response.request.url, response.headers["sl-violations"])

"""What the emitted SDK puts on the wire: optional/nullable fields, auth, User-Agent."""

from __future__ import annotations

import asyncio
import platform
from typing import Any, Dict

import httpx
import pydantic
import pytest

from openapi_sdkgen import __version__ as generator_version
from orq_ai_sdk import Orq, __version__, errors
from mockapi import Recorder
from sdk_helpers import CHAT_OK, IMAGE_OK, MESSAGES


def image_body(**arguments: Any) -> Dict[str, Any]:
    """The JSON body `images.generations.create` sends, sync and async (which must agree)."""
    exchange = Recorder(IMAGE_OK)
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()), async_client=httpx.AsyncClient(transport=exchange.transport()))
    orq.router.images.generations.create(prompt="a fox", model="m", **arguments)
    asyncio.run(orq.router.images.generations.create_async(prompt="a fox", model="m", **arguments))
    sync_body, async_body = exchange.body(0), exchange.body(1)
    assert sync_body == async_body
    return sync_body  # type: ignore[no-any-return]


def test_fields_not_given_are_not_sent_and_spec_defaults_are_left_to_the_server() -> None:
    # `n` has `default: 1` in the spec: the server applies it, the client sends nothing
    assert image_body() == {"prompt": "a fox", "model": "m"}


def test_none_on_a_nullable_field_is_sent_as_null() -> None:
    assert image_body(n=None, size=None) == {"prompt": "a fox", "model": "m", "n": None, "size": None}


def test_none_on_an_optional_non_nullable_field_is_not_sent() -> None:
    assert image_body(orq=None) == {"prompt": "a fox", "model": "m"}


def test_given_values_are_sent_and_nested_objects_follow_the_same_rules() -> None:
    body = image_body(n=2, quality="hd", orq={"name": None, "retry": {"on_codes": [429]}})
    # orq.name is optional and not nullable: None is dropped; a nested model sends the spec's
    # defaults of the fields left out (retry.count), as Speakeasy's SDKs do; the body's own do not
    assert body == {"prompt": "a fox", "model": "m", "n": 2, "quality": "hd", "orq": {"retry": {"count": 3, "on_codes": [429]}}}
    assert image_body() == {"prompt": "a fox", "model": "m"}  # n's default (1) is the server's


def test_chat_body_omits_stream_unless_given() -> None:
    exchange = Recorder(CHAT_OK)
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()))
    orq.router.chat_completions(messages=MESSAGES, model="m", temperature=None, metadata=None)
    orq.router.chat_completions(messages=MESSAGES, model="m", stream=False)
    assert exchange.body(0) == {"messages": MESSAGES, "model": "m", "temperature": None}
    assert exchange.body(1) == {"messages": MESSAGES, "model": "m", "stream": False}


def test_given_arguments_are_validated_before_anything_is_sent() -> None:
    exchange = Recorder(CHAT_OK)
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()))
    with pytest.raises(errors.SDKValidationError) as bad_role:
        orq.router.chat_completions(messages=[{"role": "robot", "content": "hi"}], model="m")
    assert bad_role.value.field == "messages" and "robot" in str(bad_role.value)
    with pytest.raises(errors.SDKValidationError) as bad_temperature:
        orq.router.chat_completions(messages=MESSAGES, model="m", temperature="hot")
    assert bad_temperature.value.field == "temperature"
    with pytest.raises(errors.SDKValidationError) as bad_orq:
        orq.router.chat_completions(messages=MESSAGES, model="m", orq={"retry": {"count": "x"}})
    assert bad_orq.value.field == "orq"
    assert not isinstance(bad_orq.value, pydantic.ValidationError)  # the SDK's own type
    assert exchange.requests == []


# --- auth ------------------------------------------------------------------------


def authorization(orq: Orq, exchange: Recorder) -> str:
    orq.router.images.generations.create(prompt="p", model="m")
    return exchange.requests[-1].headers.get("authorization", "<absent>")


@pytest.mark.parametrize("key", ["sk-1", "Bearer sk-1", "bearer sk-1"])
def test_bearer_prefix_is_added_once(key: str) -> None:
    exchange = Recorder(IMAGE_OK)
    sent = authorization(Orq(api_key=key, client=httpx.Client(transport=exchange.transport())), exchange)
    assert sent.lower() == "bearer sk-1" and sent.count("sk-1") == 1


def test_callable_key_is_asked_on_every_call() -> None:
    exchange = Recorder(IMAGE_OK)
    keys = iter(["first", "second"])
    orq = Orq(api_key=lambda: next(keys), client=httpx.Client(transport=exchange.transport()))
    assert authorization(orq, exchange) == "Bearer first"
    assert authorization(orq, exchange) == "Bearer second"


def test_env_var_is_the_fallback_and_an_explicit_key_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    exchange = Recorder(IMAGE_OK)
    transport = exchange.transport()
    monkeypatch.setenv("ORQ_API_KEY", "from-env")
    assert authorization(Orq(client=httpx.Client(transport=transport)), exchange) == "Bearer from-env"
    assert authorization(Orq(api_key="explicit", client=httpx.Client(transport=transport)), exchange) == "Bearer explicit"
    monkeypatch.delenv("ORQ_API_KEY")
    assert authorization(Orq(client=httpx.Client(transport=transport)), exchange) == "<absent>"


def test_async_calls_send_the_same_auth() -> None:
    exchange = Recorder(IMAGE_OK)
    orq = Orq(api_key="sk-a", async_client=httpx.AsyncClient(transport=exchange.transport()))
    asyncio.run(orq.router.images.generations.create_async(prompt="p", model="m"))
    assert exchange.requests[0].headers["authorization"] == "Bearer sk-a"


def test_api_key_header_scheme_sends_the_key_as_is(shop: Any) -> None:
    exchange = Recorder(httpx.Response(200, json={"id": "o1", "status": "open"}))
    client = shop.Shop(api_key="shop-key", client=httpx.Client(transport=exchange.transport()))
    client.orders.retrieve(order_id="o1")
    headers = exchange.requests[0].headers
    assert headers["x-shop-key"] == "shop-key" and "authorization" not in headers


# --- User-Agent and per-call options --------------------------------------------------


def test_user_agent_names_the_sdk_its_version_and_the_generator() -> None:
    exchange = Recorder(IMAGE_OK)
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()), async_client=httpx.AsyncClient(transport=exchange.transport()))
    orq.router.images.generations.create(prompt="p", model="m")
    asyncio.run(orq.router.images.generations.create_async(prompt="p", model="m"))
    agents = {r.headers["user-agent"] for r in exchange.requests}
    assert agents == {f"orq-ai-sdk/{__version__} (python {platform.python_version()}; sdkgen {generator_version})"}


def test_per_call_server_url_and_headers() -> None:
    exchange = Recorder(IMAGE_OK)
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()))
    orq.router.images.generations.create(prompt="p", model="m", server_url="https://eu.example.com/", http_headers={"X-Trace": "t1"})
    request = exchange.requests[0]
    assert str(request.url) == "https://eu.example.com/v2/router/images/generations"
    assert request.headers["x-trace"] == "t1"

"""Errors through the emitted SDK: one class per declared status, a default, validation errors.

The Router spec declares no error responses, so the per-status classes are checked
on the SDK generated from specs/shop.yaml (see conftest.py).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from orq_ai_sdk import Orq
from orq_ai_sdk.errors import APIConnectionError, APIError
from mockapi import Recorder
from sdk_helpers import CHAT_OK, MESSAGES, json_answer

ORDER = {"id": "o1", "status": "open"}
DECLARED = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "ServiceUnavailableError",
}


def shop_client(shop: Any, *answers: Any) -> Any:
    exchange = Recorder(*answers)
    transport = exchange.transport()
    return shop.Shop(api_key="k", client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), retry_config=None)


@pytest.mark.parametrize("status", sorted(DECLARED))
def test_each_declared_status_raises_its_own_class(shop: Any, status: int) -> None:
    client = shop_client(shop, json_answer(status, {"detail": f"problem {status}"}, X_Request_Id="r-1"))
    with pytest.raises(shop.errors.APIError) as raised:
        client.orders.retrieve(order_id="o1")
    error = raised.value
    assert type(error).__name__ == DECLARED[status]
    assert error.status_code == status
    assert error.headers["x-request-id"] == "r-1"
    assert json.loads(error.body) == {"detail": f"problem {status}"}
    assert error.data.detail == f"problem {status}"  # the declared schema, parsed
    assert error.raw_response.status_code == status
    assert error.message == f"problem {status}"  # the server's own message
    assert error.request_id == "r-1"
    assert str(error) == f"problem {status}: Status {status}. Request id r-1. Content-Type 'application/json'. Body: {error.body}"


@pytest.mark.parametrize("status", [402, 409, 418, 502, 504])
def test_other_error_statuses_raise_the_default_class(shop: Any, status: int) -> None:
    client = shop_client(shop, httpx.Response(status, text="teapot" if status == 418 else "upstream"))
    with pytest.raises(shop.errors.APIError) as raised:
        client.orders.retrieve(order_id="o1")
    assert type(raised.value) is shop.errors.APIError
    assert raised.value.status_code == status and raised.value.data is None


def test_declared_status_with_an_unparsable_body_keeps_the_body(shop: Any) -> None:
    client = shop_client(shop, httpx.Response(404, text="<html>Not Found</html>", headers={"content-type": "text/html"}))
    with pytest.raises(shop.errors.NotFoundError) as raised:
        client.orders.retrieve(order_id="o1")
    assert raised.value.data is None and raised.value.body == "<html>Not Found</html>"
    assert "text/html" in str(raised.value)


def test_async_calls_raise_the_same_classes(shop: Any) -> None:
    client = shop_client(shop, json_answer(422, {"detail": "bad id"}))
    with pytest.raises(shop.errors.UnprocessableEntityError) as raised:
        asyncio.run(client.orders.retrieve_async(order_id="o1"))
    assert raised.value.data.detail == "bad id"


def test_router_errors_use_the_base_class_with_every_detail() -> None:
    exchange = Recorder(json_answer(401, {"error": "invalid api key"}))
    orq = Orq(api_key="k", client=httpx.Client(transport=exchange.transport()))
    with pytest.raises(APIError) as raised:
        orq.router.chat_completions(messages=MESSAGES, model="m")
    assert raised.value.status_code == 401 and "invalid api key" in str(raised.value)
    assert not isinstance(raised.value, APIConnectionError)


def test_a_long_body_is_cut_in_the_message_but_kept_whole(shop: Any) -> None:
    client = shop_client(shop, httpx.Response(500, text="x" * 5000))
    with pytest.raises(shop.errors.InternalServerError) as raised:
        client.orders.retrieve(order_id="o1")
    assert len(raised.value.body) == 5000 and len(str(raised.value)) < 700


# --- responses that do not match their schema ---------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_schema_mismatch_raises_a_validation_error_that_keeps_the_raw_body(shop: Any, mode: str) -> None:
    client = shop_client(shop, json_answer(200, {"id": 5}))
    with pytest.raises(shop.errors.ResponseValidationError) as raised:
        if mode == "sync":
            client.orders.retrieve(order_id="o1")
        else:
            asyncio.run(client.orders.retrieve_async(order_id="o1"))
    error = raised.value
    assert isinstance(error, shop.errors.APIError) and error.status_code == 200
    assert error.body == '{"id":5}' and error.raw_response.content == b'{"id":5}'
    assert "status" in str(error.cause)  # pydantic says which field is wrong
    assert "status" in str(error)


def test_open_enums_in_responses_accept_unknown_values(shop: Any) -> None:
    client = shop_client(shop, json_answer(200, {"id": "o1", "status": "lost-in-transit"}))
    assert client.orders.retrieve(order_id="o1").status == "lost-in-transit"

    answer = json_answer(200, {**CHAT_OK.json(), "choices": [{"index": 0, "finish_reason": "a-new-reason", "message": {"role": "assistant", "content": "x"}}]})
    orq = Orq(api_key="k", client=httpx.Client(transport=Recorder(answer).transport()))
    assert orq.router.chat_completions(messages=MESSAGES, model="m").choices[0].finish_reason == "a-new-reason"


def test_known_enum_values_still_parse_to_the_enum(shop: Any) -> None:
    client = shop_client(shop, json_answer(200, ORDER))
    status = client.orders.retrieve(order_id="o1").status
    assert status == "open"

"""The recorded exchanges cover what the suite promises, for every operation of the spec:
required arguments only, every argument, a 4XX and a 5XX answer; streaming and JSON
answers where the spec offers both; uploads from bytes and from a file; a retry after 429."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest
import yaml

from contract import sdk
from contract.exchange import Exchange, FormatError, load, load_all
from contract.openapi_check import SpecValidator

RUNTIME_ARGUMENTS = {"retries", "server_url", "timeout_ms", "http_headers", "extra_query", "extra_body"}
EXCHANGES = load_all()
Operation = Tuple[str, str]  # (METHOD, path template)


def spec_operations(validator: SpecValidator) -> Dict[Operation, Dict[str, object]]:
    return {
        (method.upper(), path): operation
        for path, item in validator.document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "put", "post", "delete", "patch", "head", "options")
    }


def operation_of(exchange: Exchange) -> Operation:
    request = exchange.interactions[0].request
    return request.method, request.path


def arguments(exchange: Exchange) -> Tuple[Set[str], Set[str]]:
    """(required, all) operation arguments of the SDK method the exchange calls."""
    client = sdk.Client(api_key="unused")
    signature = inspect.signature(sdk.method(client, exchange.call.resource, exchange.call.method, False))
    params = {name: p for name, p in signature.parameters.items() if name not in RUNTIME_ARGUMENTS}
    return {name for name, p in params.items() if p.default is inspect.Parameter.empty}, set(params)


def exchanges_for(operation: Operation) -> List[Exchange]:
    return [exchange for exchange in EXCHANGES if operation_of(exchange) == operation]


@pytest.fixture(scope="module")
def operations(spec_validator: SpecValidator) -> Dict[Operation, Dict[str, object]]:
    found = spec_operations(spec_validator)
    assert found, "the spec declares no operation"
    return found


def test_every_exchange_targets_an_operation_of_the_spec(operations: Dict[Operation, object]) -> None:
    assert {operation_of(e) for e in EXCHANGES} <= set(operations)


def test_every_operation_is_called_with_required_and_with_all_arguments(
    operations: Dict[Operation, object],
) -> None:
    for operation in operations:
        calls = exchanges_for(operation)
        assert calls, f"{operation}: no recorded exchange"
        required, everything = arguments(calls[0])
        given = [set(e.call.args) - RUNTIME_ARGUMENTS for e in calls]
        assert (
            required in given
        ), f"{operation}: no exchange with exactly the required arguments {sorted(required)}"
        assert everything in given, f"{operation}: no exchange with every argument {sorted(everything)}"


def test_every_operation_has_a_4xx_and_a_5xx_exchange(operations: Dict[Operation, object]) -> None:
    for operation in operations:
        statuses = {e.outcome.status for e in exchanges_for(operation) if e.outcome.kind == "error"}
        assert any(400 <= s < 500 for s in statuses if s), f"{operation}: no 4XX exchange"
        assert any(500 <= s < 600 for s in statuses if s), f"{operation}: no 5XX exchange"


def test_streaming_operations_have_a_stream_and_a_json_answer(
    operations: Dict[Operation, Dict[str, object]],
) -> None:
    streaming = [op for op, spec in operations.items() if "text/event-stream" in str(spec.get("responses"))]
    assert streaming, "the spec has a streaming operation: the check must see it"
    for operation in streaming:
        kinds = {e.outcome.kind for e in exchanges_for(operation)}
        assert {"events", "result"} <= kinds, f"{operation}: needs a streamed and a JSON answer, has {kinds}"


def test_upload_operations_send_bytes_and_a_file(operations: Dict[Operation, Dict[str, object]]) -> None:
    uploads = [op for op, spec in operations.items() if "multipart/form-data" in str(spec.get("requestBody"))]
    assert uploads, "the spec has an upload operation: the check must see it"
    for operation in uploads:
        sources = {
            value["$file"].get("source", "bytes")
            for e in exchanges_for(operation)
            for value in e.call.args.values()
            if isinstance(value, dict) and "$file" in value
        }
        assert sources == {"bytes", "file"}, f"{operation}: uploads from {sorted(sources)}"


def test_a_retry_after_429_succeeds_after_the_servers_delay() -> None:
    retried = [
        e
        for e in EXCHANGES
        if len(e.interactions) > 1
        and e.interactions[0].response.status == 429
        and "retry-after" in e.interactions[0].response.headers
        and e.outcome.kind == "result"
    ]
    assert retried, "no exchange retries a 429 with Retry-After"
    for exchange in retried:
        assert list(exchange.outcome.sleeps) == [
            float(exchange.interactions[0].response.headers["retry-after"])
        ]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda doc: doc["interactions"][0]["request"].update(jsn={}),
            "/interactions/0/request: unknown key(s) ['jsn']",
        ),
        (lambda doc: doc["outcome"].clear(), "/outcome: give one of result, events or error"),
        (
            lambda doc: doc["interactions"][0]["request"].update(multipart=[{"name": "a"}]),
            "/interactions/0/request: give at most one of ['json', 'multipart', 'base64']",
        ),
        (
            lambda doc: doc["call"]["args"].update(image={"$file": {"name": "a", "base64": "!"}}),
            "/call/args/image/$file/base64: invalid base64",
        ),
    ],
)
def test_a_malformed_exchange_fails_naming_file_and_key(tmp_path: Path, change: Any, message: str) -> None:
    source = EXCHANGES[0].path
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(doc)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load(bad)
    assert str(info.value).startswith(f"{bad}: {message}")

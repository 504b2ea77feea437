"""The spec check itself: the httpx adapter feeds openapi-core query, headers, security and
bodies; multipart parts are decoded as the spec's encoding says; SSE events are checked
one by one; undeclared statuses are handled as documented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest
import yaml

from contract.openapi_check import SpecValidator, part_content_type
from contract.wire import ObservedRequest

SERVER = "https://my.orq.ai"
AUTH = {"Authorization": "Bearer sk-test"}
CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}


def observed(path: str, **kwargs: Any) -> ObservedRequest:
    headers = kwargs.pop("headers", AUTH)
    return ObservedRequest.from_httpx(
        httpx.Request(kwargs.pop("method", "POST"), SERVER + path, headers=headers, **kwargs)
    )


def upload(validator: SpecValidator, data: Dict[str, str], files: Any = None) -> List[str]:
    request = observed(
        "/v2/router/images/variations", data=data, files=files or {"image": ("a.png", b"\x89PNG\xff\x00")}
    )
    return validator.check_request(request).problems


def test_a_valid_upload_passes_with_binary_json_and_cast_parts(spec_validator: SpecValidator) -> None:
    orq = json.dumps(
        {"retry": {"count": 2, "on_codes": [429]}, "load_balancer": [{"type": "weight_based", "model": "x"}]}
    )
    assert upload(spec_validator, {"model": "m", "n": "2", "size": "256x256", "orq": orq}) == []


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"n": "2"}, "request body: 'model' is a required property"),
        ({"model": "m", "n": "two"}, "request body.n: 'two' is not of type 'integer', 'null'"),
        ({"model": "m", "n": "11"}, "request body.n: 11 is greater than the maximum of 10"),
        (
            {"model": "m", "size": "2x2"},
            "request body.size: '2x2' is not one of ['256x256', '512x512', '1024x1024']",
        ),
        ({"model": "m", "orq": "{retry"}, "request body.orq: not application/json"),
        (
            {"model": "m", "orq": '{"retry": {"count": 9}}'},
            "request body.orq.retry.count: 9 is greater than the maximum of 5",
        ),
        (
            {"model": "m", "orq": '{"cache": {"ttl": 5}}'},
            "request body.orq.cache: 'type' is a required property",
        ),
    ],
)
def test_a_broken_upload_fails_naming_the_part(
    spec_validator: SpecValidator, data: Dict[str, str], expected: str
) -> None:
    problems = upload(spec_validator, data)
    assert any(p.startswith("spec: " + expected) for p in problems), problems


def test_part_content_types_follow_the_encoding_then_the_schema() -> None:
    assert part_content_type({"type": "object"}, {"contentType": "application/xml"}) == "application/xml"
    assert part_content_type({"type": ["object", "null"]}, {}) == "application/json"
    assert part_content_type({"type": "string", "format": "binary"}, {}) == "application/octet-stream"
    assert part_content_type({"type": "string", "contentMediaType": "image/png"}, {}) == "image/png"
    assert part_content_type({"type": "array", "items": {"type": "integer"}}, {}) == "text/plain"
    assert part_content_type({"type": ["integer", "null"]}, {}) == "text/plain"


def test_json_bodies_are_checked_by_openapi_core(spec_validator: SpecValidator) -> None:
    validator = spec_validator
    good = observed(
        "/v2/router/chat/completions", json={"messages": [{"role": "user", "content": "hi"}], "model": "m"}
    )
    assert validator.check_request(good).problems == []
    bad = observed(
        "/v2/router/chat/completions", json={"messages": [{"role": "user"}], "model": 3, "temperature": 3}
    )
    problems = "\n".join(validator.check_request(bad).problems)
    assert "request body.model: 3 is not of type 'string'" in problems
    assert "request body.temperature: 3 is greater than the maximum of 2" in problems


def test_security_and_unknown_operations_are_problems(spec_validator: SpecValidator) -> None:
    validator = spec_validator
    anonymous = observed("/v2/router/images/generations", json={"prompt": "p", "model": "m"}, headers={})
    assert any("Security not found" in p for p in validator.check_request(anonymous).problems)
    unknown = observed("/v2/router/audio/speech", json={})
    assert (
        validator.check_request(unknown)
        .problems[0]
        .startswith("spec: no operation for POST https://my.orq.ai/v2/router/audio/speech")
    )


def test_sse_events_are_checked_one_by_one_and_the_sentinel_skipped(spec_validator: SpecValidator) -> None:
    validator = spec_validator
    request = observed("/v2/router/chat/completions", json={"messages": [], "model": "m", "stream": True})
    headers = httpx.Headers({"content-type": "text/event-stream"})
    good = f"data: {json.dumps(CHUNK)}\n\ndata: [DONE]\n\n".encode()
    assert validator.check_response(request, 200, headers, good).problems == []
    bad = f"data: {json.dumps(CHUNK)}\n\ndata: {json.dumps({**CHUNK, 'object': 'chunk'})}\n\ndata: oops\n\n".encode()
    problems = validator.check_response(request, 200, headers, bad).problems
    assert problems[0] == "spec: response event 1.object: 'chunk' is not one of ['chat.completion.chunk']"
    assert problems[1].startswith("spec: response event 2: data is not JSON")


def test_undeclared_statuses_are_unchecked_errors_or_problems(spec_validator: SpecValidator) -> None:
    validator = spec_validator
    request = observed("/v2/router/images/generations", json={"prompt": "p", "model": "m"})
    headers = httpx.Headers({"content-type": "application/json"})
    error = validator.check_response(request, 404, headers, b"{}")
    assert error.problems == [] and error.unchecked == [
        "spec: POST /v2/router/images/generations declares no response for status 404"
    ]
    assert validator.check_response(request, 202, headers, b"{}").problems == [
        "spec: POST /v2/router/images/generations declares no response for status 202"
    ]


def test_the_adapter_passes_query_and_headers_to_openapi_core(tmp_path: Path) -> None:
    """On a small spec with parameters: repeated query items, header and path parameters."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/items/{item_id}": {
                "get": {
                    "parameters": [
                        {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        {
                            "name": "tag",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
                        },
                        {
                            "name": "X-Trace",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^t-"},
                        },
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    validator = SpecValidator(path)

    def check(url: str, headers: Dict[str, str]) -> List[str]:
        return validator.check_request(
            ObservedRequest.from_httpx(httpx.Request("GET", url, headers=headers))
        ).problems

    assert check("https://api.example.com/v1/items/7?tag=a&tag=b", {"X-Trace": "t-1"}) == []
    assert check("https://api.example.com/v1/items/7?tag=a&tag=c", {"X-Trace": "t-1"}) == [
        "spec: request query parameter tag[1]: 'c' is not one of ['a', 'b']"
    ]
    assert check("https://api.example.com/v1/items/7?tag=a", {"X-Trace": "nope"}) == [
        "spec: request header parameter X-Trace: 'nope' does not match '^t-'"
    ]
    assert check("https://api.example.com/v1/items/7?tag=a", {}) == [
        "spec: request: Missing required header parameter: X-Trace"
    ]
    assert "item_id" in check("https://api.example.com/v1/items/seven?tag=a", {"X-Trace": "t-1"})[0]
    assert "Server not found" in check("https://other.example.com/v1/items/7?tag=a", {"X-Trace": "t-1"})[0]

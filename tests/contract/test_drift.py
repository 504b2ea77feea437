"""The replay catches drift: a serializer that drops a field, sends a wrong enum value or
renames a multipart part fails the exchange with the field's path; so do a wrong header,
an extra query parameter, an extra request, a wrong typed result and a response that
breaks the spec."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Callable, Dict, List

import httpx
import pytest

from contract import sdk
from contract.exchange import EXCHANGES, Exchange, Interaction, load
from contract.openapi_check import SpecValidator
from contract.replay import ContractFailure, Mode, Replay, RequestDrift, SpecViolation
from contract.wire import ObservedRequest, response_chunks

SYNC = Mode(is_async=False)


def exchange(name: str) -> Exchange:
    return load(EXCHANGES / f"{name}.yaml")


def failure(
    name_or_exchange: Any, validator: SpecValidator, tmp_path: Path, mode: Mode = SYNC
) -> ContractFailure:
    target = exchange(name_or_exchange) if isinstance(name_or_exchange, str) else name_or_exchange
    with pytest.raises(ContractFailure) as info:
        Replay(target, validator, mode, tmp_path).run()
    return info.value


def patch_json_body(monkeypatch: pytest.MonkeyPatch, change: Callable[[Dict[str, Any]], None]) -> None:
    """Make the SDK's JSON serializer alter every body it writes."""
    original = sdk.package.utils.client.json_body

    def altered(body: Any) -> bytes:
        data = json.loads(original(body))
        change(data)
        return json.dumps(data).encode()

    monkeypatch.setattr(sdk.package.utils.client, "json_body", altered)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_dropped_json_field_fails_with_its_path(
    monkeypatch: pytest.MonkeyPatch, spec_validator: SpecValidator, tmp_path: Path, is_async: bool
) -> None:
    patch_json_body(monkeypatch, lambda data: data.pop("model"))
    error = failure("images_generations_minimal", spec_validator, tmp_path, Mode(is_async))
    assert isinstance(error, RequestDrift)
    assert 'request.json.model: missing (expected "openai/dall-e-3")' in str(error)


def test_a_dropped_nested_field_fails_with_its_path(
    monkeypatch: pytest.MonkeyPatch, spec_validator: SpecValidator, tmp_path: Path
) -> None:
    patch_json_body(monkeypatch, lambda data: data["orq"]["identity"].pop("email"))
    error = failure("images_generations_all_args", spec_validator, tmp_path)
    assert "request.json.orq.identity.email: missing" in str(error)


def test_a_wrong_enum_value_fails_the_replay_and_the_spec(
    monkeypatch: pytest.MonkeyPatch, spec_validator: SpecValidator, tmp_path: Path
) -> None:
    body = json.loads(
        capture_first_request(exchange("images_generations_all_args"), spec_validator, tmp_path).content
    )
    body["quality"] = "ultra"
    problems = spec_validator.check_request(json_request("/v2/router/images/generations", body)).problems
    assert any("request body.quality: 'ultra' is not valid" in p for p in problems), problems
    patch_json_body(monkeypatch, lambda data: data.update(quality="ultra"))
    error = failure("images_generations_all_args", spec_validator, tmp_path)
    assert 'request.json.quality: expected "high", got "ultra"' in str(error)


def test_a_renamed_multipart_part_fails_with_both_names(
    monkeypatch: pytest.MonkeyPatch, spec_validator: SpecValidator, tmp_path: Path
) -> None:
    original = sdk.package.utils.client.multipart_body

    def renamed(model: Any, *rest: Any) -> Any:
        data, files = original(model, *rest)
        return data, [("file" if name == "image" else name, part) for name, part in files]

    monkeypatch.setattr(sdk.package.utils.client, "multipart_body", renamed)
    error = failure("images_variations_all_args", spec_validator, tmp_path)
    assert "request.multipart.image: missing part" in str(error)
    assert "request.multipart.file: unexpected part" in str(error)


def test_a_wrong_multipart_value_and_file_fail(
    monkeypatch: pytest.MonkeyPatch, spec_validator: SpecValidator, tmp_path: Path
) -> None:
    original = sdk.package.utils.client.multipart_body

    def altered(model: Any, *rest: Any) -> Any:
        data, files = original(model, *rest)
        data = [(name, "3" if name == "n" else value) for name, value in data]
        files = [
            (name, (filename, b"other bytes", content_type)) for name, (filename, _, content_type) in files
        ]
        return data, files

    monkeypatch.setattr(sdk.package.utils.client, "multipart_body", altered)
    error = str(failure("images_variations_all_args", spec_validator, tmp_path))
    assert 'request.multipart.n[0]: expected "2", got "3"' in error
    assert "request.multipart.image[0].content: expected 70 bytes" in error


def test_a_json_part_is_compared_as_data(spec_validator: SpecValidator, tmp_path: Path) -> None:
    """Key order and spacing inside the `orq` JSON part do not matter; values do."""
    ex = exchange("images_variations_all_args")
    observed = capture_first_request(ex, spec_validator, tmp_path)
    boundary = observed.headers["content-type"].split("boundary=")[1]
    orq = json.loads(_part_text(observed.content, boundary, "orq"))
    reordered = json.dumps(dict(reversed(list(orq.items()))), indent=2)
    changed = json.dumps({**orq, "cache": {"ttl": 601, "type": "exact_match"}})
    replay = Replay(ex, spec_validator, SYNC, tmp_path)
    replay.handler(_with_part(observed, boundary, "orq", reordered))
    with pytest.raises(
        RequestDrift, match=r"request\.multipart\.orq\[0\]\.cache\.ttl: expected 600, got 601"
    ):
        Replay(ex, spec_validator, SYNC, tmp_path).handler(_with_part(observed, boundary, "orq", changed))


def test_a_missing_header_fails_the_replay_and_the_spec(
    spec_validator: SpecValidator, tmp_path: Path
) -> None:
    ex = exchange("images_generations_minimal")
    observed = capture_first_request(ex, spec_validator, tmp_path)
    headers = [(k, v) for k, v in observed.headers.multi_items() if k != "authorization"]
    request = httpx.Request(observed.method, observed.url, headers=headers, content=observed.content)
    with pytest.raises(RequestDrift, match="request.headers.authorization: missing"):
        Replay(ex, spec_validator, SYNC, tmp_path).handler(request)
    problems = spec_validator.check_request(ObservedRequest.from_httpx(request)).problems
    assert any("Security not found" in p for p in problems), problems


def test_an_extra_query_parameter_fails(spec_validator: SpecValidator, tmp_path: Path) -> None:
    ex = exchange("images_generations_minimal")
    observed = capture_first_request(ex, spec_validator, tmp_path)
    url = observed.url.copy_add_param("debug", "1")
    request = httpx.Request(observed.method, url, headers=observed.headers, content=observed.content)
    with pytest.raises(RequestDrift, match=r"request\.query\.debug: unexpected \(got \[\"1\"\]\)"):
        Replay(ex, spec_validator, SYNC, tmp_path).handler(request)


def test_an_unexpected_retry_fails(spec_validator: SpecValidator, tmp_path: Path) -> None:
    """A recording with one answer that the default retries repeat (a 500 made a 429: a POST
    without an idempotency key is retried on it): the second request is drift."""
    ex = exchange("images_generations_500")
    args = {k: v for k, v in ex.call.args.items() if k != "retries"}
    (only,) = ex.interactions
    rate_limited = dataclasses.replace(only, response=dataclasses.replace(only.response, status=429))
    retry_always = dataclasses.replace(ex, call=dataclasses.replace(ex.call, args=args), interactions=(rate_limited,))
    error = failure(retry_always, spec_validator, tmp_path)
    assert "request 2 of 1: unexpected request POST /v2/router/images/generations" in str(error)


def test_a_wrong_result_field_fails_with_its_path(spec_validator: SpecValidator, tmp_path: Path) -> None:
    ex = exchange("chat_completions_minimal")
    fields = {**ex.outcome.fields, "choices[0].message.content": "Goodbye"}
    wrong = dataclasses.replace(ex, outcome=dataclasses.replace(ex.outcome, fields=fields))
    error = failure(wrong, spec_validator, tmp_path)
    assert (
        'result.choices[0].message.content: expected "Goodbye", got "Hello! How can I help you today?"'
        in str(error)
    )


def test_a_wrong_event_fails_with_its_index(spec_validator: SpecValidator, tmp_path: Path) -> None:
    ex = exchange("chat_completions_stream")
    fields: List[Dict[str, Any]] = [dict(f) for f in ex.outcome.fields]
    fields[2]["choices[0].delta.content"] = "ca va"
    wrong = dataclasses.replace(ex, outcome=dataclasses.replace(ex.outcome, fields=fields))
    error = failure(wrong, spec_validator, tmp_path, Mode(is_async=True, split=True))
    assert 'events[2].choices[0].delta.content: expected "ca va", got "ça va ? 👋"' in str(error)


def test_a_response_that_breaks_the_spec_fails(spec_validator: SpecValidator, tmp_path: Path) -> None:
    ex = exchange("images_generations_minimal")
    interaction = ex.interactions[0]
    body = {"created": "yesterday", "data": [{"url": 3}]}
    broken = dataclasses.replace(interaction.response, json=body)
    bad = dataclasses.replace(ex, interactions=(Interaction(interaction.request, broken),))
    error = failure(bad, spec_validator, tmp_path)
    assert isinstance(error, SpecViolation)
    assert "spec: response.created: 'yesterday' is not of type 'number'" in str(error)
    assert "spec: response.data[0].url: 3 is not of type 'string'" in str(error)


def test_split_chunks_cut_events_and_characters() -> None:
    """The split variant really cuts mid-event and mid-character, and loses nothing."""
    recorded = exchange("chat_completions_stream").interactions[0].response
    whole, split = response_chunks(recorded, split=False), response_chunks(recorded, split=True)
    assert b"".join(split) == b"".join(whole) == recorded.body()
    assert len(whole) == len(recorded.events)
    assert not set(split) & set(whole)
    assert any(not _decodes(chunk) for chunk in split), "no chunk ends inside a multi-byte character"


# --- helpers --------------------------------------------------------------------------


def capture_first_request(ex: Exchange, validator: SpecValidator, tmp_path: Path) -> ObservedRequest:
    """The request the SDK really sends for `ex` (the replay checks it, then we keep it)."""
    replay = Replay(ex, validator, SYNC, tmp_path)
    replay.run()
    return replay.requests[0]


def json_request(path: str, body: Any) -> ObservedRequest:
    request = httpx.Request(
        "POST", f"https://my.orq.ai{path}", json=body, headers={"Authorization": "Bearer k"}
    )
    return ObservedRequest.from_httpx(request)


def _part_text(body: bytes, boundary: str, name: str) -> str:
    for chunk in body.split(f"--{boundary}".encode()):
        if f'name="{name}"'.encode() in chunk:
            return chunk.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0].decode()
    raise KeyError(name)


def _with_part(observed: ObservedRequest, boundary: str, name: str, text: str) -> httpx.Request:
    old = _part_text(observed.content, boundary, name).encode()
    content = observed.content.replace(old, text.encode())
    headers = [(k, v) for k, v in observed.headers.multi_items() if k != "content-length"]
    return httpx.Request(observed.method, observed.url, headers=headers, content=content)


def _decodes(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True

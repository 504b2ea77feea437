"""Every operation, and every python example of the reference docs, against a real Prism mock server.

The calls are those of the recorded exchanges that succeed (required arguments only, all
arguments, uploads from bytes and from a file, streaming), sync and async. A call fails on
an `sl-violations` header, on any error Prism generates, and on a request or response
that breaks the spec (see contract.prism).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import httpx
import pytest

from contract import docs_examples, sdk
from contract.calls import perform
from contract.exchange import Exchange, load_all
from contract.prism import PrismServer, PrismViolation, prism_spec
from contract.openapi_check import SpecValidator

SUCCESSFUL = [exchange for exchange in load_all() if exchange.outcome.kind != "error"]
PRISM_KEY = "sk-prism-0123456789"


def prism_client(prism: PrismServer, is_async: bool) -> Any:
    """A client on Prism; retries off, so an unexpected error surfaces at once."""
    if is_async:
        return sdk.Client(
            api_key=PRISM_KEY,
            server_url=prism.url,
            retry_config=None,
            async_client=httpx.AsyncClient(transport=prism.async_transport()),
        )
    return sdk.Client(
        api_key=PRISM_KEY,
        server_url=prism.url,
        retry_config=None,
        client=httpx.Client(transport=prism.transport()),
    )


def call_on_prism(prism: PrismServer, exchange: Exchange, is_async: bool, tmp_path: Path) -> List[Any]:
    """The call's typed results: the result itself, or the events of a stream."""
    result, error = perform(prism_client(prism, is_async), exchange.call, is_async, tmp_path)
    if error is not None:
        raise error
    return result if isinstance(result, list) else [result]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("exchange", SUCCESSFUL, ids=[e.name for e in SUCCESSFUL])
def test_operation_on_prism(prism: PrismServer, exchange: Exchange, is_async: bool, tmp_path: Path) -> None:
    calls = prism.calls
    results = call_on_prism(prism, exchange, is_async, tmp_path)
    assert prism.calls == calls + 1, "the call should reach Prism exactly once"
    assert results, "a stream from Prism should carry at least one event"
    assert {type(r).__name__ for r in results} == {exchange.outcome.type_name}


def test_prism_rejections_fail_the_call(prism: PrismServer) -> None:
    """A request that breaks the spec fails with Prism's and openapi-core's findings."""
    body = {"prompt": "p", "model": "m", "quality": "ultra"}
    with httpx.Client(transport=prism.transport(), base_url=prism.url) as client:
        with pytest.raises(PrismViolation) as info:
            client.post(
                "/v2/router/images/generations", json=body, headers={"Authorization": f"Bearer {PRISM_KEY}"}
            )
    message = str(info.value)
    assert "Prism answered 422" in message and "Request body property quality must be" in message
    assert "spec: request body.quality: 'ultra' is not valid" in message


def test_sl_violations_header_fails_the_call(spec_validator: SpecValidator, tmp_path: Path) -> None:
    server = PrismServer(tmp_path, spec_validator)
    request = httpx.Request(
        "POST", "http://127.0.0.1:9/v2/router/images/generations", json={"prompt": "p", "model": "m"}
    )
    violation = '[{"location":["request","body"],"severity":"Warning","message":"unexpected"}]'
    response = httpx.Response(
        200, json={"created": 1, "data": []}, headers={"sl-violations": violation}, request=request
    )
    with pytest.raises(PrismViolation, match="sl-violations: .*unexpected"):
        server.check(request, response)
    assert server.calls == 1


def test_prism_spec_changes_only_what_prism_cannot_serve(spec_validator: SpecValidator) -> None:
    original = spec_validator.document
    derived = prism_spec(original)
    chat, images = "/v2/router/chat/completions", "/v2/router/images/variations"
    sse = derived["paths"][chat]["post"]["responses"]["200"]["content"]["text/event-stream"]
    assert sse["schema"] == {"type": "string"}
    events = sse["example"].split("\n\n")
    assert events[0].startswith("data: {") and events[1] == "data: [DONE]" and events[2:] == [""]
    form = derived["paths"][images]["post"]["requestBody"]["content"]["multipart/form-data"]
    was = original["paths"][images]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"]["properties"].pop("orq") == {
        "type": "string",
        "contentMediaType": "application/json",
    }
    assert form["schema"]["properties"] == {
        k: v for k, v in was["schema"]["properties"].items() if k != "orq"
    }
    assert derived["paths"][chat]["post"]["requestBody"] == original["paths"][chat]["post"]["requestBody"]
    assert derived["components"] == original["components"]


# --- the reference docs -----------------------------------------------------------------

PAGES = docs_examples.pages()
BLOCKS = [
    pytest.param(page, line, code, id=f"{page.relative_to(docs_examples.GENERATED)}:{line}")
    for page in PAGES
    for line, code in docs_examples.python_blocks(page)
]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(docs_examples.GENERATED)) for p in PAGES])
def test_docs_page_has_examples(page: Path) -> None:
    if not docs_examples.docs_generated():
        pytest.skip("the reference docs are not generated yet (no USAGE.md)")
    assert docs_examples.python_blocks(page), f"{page} has no python example"


@pytest.mark.parametrize("page, line, code", BLOCKS)
def test_docs_example_runs_on_prism(
    prism: PrismServer, page: Path, line: int, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {sdk.API_KEY_ENV: PRISM_KEY, sdk.SERVER_URL_ENV: prism.url}
    docs_examples.sandbox(monkeypatch, prism, tmp_path, code, env)
    calls = prism.calls
    docs_examples.run(code, f"{page}:{line}")
    assert prism.calls > calls, "the example made no call to the API"


def test_examples_reach_prism_and_nothing_else() -> None:
    api = httpx.Request("POST", "https://my.orq.ai/v2/router/chat/completions?x=1", json={})
    moved = docs_examples.redirect(api, "http://127.0.0.1:4010", "my.orq.ai")
    assert str(moved.url) == "http://127.0.0.1:4010/v2/router/chat/completions?x=1"
    assert moved.headers["host"] == "127.0.0.1:4010"
    with pytest.raises(AssertionError, match="neither the API's server nor Prism"):
        docs_examples.redirect(
            httpx.Request("GET", "https://example.com/"), "http://127.0.0.1:4010", "my.orq.ai"
        )

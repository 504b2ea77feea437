"""The Python examples of the seed documents run as written against generated/.

An httpx.MockTransport stands in for the server; each test checks the request the
example sent (method, path, bearer key from ORQ_API_KEY, JSON body or multipart parts)
and that the typed result holds the response's values.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest

from mockapi import MockAPI, patch_httpx, sse

SHARED_FOR_REBUILD = Path(__file__).resolve().parents[2] / "shared"
IMAGES = "/v2/router/images/generations"
VARIATIONS = "/v2/router/images/variations"
CHAT = "/v2/router/chat/completions"

IMAGE_RESPONSE = {
    "created": 1712345678,
    "data": [{"url": "https://cdn.example.com/a.png", "revised_prompt": "a red fox"}],
    "usage": {"input_tokens": 10, "output_tokens": 20, "total_tokens": 30},
}
CHAT_RESPONSE = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1712345678,
    "model": "openai/gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello there"}}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
}


def chunk(text: str, finish: Any = None) -> Dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1712345678,
        "model": "openai/gpt-4o",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}],
    }


def seed_example(shared: Path, seed: str, operation_id: str) -> str:
    """The python block that follows the UsageSnippet comment of `operation_id`."""
    text = (shared / "seeds" / seed).read_text(encoding="utf-8")
    pattern = rf'operationID="{operation_id}"[^\n]*-->\n```python\n(.*?)```'
    match = re.search(pattern, text, re.S)
    assert match, f"{seed} has no example for {operation_id}"
    return match.group(1)


def run(code: str) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {"__name__": "__seed_example__"}
    exec(compile(code, "<seed example>", "exec"), namespace)
    return namespace


IDENTITY = {
    "id": "contact_01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "display_name": "Jane Doe",
    "email": "jane.doe@example.com",
    "metadata": [{"department": "Engineering", "role": "Senior Developer"}],
    "logo_url": "https://example.com/avatars/jane-doe.jpg",
    "tags": ["hr", "engineering"],
}


def test_seed_000_image_generation(shared: Path, api_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    api = MockAPI()
    api.json("POST", IMAGES, IMAGE_RESPONSE)
    patch_httpx(monkeypatch, api)

    namespace = run(seed_example(shared, "000_91654f59b1e0483c.txt", "createImage"))

    (request,) = api.requests
    assert (request.method, request.path) == ("POST", IMAGES)
    assert request.headers["authorization"] == f"Bearer {api_env}"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {
        "prompt": "<value>",
        "model": "2",
        "n": 1,
        "orq": {
            "retry": {"count": 3, "on_codes": [429, 500, 502, 503, 504]},  # nested defaults sent, as Speakeasy sends them
            "fallbacks": [{"model": "openai/gpt-4o-mini"}],
            "identity": IDENTITY,
            "cache": {"ttl": 3600, "type": "exact_match"},
            "load_balancer": {
                "type": "weight_based",
                "models": [{"model": "openai/gpt-4o", "weight": 0.7}, {"model": "anthropic/claude-3-5-sonnet", "weight": 0.3}],
            },
            "timeout": {"call_timeout": 30000},
        },
    }
    res = namespace["res"]
    assert type(res).__name__ == "CreateImageResponseBody"
    assert res.created == 1712345678
    assert res.data[0].url == "https://cdn.example.com/a.png"
    assert res.data[0].revised_prompt == "a red fox"
    assert res.usage.total_tokens == 30


def flattened_example(shared: Path, seed: str) -> str:
    """The code of a page whose text lost its indentation (seed 001, a web page): the lines
    from the first `from` to "Show Parameters", indented again by bracket depth and by the
    `with ...:` block; nothing else changes."""
    text = (shared / "seeds" / seed).read_text(encoding="utf-8")
    start = text.index("from ")
    code = text[start : text.index("Show Parameters", start)]
    lines: List[str] = []
    levels: List[int] = []  # brackets opened per indentation level
    block = 0
    for line in code.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        closes_first = stripped[0] in ")]}" and bool(levels)
        lines.append("    " * (block + len(levels) - closes_first) + stripped)
        net = sum(stripped.count(c) for c in "([{") - sum(stripped.count(c) for c in ")]}")
        if net > 0:
            levels.append(net)
        else:
            _close(levels, -net)
        if not levels and stripped.endswith(":"):
            block += 1
    return "\n".join(lines) + "\n"


def _close(levels: List[int], count: int) -> None:
    while count and levels:
        taken = min(count, levels[-1])
        levels[-1] -= taken
        count -= taken
        if not levels[-1]:
            levels.pop()


def test_seed_001_flattened_example_rebuilt() -> None:
    """The rebuilt text is the flattened text: only leading whitespace differs."""
    code = flattened_example(SHARED_FOR_REBUILD, "001_1b458b1e7eec8caf.txt") if SHARED_FOR_REBUILD.is_dir() else pytest.skip("no seeds")
    compile(code, "<seed 001>", "exec")
    text = (SHARED_FOR_REBUILD / "seeds" / "001_1b458b1e7eec8caf.txt").read_text(encoding="utf-8")
    flat = text[text.index("from ") : text.index("Show Parameters")]
    assert [line.strip() for line in code.splitlines()] == [line for line in flat.splitlines() if line.strip()]
    assert "    res = orq.router.images.generations.create(prompt=" in code
    assert '    }, cache={\n        "ttl": 3600,' in code and code.endswith("    })\n    # Handle response\n    print(res)\n")


def test_seed_001_router_fields_beside_orq(shared: Path, api_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    api = MockAPI()
    api.json("POST", IMAGES, IMAGE_RESPONSE)
    patch_httpx(monkeypatch, api)

    namespace = run(flattened_example(shared, "001_1b458b1e7eec8caf.txt"))

    (request,) = api.requests
    assert (request.method, request.path) == ("POST", IMAGES)
    assert request.headers["authorization"] == f"Bearer {api_env}"
    body = request.json()
    assert body == {
        "prompt": "<value>",
        "model": "2",
        "n": 1,
        "retry": {"count": 3, "on_codes": [429, 500, 502, 503, 504]},
        "cache": {"ttl": 3600, "type": "exact_match"},
        "load_balancer": {"type": "weight_based", "models": []},
        "timeout": {"call_timeout": 30000},
        "orq": {
            "retry": {"count": 3, "on_codes": [429, 500, 502, 503, 504]},  # nested defaults sent, as Speakeasy sends them
            "fallbacks": [{"model": "openai/gpt-4o-mini"}],
            "identity": IDENTITY,
            "cache": {"ttl": 3600, "type": "exact_match"},
            "load_balancer": {
                "type": "weight_based",
                "models": [{"model": "openai/gpt-4o", "weight": 0.7}, {"model": "anthropic/claude-3-5-sonnet", "weight": 0.3}],
            },
            "timeout": {"call_timeout": 30000},
        },
    }
    assert namespace["res"].data[0].url == "https://cdn.example.com/a.png"


def test_seed_004_image_variation_multipart(shared: Path, api_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    api = MockAPI()
    api.json("POST", VARIATIONS, IMAGE_RESPONSE)
    patch_httpx(monkeypatch, api)

    namespace = run(seed_example(shared, "004_424d2e14898cff6c.txt", "createImageVariation"))

    (request,) = api.requests
    assert (request.method, request.path) == ("POST", VARIATIONS)
    assert request.headers["authorization"] == f"Bearer {api_env}"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = request.multipart()
    assert {name: value for name, (_, _, value) in parts.items() if name != "orq"} == {
        "model": b"Altima",
        "n": b"1",
        "response_format": b"url",
        "size": b"1024x1024",
    }
    assert parts["orq"][:2] == (None, "application/json")  # an object: one JSON part, as Speakeasy sends it
    orq = json.loads(parts["orq"][2])
    assert orq["prompt"] == {"id": "prompt_01ARZ3NDEKTSV4RRFFQ69G5FAV", "version": "latest"}
    assert orq["contact"] == IDENTITY and orq["identity"] == IDENTITY
    assert orq["load_balancer"] == [{"type": "weight_based", "model": "openai/gpt-4o", "weight": 0.7}] * 2
    assert orq["retry"] == {"count": 3, "on_codes": [429, 500, 502, 503, 504]}
    assert namespace["res"].data[0].url == "https://cdn.example.com/a.png"


@pytest.mark.parametrize("source", ["bytes", "file object"])
def test_variation_uploads_a_real_file(api_env: str, source: str) -> None:
    from orq_ai_sdk import Orq
    from orq_ai_sdk.models import File

    api = MockAPI()
    api.json("POST", VARIATIONS, IMAGE_RESPONSE)
    payload = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    content: Any = payload if source == "bytes" else io.BytesIO(payload)
    with Orq(client=httpx.Client(transport=api.transport())) as orq:
        res = orq.router.images.variations.create(model="openai/dall-e-2", image=File(file_name="cat.png", content=content, content_type="image/png"))

    parts = api.requests[0].multipart()
    assert parts["image"] == ("cat.png", "image/png", payload)
    assert parts["model"][2] == b"openai/dall-e-2"
    assert res.created == 1712345678


def _chat_api() -> MockAPI:
    api = MockAPI()

    def answer(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content).get("stream"):
            body = sse([chunk("Hel"), chunk("lo"), chunk("", "stop")])
            return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
        return httpx.Response(200, json=CHAT_RESPONSE)

    api.route("POST", CHAT, answer)
    return api


def test_seed_003_chat_completions_streaming(shared: Path, api_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    api = _chat_api()
    patch_httpx(monkeypatch, api)
    code = seed_example(shared, "003_9e06578596410561.txt", "createChatCompletion")
    assert "stream=False" in code  # the seed passes False and then iterates; run it streaming

    run(code.replace("stream=False", "stream=True"))

    (request,) = api.requests
    # as orq-ai-sdk sends it, with the event stream preferred since events are asked for
    assert request.headers["accept"] == "text/event-stream;q=1, application/json;q=0"
    assert request.headers["authorization"] == f"Bearer {api_env}"
    body = request.json()
    assert body["messages"] == [] and body["model"] == "Model 3" and body["stream"] is True
    assert body["orq"]["thread"] == {"id": "thread_01ARZ3NDEKTSV4RRFFQ69G5FAV", "tags": ["customer-support"]}
    assert body["orq"]["knowledge_bases"] == [{"top_k": 5, "knowledge_id": "knowledge_01ARZ3NDEKTSV4RRFFQ69G5FAV"}]
    assert body["orq"]["inputs"] == {"customer_name": "John Smith", "issue_type": "billing"}
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3  # three chunks; the [DONE] sentinel ends the stream
    assert "Hel" in printed[0] and "lo" in printed[1] and "stop" in printed[2]


def test_seed_003_chat_completions_without_streaming(shared: Path, api_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    api = _chat_api()
    patch_httpx(monkeypatch, api)
    code = seed_example(shared, "003_9e06578596410561.txt", "createChatCompletion")
    code = re.sub(r"\n    with res as event_stream:.*", "\n    print(res)\n", code, flags=re.S)

    namespace = run(code)

    body = api.requests[0].json()
    assert body["stream"] is False
    assert api.requests[0].headers["accept"] == "application/json;q=1, text/event-stream;q=0"  # orq-ai-sdk's
    res = namespace["res"]
    assert type(res).__name__ == "ChatCompletion"
    assert res.choices[0].message.content == "Hello there"
    assert res.usage.total_tokens == 5


def test_injected_clients_server_url_and_async_twins(api_env: str) -> None:
    from orq_ai_sdk import Orq

    api = _chat_api()
    api.json("POST", IMAGES, IMAGE_RESPONSE)
    sync_client = httpx.Client(transport=api.transport())
    async_client = httpx.AsyncClient(transport=api.transport())
    orq = Orq(api_key="explicit-key", server_url="https://staging.example.com/", client=sync_client, async_client=async_client)

    res = orq.router.images.generations.create(prompt="a fox", model="openai/dall-e-3")

    async def calls() -> Any:
        image = await orq.router.images.generations.create_async(prompt="a fox", model="openai/dall-e-3")
        stream = await orq.router.chat_completions_async(messages=[{"role": "user", "content": "hi"}], model="m", stream=True)
        async with stream as events:
            texts = [event.choices[0].delta.content async for event in events]
        return image, texts

    image, texts = asyncio.run(calls())
    assert res.created == image.created == 1712345678
    assert texts == ["Hel", "lo", ""]
    assert {r.url.host for r in api.requests} == {"staging.example.com"}
    assert str(api.requests[0].url) == f"https://staging.example.com{IMAGES}"
    assert all(r.headers["authorization"] == "Bearer explicit-key" for r in api.requests)
    orq.close()
    assert not sync_client.is_closed  # an injected client belongs to the caller
    sync_client.close()


def test_every_method_has_an_async_twin() -> None:
    import inspect

    from orq_ai_sdk import Orq

    orq = Orq(api_key="k")
    methods = {
        "router.images.generations.create": orq.router.images.generations,
        "router.images.variations.create": orq.router.images.variations,
        "router.chat_completions": orq.router,
    }
    for dotted, resource in methods.items():
        name = dotted.rsplit(".", 1)[1]
        assert callable(getattr(resource, name)), dotted
        assert inspect.iscoroutinefunction(getattr(resource, name + "_async")), dotted


def test_seed_003_images_generate_is_handled_explicitly(shared: Path, api_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seed 003's `images_generate` example does not run even against the SDK it documents:
    it passes `orq.load_balancer` as a list of `{type, model, weight}` (the shape of
    createImageVariation's), where createImage takes `{type, models}`, and it calls the
    operation under an older grouping (`/v2/gateway`: `router.images_generate`, which is
    seed 000's `router.images.generations.create`). Run as written, each fault is a clear
    error before anything is sent; with the method named as seed 000 names it and the load
    balancer in the documented shape, the same call runs."""
    api = MockAPI()
    api.json("POST", IMAGES, IMAGE_RESPONSE)
    patch_httpx(monkeypatch, api)
    code = seed_example(shared, "003_9e06578596410561.txt", "createImage")

    with pytest.raises(AttributeError, match="images_generate"):
        run(code)
    renamed = code.replace("orq.router.images_generate(", "orq.router.images.generations.create(")
    with pytest.raises(ValueError) as raised:  # the SDK's own error, naming the argument
        run(renamed)
    assert type(raised.value).__name__ == "SDKValidationError" and raised.value.field == "orq"  # type: ignore[attr-defined]
    assert [".".join(map(str, e["loc"])) for e in raised.value.errors] == ["orq.load_balancer"]  # type: ignore[attr-defined]
    assert api.requests == []

    listed = re.search(r'"load_balancer": \[\n.*?\n        \],\n', renamed, re.S)
    assert listed, "the seed's load_balancer list"
    fixed = renamed.replace(listed.group(0), '"load_balancer": {"type": "weight_based", "models": [{"model": "openai/gpt-4o", "weight": 0.7}]},\n')
    run(fixed)
    (request,) = api.requests
    body = request.json()
    assert (request.method, request.path, body["prompt"], body["model"], body["n"]) == ("POST", IMAGES, "<value>", "2", 1)
    assert body["orq"]["load_balancer"] == {"type": "weight_based", "models": [{"model": "openai/gpt-4o", "weight": 0.7}]}
    assert body["orq"]["contact"] == IDENTITY and body["orq"]["retry"] == {"count": 3, "on_codes": [429, 500, 502, 503, 504]}

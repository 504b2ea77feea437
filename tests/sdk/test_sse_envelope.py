"""SSE responses whose event schema is Speakeasy's envelope ({event, data, id, retry}, the
payload in `data`): each event is the envelope with its payload parsed into `data`, as the
official SDKs give it; the sentinel ends the stream (tests/sdk/specs/envelope.yaml)."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).resolve().parent / "specs" / "envelope.yaml"


@pytest.fixture(scope="module")
def envelope_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("envelope")
    config = out.parent / "envelope-sdk.yaml"
    config.write_text("package: envelope_sdk\nsdk_class: Envelope\nenv_prefix: ENVELOPE\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT, capture_output=True)
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("envelope_sdk")
    finally:
        sys.path.remove(str(out / "src"))


def streaming(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers={"content-type": "text/event-stream"}))


BODY = (
    b'event: chunk\nid: 1\ndata: {"text": "Hel", "index": 0}\n\n'
    b': a comment\n\n'
    b'data: {"text": "lo",\ndata:  "index": 1}\n\n'
    b"data: [DONE]\n\n"
    b'data: {"text": "after the sentinel"}\n\n'
)


def test_the_payload_is_parsed_into_data_and_the_sentinel_ends_the_stream(envelope_sdk: Any) -> None:
    with envelope_sdk.Envelope(api_key="k", client=httpx.Client(transport=streaming(BODY))) as client:
        with client.completions.create(prompt="hi", stream=True) as events:
            received = list(events)
    assert [type(e).__name__ for e in received] == ["ChunkEvent", "ChunkEvent"]
    assert [(e.event, e.id, e.data.text, e.data.index) for e in received] == [("chunk", "1", "Hel", 0), (None, "1", "lo", 1)]
    assert type(received[0].data).__name__ == "Chunk"


def test_async_twin_and_an_operation_that_only_streams(envelope_sdk: Any) -> None:
    body = b'data: {"text": "a"}\n\ndata: {"text": "b"}\n\ndata: [END]\n\n'

    async def run() -> List[str]:
        client = envelope_sdk.Envelope(api_key="k", async_client=httpx.AsyncClient(transport=streaming(body)))
        stream = await client.runs.stream_async()
        async with stream as events:
            return [event.data.text async for event in events]

    assert asyncio.run(run()) == ["a", "b"]


def test_an_invalid_payload_raises_with_the_event_data(envelope_sdk: Any) -> None:
    body = b'data: {"index": 3}\n\n'
    with envelope_sdk.Envelope(api_key="k", client=httpx.Client(transport=streaming(body))) as client:
        with pytest.raises(envelope_sdk.errors.ResponseValidationError) as raised:
            list(client.runs.stream())
    assert '{"index": 3}' in str(raised.value.body)

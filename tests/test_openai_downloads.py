"""Downloads of an SDK generated from OpenAI's full spec (../shared/specs/openai-full.yaml).

`audio.speech.create` returns the bytes of an `audio/mpeg` answer (the spec declares
`application/octet-stream` and `text/event-stream`), file and video content stream to a
file, and every call sends the Accept header the operation can take.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "specs" / "openai-full.yaml"

pytestmark = [
    pytest.mark.fullspec,
    pytest.mark.skipif(not SPEC.is_file(), reason=f"{SPEC} is absent: the real-world specs live beside the repository"),
]


@pytest.fixture(scope="module")
def openai_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("openai-full")
    result = subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--lenient"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    package = next(p.name for p in (out / "src").iterdir() if (p / "__init__.py").is_file())
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out / "src"))


class Server:
    def __init__(self, status: int, content: bytes, content_type: str) -> None:
        self.answer = (status, content, content_type)
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, content, content_type = self.answer
        chunks = [content[i : i + 4096] for i in range(0, len(content), 4096)]
        return httpx.Response(status, headers={"content-type": content_type, "x-request-id": "req_1"}, stream=_Chunks(chunks))

    def client(self, sdk: Any) -> Any:
        transport = httpx.MockTransport(self)
        sdk_class = next(getattr(sdk, name) for name in sdk.__all__ if isinstance(getattr(sdk, name), type) and issubclass(getattr(sdk, name), sdk.utils.BaseSDK))
        return sdk_class(api_key="sk-test", client=httpx.Client(transport=transport), async_client=httpx.AsyncClient(transport=transport), retry_config=None)


class _Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, chunks: List[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            yield chunk


MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 64


def test_speech_returns_the_bytes_of_an_audio_mpeg_answer(openai_sdk: Any) -> None:
    server = Server(200, MP3, "audio/mpeg")
    client = server.client(openai_sdk)
    speech = client.audio.speech.create(model="gpt-4o-mini-tts", input="Hello", voice="alloy")
    assert isinstance(speech, openai_sdk.utils.BinaryResponse)
    assert speech.read() == MP3 and speech.content_type == "audio/mpeg"
    request = server.requests[0]
    assert request.headers["accept"] == "application/octet-stream;q=1, text/event-stream;q=0"
    assert json.loads(request.content) == {"model": "gpt-4o-mini-tts", "input": "Hello", "voice": "alloy"}


def test_speech_as_events_when_the_server_streams_them(openai_sdk: Any) -> None:
    events = b'data: {"type": "speech.audio.delta", "audio": "AAAA"}\n\ndata: {"type": "speech.audio.done", "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}}\n\n'
    client = Server(200, events, "text/event-stream").client(openai_sdk)
    with client.audio.speech.create(model="gpt-4o-mini-tts", input="Hello", voice="alloy", stream_format="sse") as stream:
        assert isinstance(stream, openai_sdk.utils.EventStream)
        assert [event.type for event in stream] == ["speech.audio.delta", "speech.audio.done"]


def test_speech_async_streams_to_a_file(openai_sdk: Any, tmp_path: Path) -> None:
    client = Server(200, MP3, "audio/mpeg").client(openai_sdk)

    async def go() -> int:
        speech = await client.audio.speech.create_async(model="gpt-4o-mini-tts", input="Hello", voice="alloy")
        assert isinstance(speech, openai_sdk.utils.AsyncBinaryResponse)
        return int(await speech.write_to_file(tmp_path / "speech.mp3"))

    assert asyncio.run(go()) == len(MP3) and (tmp_path / "speech.mp3").read_bytes() == MP3


def test_file_content_declared_as_a_json_string_streams_to_a_file(openai_sdk: Any, tmp_path: Path) -> None:
    data = b'{"custom_id": "1"}\n{"custom_id": "2"}\n' * 500 + b"\xff\xfe not json at all"
    server = Server(200, data, "application/octet-stream")
    content = server.client(openai_sdk).files.content(file_id="file-abc")
    assert content.write_to_file(tmp_path / "batch.jsonl") == len(data)
    assert (tmp_path / "batch.jsonl").read_bytes() == data and content.is_closed
    assert server.requests[0].url.path == "/v1/files/file-abc/content"
    assert server.requests[0].headers["accept"] == "application/json"  # as declared


def test_video_content_streams_to_a_file_and_asks_for_what_it_can_take(openai_sdk: Any, tmp_path: Path) -> None:
    video = b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 200_000
    server = Server(200, video, "video/mp4")
    client = server.client(openai_sdk)
    with pytest.warns(DeprecationWarning):
        content = client.videos.content(video_id="video_1")
    assert content.write_to_file(tmp_path / "video.mp4") == len(video)
    assert (tmp_path / "video.mp4").read_bytes() == video
    assert server.requests[0].headers["accept"] == "video/mp4;q=1, image/webp;q=0.5, application/json;q=0"


def test_raw_access_on_a_download_and_on_a_json_call(openai_sdk: Any) -> None:
    client = Server(200, MP3, "audio/mpeg").client(openai_sdk)
    with client.audio.speech.with_streaming_response.create(model="tts-1", input="Hi", voice="alloy") as raw:
        assert raw.status_code == 200 and raw.request_id == "req_1"
        assert b"".join(raw.iter_bytes()) == MP3
    model = {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}
    client = Server(200, json.dumps(model).encode(), "application/json").client(openai_sdk)
    raw = client.models.with_raw_response.retrieve(model="gpt-4o")
    assert raw.headers["x-request-id"] == "req_1" and raw.parse().owned_by == "openai"


def test_a_responses_stream_with_an_event_type_newer_than_the_spec_goes_on(openai_sdk: Any) -> None:
    delta = {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "i", "output_index": 0, "content_index": 0, "delta": "Hel", "logprobs": []}
    unknown = {"type": "response.brand_new_event", "sequence_number": 2, "detail": {"x": 1}}
    events = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in (delta, unknown, {**delta, "sequence_number": 3, "delta": "lo"}))
    server = Server(200, events, "text/event-stream")
    with server.client(openai_sdk).responses.create(model="gpt-4o", input="Hi", stream=True) as stream:
        received = list(stream)
    assert [type(e).__name__ for e in received] == ["ResponseTextDeltaEvent", "UnknownVariant", "ResponseTextDeltaEvent"]
    assert received[1].raw == unknown and received[2].delta == "lo"
    assert server.requests[0].headers["accept"] == "text/event-stream;q=1, application/json;q=0"

"""The request arguments and canned responses every client is measured on (stdlib only).

Responses follow the OpenAI wire format, which the emitted client and both peers parse.
They are built once, as bytes, so the mock transport's own cost is the same for all.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List

MODEL = "openai/gpt-4o"
MESSAGES: List[Dict[str, str]] = [
    {"role": "system", "content": "You are a concise assistant that answers questions about geography."},
    {"role": "assistant", "content": "Hello! Ask me anything about the world's countries and cities."},
    {"role": "user", "content": "What is the capital of France, and what is it known for?"},
]
IMAGE_PROMPT = "A red fox in the snow"
STREAM_CHUNKS = 2_000
MANY_CHOICES = 200
IMAGE_COUNT = 4
IMAGE_BYTES = 1 << 20  # each b64_json image decodes to 1 MB
UPLOAD_BYTES = 1 << 20
DOWNLOAD_BYTES = 200 << 20  # the download case: a 200 MB body streamed to a file
DOWNLOAD_CHUNK = b"\x00\x01\x02\x03" * (1 << 14)  # 64 KB, as a socket read might give it

_ANSWER = (
    "The capital of France is Paris. It is known for the Eiffel Tower, the Louvre museum, "
    "Notre-Dame cathedral, its cafes and cuisine, fashion houses, and the river Seine. "
) * 8


def _usage() -> Dict[str, Any]:
    return {"prompt_tokens": 42, "completion_tokens": 180, "total_tokens": 222}


def _choice(index: int) -> Dict[str, Any]:
    message = {"role": "assistant", "content": _ANSWER, "refusal": None}
    return {"index": index, "message": message, "finish_reason": "stop", "logprobs": None}


def chat_completion(choices: int = 1) -> bytes:
    body = {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": MODEL,
        "system_fingerprint": "fp_bench",
        "choices": [_choice(i) for i in range(choices)],
        "usage": _usage(),
    }
    return json.dumps(body).encode()


def chat_stream(chunks: int = STREAM_CHUNKS) -> bytes:
    events = []
    for i in range(chunks):
        delta = {"role": "assistant", "content": f"token{i} "} if i == 0 else {"content": f"token{i} "}
        finish = "stop" if i == chunks - 1 else None
        chunk = {
            "id": "chatcmpl-bench",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        events.append(f"data: {json.dumps(chunk)}\n\n")
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


def images_response() -> bytes:
    image = base64.b64encode(bytes(range(256)) * (IMAGE_BYTES // 256)).decode("ascii")
    data = [{"b64_json": image, "revised_prompt": IMAGE_PROMPT} for _ in range(IMAGE_COUNT)]
    return json.dumps({"created": 1_700_000_000, "data": data}).encode()


def variation_response() -> bytes:
    return json.dumps({"created": 1_700_000_000, "data": [{"url": "https://example.invalid/fox.png"}]}).encode()


def upload_bytes() -> bytes:
    return bytes(range(256)) * (UPLOAD_BYTES // 256)


def download_chunks(size: int = DOWNLOAD_BYTES) -> Any:
    """The body of the download case, produced as it is read (never held whole)."""
    for _ in range(size // len(DOWNLOAD_CHUNK)):
        yield DOWNLOAD_CHUNK

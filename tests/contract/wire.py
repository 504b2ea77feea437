"""What travels over the wire: requests parsed back into data, recorded responses rebuilt.

Requests are parsed (JSON as data, multipart part by part with the stdlib's MIME parser,
so the boundary never matters); responses are rebuilt from a fixture, an SSE body
either one event per chunk or cut into small chunks that split events mid-way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, AsyncIterator, Iterator, List, Optional, Sequence, Tuple

import httpx

from contract.exchange import Part, RecordedResponse

# Chunk sizes of the split variant, cycled: small and uneven, so the cuts land inside
# events, lines, field names and multi-byte characters alike.
SPLIT_SIZES = (1, 2, 3, 5, 7, 11, 13)


@dataclass(frozen=True)
class ObservedRequest:
    method: str
    url: httpx.URL
    headers: httpx.Headers
    content: bytes

    @classmethod
    def from_httpx(cls, request: httpx.Request) -> "ObservedRequest":
        return cls(request.method, request.url, request.headers, request.read())

    @property
    def path(self) -> str:
        return self.url.path

    @property
    def query(self) -> List[Tuple[str, str]]:
        return list(self.url.params.multi_items())

    @property
    def media_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.content)

    def parts(self) -> List[Part]:
        return parse_multipart(self.headers.get("content-type", ""), self.content)


def parse_multipart(content_type: str, body: bytes) -> List[Part]:
    """The parts of a multipart/form-data body, in order; text parts decoded as UTF-8."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ValueError(f"not a multipart body (Content-Type {content_type!r})")
    return [_part(part) for part in message.iter_parts()]


def _part(part: Message) -> Part:
    name = part.get_param("name", header="content-disposition")
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    filename = part.get_filename()
    if filename is not None:
        content_type = part.get("content-type")
        return Part(
            name=str(name),
            filename=str(filename),
            content_type=None if content_type is None else str(content_type),
            content=content,
        )
    return Part(name=str(name), value=content.decode("utf-8"))


# --- responses ---------------------------------------------------------------------------


class ChunkStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body delivered in the given chunks, to sync and async clients alike."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        self.chunks = list(chunks)

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def response_chunks(recorded: RecordedResponse, split: bool) -> List[bytes]:
    """SSE: one event per chunk, or (split) small uneven chunks cutting across events."""
    if recorded.body_kind != "sse":
        return [recorded.body()]
    if not split:
        return [event.wire() for event in recorded.events]
    body = recorded.body()
    chunks: List[bytes] = []
    start = 0
    while start < len(body):
        size = SPLIT_SIZES[len(chunks) % len(SPLIT_SIZES)]
        chunks.append(body[start : start + size])
        start += size
    return chunks


def build_response(recorded: RecordedResponse, request: httpx.Request, split: bool = False) -> httpx.Response:
    return httpx.Response(
        recorded.status,
        headers=list(recorded.headers.items()),
        stream=ChunkStream(response_chunks(recorded, split)),
        request=request,
    )


def parse_sse(body: bytes) -> List[Tuple[Optional[str], str]]:
    """(event, data) of each event of a complete SSE body (test-side, independent of the SDK)."""
    events: List[Tuple[Optional[str], str]] = []
    text = body.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    for block in text.split("\n\n"):
        data: List[str] = []
        event: Optional[str] = None
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
            elif name == "event":
                event = value
        if data:
            events.append((event, "\n".join(data)))
    return events

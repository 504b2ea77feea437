"""Runs one client's cases in this process and prints the results as JSON.

    python bench/clients.py CLIENT first IMPORT   run IMPORT, then time constructing the
                                                   client and making one chat call
    python bench/clients.py CLIENT calls      every in-process case, medians of rounds
    python bench/clients.py CLIENT download   a 200 MB body streamed to a file (raw, ours):
                                                   seconds, MB/s, peak RSS before and after

CLIENT is raw (httpx + json), ours (the emitted SDK, importable), openai, orq (the
Speakeasy SDK) or r9s. Every client gets the same canned responses through a mock
transport of its own httpx (openai uses the httpx2 fork), so only the client differs.
Run with the interpreter of the venv that holds the client; stdlib otherwise.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import tempfile
import sys
import time
from typing import Any, Callable, Dict, List, Optional

import payloads as p

BASE = "http://bench.invalid"


class Server:
    """The mock's answers by path suffix; the chat answer is switched between cases."""

    def __init__(self, http: Any) -> None:
        self.http = http
        self.chat = p.chat_completion()
        self.stream = p.chat_stream()
        self.images = p.images_response()
        self.variation = p.variation_response()

    def handle(self, request: Any) -> Any:
        body = request.read()
        path = request.url.path
        if path.endswith("/chat/completions"):
            if b'"stream":true' in body.replace(b" ", b""):
                return self.http.Response(200, content=self.stream, headers={"content-type": "text/event-stream"})
            return self._json(self.chat)
        if path.endswith("/images/generations"):
            return self._json(self.images)
        if path.endswith("/images/variations"):
            return self._json(self.variation)
        if path.endswith("/content"):
            return self.http.Response(200, content=p.download_chunks(), headers={"content-type": "application/octet-stream"})
        return self.http.Response(404, content=b"{}", headers={"content-type": "application/json"})

    def _json(self, content: bytes) -> Any:
        return self.http.Response(200, content=content, headers={"content-type": "application/json"})

    def transport(self) -> Any:
        return self.http.MockTransport(self.handle)


class Client:
    """One client under test: the same calls, each spelled the way that client spells them."""

    upload_supported = True

    def __init__(self, server: Server) -> None:
        self.server = server

    def chat(self) -> int: ...
    def stream(self) -> int: ...
    def image(self) -> int: ...
    def upload(self) -> int: ...
    async def chat_async(self) -> int: ...
    def download(self, path: str) -> int: ...


class Raw(Client):
    def __init__(self, server: Server) -> None:
        import httpx

        super().__init__(server)
        self.client = httpx.Client(base_url=BASE, transport=server.transport())
        self.async_client = httpx.AsyncClient(base_url=BASE, transport=server.transport())
        self.headers = {"Authorization": "Bearer key", "Content-Type": "application/json", "Accept": "application/json"}

    def _post(self, path: str, body: Dict[str, Any]) -> Any:
        return json.loads(self.client.post(path, content=json.dumps(body), headers=self.headers).content)

    def chat(self) -> int:
        return len(self._post("/chat/completions", {"model": p.MODEL, "messages": p.MESSAGES})["choices"])

    def stream(self) -> int:
        count = 0
        body = json.dumps({"model": p.MODEL, "messages": p.MESSAGES, "stream": True})
        with self.client.stream("POST", "/chat/completions", content=body, headers=self.headers) as response:
            for line in response.iter_lines():
                if line.startswith("data: "):
                    if line[6:] == "[DONE]":
                        break
                    json.loads(line[6:])
                    count += 1
        return count

    def image(self) -> int:
        return len(self._post("/images/generations", {"prompt": p.IMAGE_PROMPT, "model": p.MODEL, "response_format": "b64_json"})["data"])

    def upload(self) -> int:
        files = {"image": ("fox.png", p.upload_bytes(), "image/png")}
        response = self.client.post("/images/variations", data={"model": p.MODEL}, files=files, headers={"Authorization": "Bearer key"})
        return len(json.loads(response.content)["data"])

    async def chat_async(self) -> int:
        body = json.dumps({"model": p.MODEL, "messages": p.MESSAGES})
        response = await self.async_client.post("/chat/completions", content=body, headers=self.headers)
        return len(json.loads(response.content)["choices"])

    def download(self, path: str) -> int:
        written = 0
        with self.client.stream("GET", "/files/f1/content", headers={"Authorization": "Bearer key"}) as response:
            with open(path, "wb") as file:
                for chunk in response.iter_bytes():
                    written += file.write(chunk)
        return written


class Ours(Client):
    def __init__(self, server: Server) -> None:
        import httpx
        from orq_ai_sdk import Orq

        super().__init__(server)
        self.sdk = Orq(api_key="key", server_url=BASE, client=httpx.Client(transport=server.transport()), async_client=httpx.AsyncClient(transport=server.transport()))

    def chat(self) -> int:
        return len(self.sdk.router.chat_completions(messages=p.MESSAGES, model=p.MODEL).choices)  # type: ignore[arg-type]

    def stream(self) -> int:
        with self.sdk.router.chat_completions(messages=p.MESSAGES, model=p.MODEL, stream=True) as events:  # type: ignore[arg-type]
            return sum(1 for _ in events)

    def image(self) -> int:
        return len(self.sdk.router.images.generations.create(prompt=p.IMAGE_PROMPT, model=p.MODEL, response_format="b64_json").data)

    def download(self, path: str) -> int:
        # The Router API has no download: this is what a generated download method runs
        # (`send` of an operation declared binary, then its BinaryResponse), minus arguments.
        from orq_ai_sdk import utils

        op = utils.Operation(operation_id="downloadFile", method="GET", path="/files/{file_id}/content", accept="application/octet-stream", download=True)
        response = self.sdk._client.send(op, path_params={"file_id": "f1"})
        return utils.BinaryResponse(response).write_to_file(path)

    def upload(self) -> int:
        image = {"file_name": "fox.png", "content": p.upload_bytes(), "content_type": "image/png"}
        return len(self.sdk.router.images.variations.create(model=p.MODEL, image=image).data or [])  # type: ignore[arg-type]

    async def chat_async(self) -> int:
        return len((await self.sdk.router.chat_completions_async(messages=p.MESSAGES, model=p.MODEL)).choices)  # type: ignore[arg-type]


class OpenAI(Client):
    def __init__(self, server: Server) -> None:
        import openai

        super().__init__(server)
        self.sdk = openai.OpenAI(api_key="key", base_url=BASE + "/v1", http_client=server.http.Client(transport=server.transport()), max_retries=0)
        self.async_sdk = openai.AsyncOpenAI(api_key="key", base_url=BASE + "/v1", http_client=server.http.AsyncClient(transport=server.transport()), max_retries=0)

    def chat(self) -> int:
        return len(self.sdk.chat.completions.create(model=p.MODEL, messages=p.MESSAGES).choices)  # type: ignore[arg-type]

    def stream(self) -> int:
        with self.sdk.chat.completions.create(model=p.MODEL, messages=p.MESSAGES, stream=True) as events:  # type: ignore[arg-type]
            return sum(1 for _ in events)

    def image(self) -> int:
        return len(self.sdk.images.generate(prompt=p.IMAGE_PROMPT, model=p.MODEL, response_format="b64_json").data or [])

    def upload(self) -> int:
        return len(self.sdk.images.create_variation(image=("fox.png", p.upload_bytes(), "image/png"), model=p.MODEL).data or [])

    async def chat_async(self) -> int:
        return len((await self.async_sdk.chat.completions.create(model=p.MODEL, messages=p.MESSAGES)).choices)  # type: ignore[arg-type]


class Orq(Client):
    """The Speakeasy-generated orq-ai-sdk (same package name as ours: run without ours on the path)."""

    def __init__(self, server: Server) -> None:
        import httpx
        from orq_ai_sdk import Orq as Sdk

        super().__init__(server)
        self.sdk = Sdk(api_key="key", server_url=BASE, client=httpx.Client(transport=server.transport()), async_client=httpx.AsyncClient(transport=server.transport()))

    def chat(self) -> int:
        return len(self.sdk.router.chat.completions.create(messages=p.MESSAGES, model=p.MODEL).choices)  # type: ignore[arg-type]

    def stream(self) -> int:
        with self.sdk.router.chat.completions.create(messages=p.MESSAGES, model=p.MODEL, stream=True) as events:  # type: ignore[arg-type]
            return sum(1 for _ in events)

    def image(self) -> int:
        return len(self.sdk.router.images.generations.create(prompt=p.IMAGE_PROMPT, model=p.MODEL, response_format="b64_json").data)

    def upload(self) -> int:
        image = {"file_name": "fox.png", "content": p.upload_bytes(), "content_type": "image/png"}
        return len(self.sdk.router.images.variations.create(model=p.MODEL, image=image).data)  # type: ignore[arg-type]

    async def chat_async(self) -> int:
        return len((await self.sdk.router.chat.completions.create_async(messages=p.MESSAGES, model=p.MODEL)).choices)  # type: ignore[arg-type]


class R9s(Client):
    upload_supported = False  # its API has no image variations

    def __init__(self, server: Server) -> None:
        import httpx
        from r9s import R9S

        super().__init__(server)
        self.sdk = R9S(api_key="key", server_url=BASE, client=httpx.Client(transport=server.transport()), async_client=httpx.AsyncClient(transport=server.transport()))

    def chat(self) -> int:
        return len(self.sdk.chat.create(model=p.MODEL, messages=p.MESSAGES).choices)  # type: ignore[arg-type]

    def stream(self) -> int:
        with self.sdk.chat.create(model=p.MODEL, messages=p.MESSAGES, stream=True) as events:  # type: ignore[arg-type]
            return sum(1 for _ in events)

    def image(self) -> int:
        return len(self.sdk.images.create(prompt=p.IMAGE_PROMPT, model=p.MODEL, response_format="b64_json").data or [])  # type: ignore[union-attr]

    async def chat_async(self) -> int:
        return len((await self.sdk.chat.create_async(model=p.MODEL, messages=p.MESSAGES)).choices)  # type: ignore[arg-type]


CLIENTS: Dict[str, Callable[[Server], Client]] = {"raw": Raw, "ours": Ours, "openai": OpenAI, "orq": Orq, "r9s": R9s}


def http_module(name: str) -> Any:
    if name == "openai":
        import openai._base_client as base  # the httpx (or fork) that this openai uses

        return base.httpx if hasattr(base, "httpx") else base.httpx2  # type: ignore[attr-defined]
    import httpx

    return httpx


def first_call(name: str, statement: str) -> Dict[str, float]:
    """Run the import statement that the import benchmark times (not timed here), then time
    building the client and its first chat call."""
    exec(statement, {})  # a constant of bench/runtime.py, e.g. "from orq_ai_sdk import Orq"
    server = Server(http_module(name))
    started = time.perf_counter()
    client = CLIENTS[name](server)
    built = time.perf_counter()
    client.chat()
    done = time.perf_counter()
    return {"construct_ms": (built - started) * 1e3, "first_call_ms": (done - built) * 1e3, "total_ms": (done - started) * 1e3}


def per_call(call: Callable[[], Any], rounds: int, budget: float) -> float:
    """Median seconds per call over `rounds` rounds of about `budget` seconds each."""
    started = time.perf_counter()
    for _ in range(3):
        call()
    single = max((time.perf_counter() - started) / 3, 1e-7)
    count = max(1, int(budget / single))
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(count):
            call()
        times.append((time.perf_counter() - started) / count)
    return statistics.median(times)


def async_batches(client: Client, rounds: int, size: int = 50) -> float:
    """Median seconds per call, calls made `size` at a time with asyncio.gather."""

    async def run() -> float:
        await asyncio.gather(*(client.chat_async() for _ in range(size)))
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            await asyncio.gather(*(client.chat_async() for _ in range(size)))
            times.append((time.perf_counter() - started) / size)
        return statistics.median(times)

    return asyncio.run(run())


def all_calls(name: str, rounds: int, budget: float) -> Dict[str, Optional[float]]:
    server = Server(http_module(name))
    client = CLIENTS[name](server)
    assert client.chat() == 1 and client.stream() == p.STREAM_CHUNKS and client.image() == p.IMAGE_COUNT
    results: Dict[str, Optional[float]] = {"chat_s": per_call(client.chat, rounds, budget)}
    results["stream_events_per_s"] = p.STREAM_CHUNKS / per_call(client.stream, rounds, budget)
    server.chat = p.chat_completion(p.MANY_CHOICES)
    assert client.chat() == p.MANY_CHOICES
    results["choices_200_s"] = per_call(client.chat, rounds, budget)
    server.chat = p.chat_completion()
    results["images_4x1mb_s"] = per_call(client.image, rounds, budget)
    results["upload_1mb_s"] = per_call(client.upload, rounds, budget) if client.upload_supported else None
    results["async_batch50_per_call_s"] = async_batches(client, rounds)
    return results


def download(name: str) -> Dict[str, float]:
    """A 200 MB body streamed to a file, in a fresh process: time, throughput, peak RSS."""
    client = CLIENTS[name](Server(http_module(name)))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "download.bin")
        started = time.perf_counter()
        written = client.download(path)
        seconds = time.perf_counter() - started
        assert written == p.DOWNLOAD_BYTES == os.path.getsize(path), written
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "mb_per_s": written / (1 << 20) / seconds, "rss_before_mb": before, "peak_rss_mb": peak}


def main(argv: List[str]) -> int:
    name, case = argv[0], argv[1]
    if case == "first":
        result: Dict[str, Any] = first_call(name, argv[2])
    elif case == "download":
        result = download(name)
    else:
        rounds = int(argv[2]) if len(argv) > 2 else 5
        budget = float(argv[3]) if len(argv) > 3 else 0.3
        result = all_calls(name, rounds, budget)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

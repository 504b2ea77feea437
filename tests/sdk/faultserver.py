"""A real HTTP/1.1 server on a loopback address that answers well or misbehaves on demand.

The first path segment picks the behaviour: a client built with
`server_url=server.url("reset")` has its connection reset, `server.url("image")`
gets a valid image response. `server.script("flaky", "reset", "image")` makes
"/flaky/..." serve those behaviours in turn (the last one repeats).

The server counts the sockets it has open, records every request, and notes when
a client hangs up in the middle of a stream (`peer_closed`), so tests can see from
the server side that the client released its connections.
"""

from __future__ import annotations

import json
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Set

IMAGE = {"created": 1712345678, "data": [{"url": "https://cdn.example.com/a.png"}]}
CHAT = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1712345678,
    "model": "openai/gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello"}}],
}
HTML_PAGE = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
HUGE_BYTES = 16 * 1024 * 1024
# How long a "slow" or "endless" answer may go on before the server gives up by itself.
PATIENCE = 10.0


def chunk(text: str) -> Dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1712345678,
        "model": "openai/gpt-4o",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
    }


def event(data: Any) -> bytes:
    return b"data: " + json.dumps(data).encode() + b"\n\n"


@dataclass
class Received:
    method: str
    path: str
    headers: Dict[str, str]
    body: bytes


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the client's pool reuses connections
    server: "_Server"

    def setup(self) -> None:
        super().setup()
        self.server.owner._opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass  # the socket is already gone (reset, or the client hung up)
        finally:
            self.server.owner._closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        owner = self.server.owner
        owner.requests.append(Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        name = self.path.split("/")[1].split("?")[0]
        BEHAVIOURS[owner._next(name)](self)

    # --- building blocks for behaviours -------------------------------------------

    def send(self, status: int, body: bytes, content_type: str = "application/json", headers: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status: int, data: Any, headers: Optional[Dict[str, str]] = None) -> None:
        self.send(status, json.dumps(data).encode(), headers=headers)

    def start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")

    def hang_up(self, reset: bool = False) -> None:
        """Close the connection now; with `reset`, abortively (the client sees a RST)."""
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def _image(h: Handler) -> None:
    h.send_json(200, IMAGE)


def _chat(h: Handler) -> None:
    h.send_json(200, CHAT)


def _sse(h: Handler) -> None:
    h.start_stream()
    for text in ("Hel", "lo"):
        h.write_chunk(event(chunk(text)))
    h.write_chunk(b"data: [DONE]\n\n")
    h.end_stream()


def _reset(h: Handler) -> None:
    h.hang_up(reset=True)


def _slow_headers(h: Handler) -> None:
    """Answers only after PATIENCE seconds, unless the client hangs up first."""
    owner = h.server.owner
    deadline = time.monotonic() + PATIENCE
    while not owner.stopping.is_set() and time.monotonic() < deadline:
        readable, _, _ = select.select([h.connection], [], [], 0.02)
        if readable and not h.connection.recv(1, socket.MSG_PEEK):
            h.close_connection = True  # the client gave up and closed the connection
            return
    try:
        h.send_json(200, IMAGE)
    except OSError:
        h.close_connection = True


def _truncated_body(h: Handler) -> None:
    """Promises more bytes than it sends, then hangs up."""
    body = json.dumps(IMAGE).encode()
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[: len(body) // 2])
    h.wfile.flush()
    h.hang_up()


def _truncated_json(h: Handler) -> None:
    """A complete HTTP message whose JSON document is cut short."""
    body = json.dumps(IMAGE).encode()
    h.send(200, body[: len(body) // 2])


def _wrong_content_type(h: Handler) -> None:
    h.send(200, b"Hello, plain text", content_type="text/plain; charset=utf-8")


def _json_to_stream(h: Handler) -> None:
    """A JSON completion where the client asked for an event stream."""
    h.send_json(200, CHAT)


def _html_error(h: Handler) -> None:
    h.send(502, HTML_PAGE, content_type="text/html")


def _invalid_body(h: Handler) -> None:
    h.send_json(200, {"created": "yesterday", "data": "none"})


def _sse_cut(h: Handler) -> None:
    """One event, then half of the next, then the connection drops mid-chunk."""
    h.start_stream()
    h.write_chunk(event(chunk("Hel")))
    half = event(chunk("lo"))
    h.wfile.write(b"%x\r\n%s" % (len(half), half[: len(half) // 2]))
    h.wfile.flush()
    h.hang_up()


def _sse_cut_at_eof(h: Handler) -> None:
    """No length and no chunking, so the body ends when the connection does: mid-event."""
    h.send_response(200)
    h.send_header("Content-Type", "text/event-stream")
    h.send_header("Connection", "close")
    h.end_headers()
    h.wfile.write(event(chunk("Hel")) + event(chunk("lo"))[:20])
    h.wfile.flush()
    h.hang_up()


def _sse_endless(h: Handler, started: bool = False) -> None:
    """Events until the client hangs up (noted in `peer_closed`) or the server stops."""
    owner = h.server.owner
    if not started:
        h.start_stream()
    since = time.monotonic()
    n = 0
    try:
        while not owner.stopping.is_set() and time.monotonic() - since < PATIENCE:
            h.write_chunk(event(chunk(f"tick {n}")))
            n += 1
            time.sleep(0.002)
    except OSError:
        owner.peer_closed.set()
    h.close_connection = True


def _sse_bad_event(h: Handler) -> None:
    """One good event, one that does not match the schema, then more until the client leaves."""
    h.start_stream()
    h.write_chunk(event(chunk("Hel")))
    h.write_chunk(b'data: {"choices": "not a list"}\n\n')
    _sse_endless(h, started=True)


def _huge(h: Handler) -> None:
    """A valid image response of HUGE_BYTES (one enormous base64 string)."""
    data = {"created": 1, "data": [{"b64_json": "A" * HUGE_BYTES}]}
    h.send_json(200, data)


def _huge_invalid(h: Handler) -> None:
    h.send(200, b'{"created": 1, "data": "' + b"x" * HUGE_BYTES + b'"}')


def _redirect(h: Handler) -> None:
    target = h.server.owner.redirect_to
    assert target, "set redirect_to first"
    rest = h.path.split("/", 2)[2] if h.path.count("/") >= 2 else ""
    h.send(307, b"", headers={"Location": f"{target}/{rest}"})


def _echo(h: Handler) -> None:
    """Answers an image, so redirect targets look like a working server."""
    h.send_json(200, IMAGE)


def _rate_limited(h: Handler) -> None:
    h.send_json(429, {"error": "slow down"}, headers={"Retry-After": "0"})


BEHAVIOURS: Dict[str, Callable[[Handler], None]] = {
    "image": _image,
    "chat": _chat,
    "sse": _sse,
    "reset": _reset,
    "slow-headers": _slow_headers,
    "truncated-body": _truncated_body,
    "truncated-json": _truncated_json,
    "wrong-content-type": _wrong_content_type,
    "json-to-stream": _json_to_stream,
    "html-error": _html_error,
    "invalid-body": _invalid_body,
    "sse-cut": _sse_cut,
    "sse-cut-at-eof": _sse_cut_at_eof,
    "sse-endless": _sse_endless,
    "sse-bad-event": _sse_bad_event,
    "huge": _huge,
    "huge-invalid": _huge_invalid,
    "redirect": _redirect,
    "echo": _echo,
    "rate-limited": _rate_limited,
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "FaultServer"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a misbehaving exchange is the point; keep the test output clean


class FaultServer:
    """Start with `with FaultServer() as server:`; stopped (and every socket closed) on exit."""

    def __init__(self, host: str = "127.0.0.1", url_host: Optional[str] = None) -> None:
        self.host = host
        self.url_host = url_host or host
        self.requests: List[Received] = []
        self.stopping = threading.Event()
        self.peer_closed = threading.Event()
        self.redirect_to = ""
        self._scripts: Dict[str, List[str]] = {}
        self._sockets: Set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://{self.url_host}:{self._server.server_address[1]}"

    def url(self, behaviour: str) -> str:
        return f"{self.base}/{behaviour}"

    def script(self, name: str, *behaviours: str) -> str:
        """Serve `behaviours` in turn under /name (the last repeats); returns the URL."""
        self._scripts[name] = list(behaviours)
        return self.url(name)

    def open_connections(self) -> int:
        with self._lock:
            return len(self._sockets)

    def wait_closed(self, timeout: float = 5.0) -> int:
        """Open connections once they have all closed, or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.open_connections() and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.open_connections()

    def reset_log(self) -> None:
        self.requests.clear()
        self.peer_closed.clear()

    def start(self) -> "FaultServer":
        self._server = _Server((self.host, 0), Handler)  # port 0: a free port
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            with self._lock:
                for sock in self._sockets:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # --- called by the handler ------------------------------------------------------

    def _next(self, name: str) -> str:
        script = self._scripts.get(name)
        if script is None:
            return name
        return script.pop(0) if len(script) > 1 else script[0]

    def _opened(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _closed(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)

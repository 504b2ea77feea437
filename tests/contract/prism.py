"""The Prism mock server (`@stoplight/prism-cli`, installed by `make prism` into .node/).

Prism serves the spec with two documented limits, which a derived copy of the spec
(written next to the server's log) works around without loosening any request check
that openapi-core does not also make:

- it cannot serialise an object example as `text/event-stream` ("Cannot serialise
  complex objects as text"): the derived spec serves the media type's example as an
  SSE body (the example as one `data:` event, then the sentinel);
- it reads multipart parts only as text and ignores `encoding.contentType`, so a JSON
  part such as an object always fails its schema: in the derived spec such a part is a
  string holding JSON. Every request sent to Prism is also validated against the real
  spec with openapi-core (see `CheckingTransport`), which decodes those parts.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional

import httpx
import yaml

from contract.openapi_check import SpecValidator
from contract.wire import ObservedRequest

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / ".node" / "node_modules" / ".bin" / "prism"
STARTUP_TIMEOUT = 90.0  # seconds; Prism takes a few seconds on a busy 2-core machine
_SSE = "text/event-stream"


class PrismUnavailable(Exception):
    """Why the Prism layer cannot run here (the tests skip with this reason)."""


class PrismViolation(AssertionError):
    """Prism (or the spec check of a request sent to it) found a violation."""


def prism_executable() -> Path:
    if PRISM.exists():
        return PRISM
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise PrismUnavailable(
            "node/npm not found: the Prism mock-server layer needs Node.js (`make prism` installs Prism)"
        )
    raise PrismUnavailable(f"Prism is not installed at {PRISM}: run `make prism` (`make test` does)")


# --- the derived spec -----------------------------------------------------------------


def prism_spec(document: Mapping[str, Any]) -> Dict[str, Any]:
    """A copy of the spec that Prism can serve (see the module docstring)."""
    derived: Dict[str, Any] = copy.deepcopy(dict(document))
    for item in derived.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                if _SSE in content:
                    content[_SSE] = _sse_as_text(content[_SSE])
            body = operation.get("requestBody", {})
            form = body.get("content", {}).get("multipart/form-data") if isinstance(body, dict) else None
            if form:
                _json_parts_as_text(form)
    return derived


def _sse_as_text(media: Mapping[str, Any]) -> Dict[str, Any]:
    example = media.get("example")
    if example is None and media.get("examples"):
        example = next(iter(media["examples"].values())).get("value")
    body = "" if example is None else f"data: {json.dumps(example)}\n\n"
    sentinel = media.get("x-speakeasy-sse-sentinel")
    if sentinel:
        body += f"data: {sentinel}\n\n"
    return {"schema": {"type": "string"}, "example": body}


def _json_parts_as_text(form: Dict[str, Any]) -> None:
    properties = form.get("schema", {}).get("properties", {})
    for name, encoding in form.get("encoding", {}).items():
        if str(encoding.get("contentType", "")).startswith("application/json") and name in properties:
            properties[name] = {"type": "string", "contentMediaType": "application/json"}


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def mock_server(spec: Path, workdir: Path) -> Iterator[str]:
    """The URL of `prism mock` serving `spec` as it is, on 127.0.0.1 (its log in `workdir`),
    stopped on exit through the process group of the PID it started. Tests use it in a
    fixture; without Prism they skip with the reason."""
    import pytest

    try:
        executable = prism_executable()
    except PrismUnavailable as exc:
        pytest.skip(str(exc))
    port = free_port()
    log = workdir / "prism.log"
    with log.open("wb") as out:
        command = [str(executable), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port)]
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                httpx.get(url + "/", timeout=2.0)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the group led by the PID started above
        process.wait(timeout=10)


@dataclass
class PrismServer:
    """One `prism mock` process on 127.0.0.1; `calls` counts the requests sent through it."""

    workdir: Path
    validator: SpecValidator
    process: Optional["subprocess.Popen[bytes]"] = None
    url: str = ""
    calls: int = 0

    @property
    def log(self) -> Path:
        return self.workdir / "prism.log"

    def start(self) -> None:
        executable = prism_executable()
        spec_path = self.workdir / "openapi.prism.yaml"
        spec_path.write_text(
            yaml.safe_dump(prism_spec(self.validator.document), sort_keys=False), encoding="utf-8"
        )
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(executable), "mock", str(spec_path), "-h", "127.0.0.1", "-p", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped as a whole by PID
            )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Prism exited with {self.process.returncode}:\n{self.log.read_text(errors='replace')}"
                )
            try:
                httpx.get(self.url + "/", timeout=2.0)  # any answer (404 included) means it is up
                return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"Prism did not answer within {STARTUP_TIMEOUT:.0f}s:\n{self.log.read_text(errors='replace')}"
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # the group led by the PID we started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    # --- clients whose traffic is checked ---------------------------------------------

    def transport(self) -> "CheckingTransport":
        return CheckingTransport(httpx.HTTPTransport(), self)

    def async_transport(self) -> "AsyncCheckingTransport":
        return AsyncCheckingTransport(httpx.AsyncHTTPTransport(), self)

    def check(self, request: httpx.Request, response: httpx.Response) -> None:
        """Count the call; fail on `sl-violations`, a Prism error, or a spec violation either way."""
        self.calls += 1
        where = f"{request.method} {request.url.path}"
        problems: List[str] = []
        if "sl-violations" in response.headers:
            problems.append(f"sl-violations: {response.headers['sl-violations']}")
        observed = ObservedRequest.from_httpx(request)
        host = self.validator.server_url  # Prism stands in for the spec's server
        problems.extend(self.validator.check_request(observed, host_url=host).problems)
        if response.headers.get("content-type", "").startswith("application/problem+json"):
            problems.append(f"Prism answered {response.status_code}: {response.text}")
        else:
            report = self.validator.check_response(
                observed, response.status_code, response.headers, response.content, host_url=host
            )
            problems.extend(report.problems + report.unchecked)
        if problems:
            raise PrismViolation(f"{where}:\n  " + "\n  ".join(problems))


class CheckingTransport(httpx.BaseTransport):
    """Forwards to Prism, then checks the exchange; a violation raises out of the SDK call."""

    def __init__(self, inner: httpx.BaseTransport, server: PrismServer) -> None:
        self.inner = inner
        self.server = server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self.inner.handle_request(request)
        response.read()
        self.server.check(request, response)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncCheckingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, server: PrismServer) -> None:
        self.inner = inner
        self.server = server

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.server.check(request, response)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()

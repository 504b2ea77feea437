"""The python examples of the generated reference docs, and a sandbox to run them against Prism.

Examples build their own clients, so `httpx.Client` / `httpx.AsyncClient` are replaced
for the run by subclasses whose transport sends everything to Prism: requests for the
spec's server (an example may name it in `server_url=`) are redirected there, and a
request for any other host fails the example, so nothing ever leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Tuple

import httpx
import pytest

from contract.prism import PrismServer

GENERATED = Path(__file__).resolve().parents[2] / "generated"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
_OPENED_FILE = re.compile(r"""open\(\s*["']([^"'/\\]+)["']""")


def pages(root: Path = GENERATED) -> List[Path]:
    found = [root / "README.md", root / "USAGE.md", *sorted((root / "docs" / "sdks").glob("*/README.md"))]
    return [page for page in found if page.is_file()]


def docs_generated(root: Path = GENERATED) -> bool:
    """The reference docs exist once USAGE.md does (before that README.md is a stub)."""
    return (root / "USAGE.md").is_file()


def python_blocks(page: Path) -> List[Tuple[int, str]]:
    """(line number, code) of every ```python block of the page."""
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, match.start()) + 1, match.group(1)) for match in _BLOCK.finditer(text)]


def files_opened(code: str) -> List[str]:
    """Relative file names the example opens (`open("example.file", "rb")`): created for the run."""
    return sorted(set(_OPENED_FILE.findall(code)))


class _ToPrism(httpx.BaseTransport):
    def __init__(self, server: PrismServer, api_host: str) -> None:
        self.inner = server.transport()
        self.server = server
        self.api_host = api_host

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(redirect(request, self.server.url, self.api_host))


class _ToPrismAsync(httpx.AsyncBaseTransport):
    def __init__(self, server: PrismServer, api_host: str) -> None:
        self.inner = server.async_transport()
        self.server = server
        self.api_host = api_host

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(redirect(request, self.server.url, self.api_host))


def redirect(request: httpx.Request, prism_url: str, api_host: str) -> httpx.Request:
    prism = httpx.URL(prism_url)
    if request.url.host == prism.host and request.url.port == prism.port:
        return request
    if request.url.host != api_host:
        raise AssertionError(
            f"the example sent a request to {request.url}, which is neither the API's server nor Prism"
        )
    request.url = request.url.copy_with(scheme=prism.scheme, host=prism.host, port=prism.port)
    request.headers["host"] = prism.netloc.decode("ascii")
    return request


def sandbox(
    monkeypatch: pytest.MonkeyPatch, server: PrismServer, workdir: Path, code: str, env: Dict[str, str]
) -> None:
    """Environment, working directory (with the files the example opens) and httpx for one run."""
    api_host = httpx.URL(server.validator.server_url).host
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in files_opened(code):
        (workdir / name).write_bytes(b"\x89PNG\r\n\x1a\n example file")
    monkeypatch.chdir(workdir)

    class Client(httpx.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = _ToPrism(server, api_host)
            super().__init__(*args, **kwargs)

    class AsyncClient(httpx.AsyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = _ToPrismAsync(server, api_host)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", Client)
    monkeypatch.setattr(httpx, "AsyncClient", AsyncClient)


def run(code: str, name: str) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {"__name__": "__docs_example__"}
    exec(compile(code, name, "exec"), namespace)
    return namespace

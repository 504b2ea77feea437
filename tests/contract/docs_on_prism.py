"""Run the python examples of a generated SDK's docs against Prism serving its spec.

Used by test_real_spec_docs_on_prism.py in a child process per SDK (each SDK is its own
package; a fresh interpreter keeps their modules apart):

    python docs_on_prism.py SDK_DIR PRISM_URL SERVER_URL

Every ```python block of README.md, USAGE.md and docs/sdks/*/README.md runs with httpx's
clients sending to Prism (the server URL's path is not part of Prism's routes); prints
one line per block, MARK and JSON: its place, the requests it sent, what Prism found wrong in
them (`sl-violations` headers, and its own error answers: no route, bad request,
unauthorized, 422), and the error the example raised, if any.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from pathlib import Path
from typing import Any, Dict, List

import httpx

MARK = "@@docs-example-result "  # what the examples print themselves is not a result
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
_OPENED_FILE = re.compile(r"""open\(\s*["']([^"'/\\]+)["']""")


def main(sdk_dir: Path, prism_url: str, server_url: str) -> None:
    sys.path.insert(0, str(sdk_dir / "src"))
    prism = httpx.URL(prism_url)
    server = httpx.URL(server_url)
    api_host, base_path = server.host, server.path.rstrip("/")
    found: List[str] = []
    sent: List[str] = []

    def record(request: httpx.Request, response: httpx.Response) -> None:
        if "sl-violations" in response.headers:
            found.append(f"{request.method} {request.url.path}: sl-violations {response.headers['sl-violations']}")
        if "problem+json" in response.headers.get("content-type", ""):  # Prism's own answer: it rejected the request
            found.append(f"{request.method} {request.url.path}: {response.status_code} {response.text[:2000]}")

    def moved(request: httpx.Request) -> httpx.Request:
        if request.url.host == prism.host and request.url.port == prism.port:
            sent.append(f"{request.method} {request.url.path}")
            return request  # sent again (a retry): already moved
        if request.url.host != api_host:
            raise AssertionError(f"the example sent a request to {request.url}, not to the API's server")
        path = request.url.path
        if base_path and path.startswith(base_path + "/"):
            path = path[len(base_path):]
        request.url = request.url.copy_with(scheme=prism.scheme, host=prism.host, port=prism.port, path=path)
        request.headers["host"] = prism.netloc.decode("ascii")
        sent.append(f"{request.method} {path}")
        return request

    class Transport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = super().handle_request(moved(request))
            response.read()
            record(request, response)
            return response

    class AsyncTransport(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await super().handle_async_request(moved(request))
            await response.aread()
            record(request, response)
            return response

    class Client(httpx.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = Transport()
            super().__init__(*args, **kwargs)

    class AsyncClient(httpx.AsyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["transport"] = AsyncTransport()
            super().__init__(*args, **kwargs)

    httpx.Client = Client  # type: ignore[misc]
    httpx.AsyncClient = AsyncClient  # type: ignore[misc]
    pages = [sdk_dir / "README.md", sdk_dir / "USAGE.md", *sorted((sdk_dir / "docs" / "sdks").glob("*/README.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            code = match.group(1)
            for name in set(_OPENED_FILE.findall(code)):
                Path(name).write_bytes(b"\x89PNG\r\n\x1a\n example file")
            place = f"{page.relative_to(sdk_dir)}:{text.count(chr(10), 0, match.start()) + 1}"
            found.clear()
            sent.clear()
            error = ""
            try:
                exec(compile(code, place, "exec"), {"__name__": "__docs_example__"})
            except Exception as exc:  # reported, with what Prism said
                error = f"{type(exc).__name__}: {exc}"[:2000] or traceback.format_exc()[-2000:]
            result: Dict[str, Any] = {"place": place, "sent": list(sent), "violations": list(found), "error": error}
            print(MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])

"""Pagination on OpenAI's full spec: every cursor-paged list operation is detected, and
`files.list(limit=2)` over three mock pages yields every file in order with three requests."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "specs" / "openai-full.yaml"

pytestmark = [
    pytest.mark.fullspec,
    pytest.mark.skipif(not SPEC.is_file(), reason=f"{SPEC} is absent: the real-world specs live beside the repository"),
]


def cursor_paged(document: Dict[str, Any]) -> Set[Tuple[str, str]]:
    """(method, path) of the GET operations with a cursor query parameter (`after`, or a
    string `page`) whose JSON response has `has_more`: read from the YAML, not the IR."""

    found = set()
    for path, item in document["paths"].items():
        op = item.get("get")
        if not isinstance(op, dict):
            continue
        params = [_deref(document, p) for p in (item.get("parameters") or []) + (op.get("parameters") or [])]
        cursor = any(p.get("in") == "query" and (p["name"] == "after" or (p["name"] == "page" and _deref(document, p.get("schema", {})).get("type") == "string")) for p in params)
        response = _deref(document, (op.get("responses") or {}).get("200", {}))
        schema = _deref(document, ((response.get("content") or {}).get("application/json") or {}).get("schema", {}))
        props = set(schema.get("properties") or {})
        for part in schema.get("allOf") or []:
            props |= set(_deref(document, part).get("properties") or {})
        if cursor and "has_more" in props:
            found.add(("GET", path))
    return found


def _deref(document: Dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in str(node["$ref"])[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def test_every_cursor_paged_list_operation_is_detected() -> None:
    from openapi_sdkgen.pipeline import build

    expected = cursor_paged(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    api, warnings = build(SPEC, None, lenient=True)
    paged = {(op.method, op.path) for op in api.operations if op.pagination is not None}
    assert len(expected) >= 50
    assert expected <= paged, sorted(expected - paged)
    assert {op.pagination.kind for op in api.operations if op.pagination} == {"cursor"}
    reported = [str(w) for w in warnings if "paginated (" in str(w)]
    assert len(reported) == len(paged)  # each inferred paginator is reported with its pointer
    assert any("#/paths/~1files/get: paginated (cursor: after <- last_id, items data)" in w for w in reported)


FILES = {None: (["file-1", "file-2"], True), "file-2": (["file-3", "file-4"], True), "file-4": (["file-5"], False)}


def files_page(request: httpx.Request) -> httpx.Response:
    names, more = FILES[request.url.params.get("after")]
    data = [{"id": n, "object": "file", "bytes": 1, "created_at": 1, "filename": n + ".jsonl", "purpose": "batch", "status": "processed"} for n in names]
    return httpx.Response(200, json={"object": "list", "data": data, "first_id": names[0], "last_id": names[-1], "has_more": more})


@pytest.fixture(scope="module")
def openai_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("openai_paging")
    result = subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--lenient"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("open_ai_api")
    finally:
        sys.path.remove(str(out / "src"))


def test_files_list_iterates_three_pages_with_three_requests(openai_sdk: Any) -> None:
    sent: List[Optional[str]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.params.get("after"))
        assert request.url.params["limit"] == "2"
        return files_page(request)

    with openai_sdk.OpenAIAPI(api_key="k", client=httpx.Client(transport=httpx.MockTransport(handle))) as client:
        page = client.files.list(limit=2)
        assert type(page).__name__ == "Page" and page.has_more is True
        assert [f.id for f in page] == ["file-1", "file-2", "file-3", "file-4", "file-5"]
    assert sent == [None, "file-2", "file-4"]


def test_files_list_async_iterates_three_pages_with_three_requests(openai_sdk: Any) -> None:
    sent: List[Optional[str]] = []

    async def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.params.get("after"))
        return files_page(request)

    async def run() -> List[str]:
        client = openai_sdk.OpenAIAPI(api_key="k", async_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)))
        page = await client.files.list_async(limit=2)
        return [f.id async for f in page]

    assert asyncio.run(run()) == ["file-1", "file-2", "file-3", "file-4", "file-5"]
    assert sent == [None, "file-2", "file-4"]

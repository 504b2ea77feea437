"""Paged methods against Prism: its answers repeat (the spec's example, or one built from the
schema, for every call), and iterating stops by a clear rule, not by luck.

The rule: a page whose body equals a page before it ends the iteration (so does a cursor or
URL met before). Against Prism that means at most two requests: the first page, and the
same page again, whose items are not yielded twice.
"""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List

import httpx
import pytest

from contract.openapi_check import SpecValidator
from contract.prism import PrismServer, PrismUnavailable, prism_executable

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "specs" / "pagination.yaml"
PAGED = ["files.list", "jobs.list", "people.list", "pages.list", "tracks.list", "declared.offset.list", "declared.page.list"]


@pytest.fixture(scope="module")
def paging_on_prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        prism_executable()
    except PrismUnavailable as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("paging_prism")
    config = out.parent / "paging_prism.yaml"
    config.write_text("package: paging_prism_sdk\nsdk_class: Paging\nnaming: resource\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT, capture_output=True)
    server = PrismServer(tmp_path_factory.mktemp("prism_paging"), SpecValidator(SPEC))
    server.start()
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("paging_prism_sdk"), server
    finally:
        sys.path.remove(str(out / "src"))
        server.stop()


def method(client: Any, dotted: str) -> Any:
    owner = client
    *heads, name = dotted.split(".")
    for head in heads:
        owner = getattr(owner, head)
    return getattr(owner, name)


@pytest.mark.parametrize("dotted", PAGED)
def test_iterating_stops_against_prism(paging_on_prism: Any, dotted: str) -> None:
    sdk, prism = paging_on_prism
    client = sdk.Paging(api_key="k", server_url=prism.url, retry_config=None, client=httpx.Client(transport=prism.transport()))
    calls = prism.calls
    first = method(client, dotted)()
    items: List[Any] = list(first)
    # the first page, and the same page again: the end (or the first page alone, when it
    # already says it is the last, as a generated `total_pages: 0` does)
    assert prism.calls - calls in (1, 2)
    assert items == first.page_items  # yielded once


@pytest.mark.parametrize("dotted", ["files.list", "people.list"])
def test_iterating_stops_against_prism_async(paging_on_prism: Any, dotted: str) -> None:
    sdk, prism = paging_on_prism

    async def run() -> int:
        client = sdk.Paging(api_key="k", server_url=prism.url, retry_config=None, async_client=httpx.AsyncClient(transport=prism.async_transport()))
        calls = prism.calls
        page = await method(client, dotted + "_async")()
        assert [item async for item in page] == page.page_items
        return int(prism.calls - calls)

    assert asyncio.run(run()) == 2

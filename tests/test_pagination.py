"""Paged list methods of a generated SDK: every kind of paginator, sync and async.

The feature spec (tests/specs/pagination.yaml) declares the three `x-speakeasy-pagination`
types and has one operation of each shape the generator infers. Each test serves pages
from an in-process mock and checks the items, their order, the requests sent and where
the iteration stops.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "tests" / "specs" / "pagination.yaml"
Pages = Callable[[httpx.Request], Dict[str, Any]]


@pytest.fixture(scope="module")
def paging(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("paging")
    config = out.parent / "paging.yaml"
    config.write_text("package: paging_sdk\nsdk_class: Paging\nnaming: resource\nno_pagination: [listUnpaged]\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT, capture_output=True)
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("paging_sdk")
    finally:
        sys.path.remove(str(out / "src"))


class Server:
    """Answers each request with `pages(request)` (a JSON body, or (body, headers)); records them."""

    def __init__(self, pages: Callable[[httpx.Request], Any]) -> None:
        self.pages = pages
        self.requests: List[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.pages(request)
        body, headers = answer if isinstance(answer, tuple) else (answer, {})
        return httpx.Response(200, json=body, headers=headers)

    def client(self, sdk: Any) -> Any:
        return sdk.Paging(api_key="k", client=httpx.Client(transport=httpx.MockTransport(self.handle)))

    def async_client(self, sdk: Any) -> Any:
        async def handle(request: httpx.Request) -> httpx.Response:
            return self.handle(request)

        return sdk.Paging(api_key="k", async_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)))

    def params(self, name: str) -> List[Optional[str]]:
        return [r.url.params.get(name) for r in self.requests]


def things(*ids: str) -> List[Dict[str, str]]:
    return [{"id": i, "name": f"name-{i}"} for i in ids]


def ids(items: Any) -> List[str]:
    return [item.id for item in items]


def collect_async(sdk: Any, server: Server, method: str, **kwargs: Any) -> List[str]:
    async def run() -> List[str]:
        client = server.async_client(sdk)
        owner, name = client, method
        while "." in name:
            head, name = name.split(".", 1)
            owner = getattr(owner, head)
        page = await getattr(owner, name + "_async")(**kwargs)
        return [item.id async for item in page]

    return asyncio.run(run())


# --- inferred: cursor from last_id (the OpenAI shape) -------------------------------------

FILES = {None: (things("f1", "f2"), True, "f2"), "f2": (things("f3", "f4"), True, "f4"), "f4": (things("f5"), False, "f5")}


def files_page(request: httpx.Request) -> Dict[str, Any]:
    data, more, last = FILES[request.url.params.get("after")]
    return {"data": data, "has_more": more, "first_id": data[0]["id"], "last_id": last}


def test_cursor_pages_yield_every_item_in_order_with_one_request_per_page(paging: Any) -> None:
    server = Server(files_page)
    with server.client(paging) as client:
        page = client.files.list(limit=2)
        assert len(server.requests) == 1  # later pages are fetched as the iteration reaches them
        assert page.has_more is True and ids(page.data) == ["f1", "f2"]  # the response's attributes
        assert ids(page) == ["f1", "f2", "f3", "f4", "f5"]
    assert len(server.requests) == 3
    assert server.params("after") == [None, "f2", "f4"]
    assert server.params("limit") == ["2", "2", "2"]


def test_cursor_pages_async(paging: Any) -> None:
    server = Server(files_page)
    assert collect_async(paging, server, "files.list", limit=2) == ["f1", "f2", "f3", "f4", "f5"]
    assert server.params("after") == [None, "f2", "f4"]


def test_next_and_iter_pages(paging: Any) -> None:
    server = Server(files_page)
    with server.client(paging) as client:
        first = client.files.list(limit=2)
        second = first.next()
        assert second is not None and ids(second.page_items) == ["f3", "f4"]
        third = second.next()
        assert third is not None and third.has_more is False and third.next() is None
        assert [ids(p.data) for p in client.files.list(limit=2).iter_pages()] == [["f1", "f2"], ["f3", "f4"], ["f5"]]


def test_async_next_and_iter_pages(paging: Any) -> None:
    async def run() -> List[List[str]]:
        client = Server(files_page).async_client(paging)
        first = await client.files.list_async(limit=2)
        second = await first.next()
        assert second is not None and ids(second.data) == ["f3", "f4"]
        return [ids(p.data) async for p in first.iter_pages()]

    assert asyncio.run(run()) == [["f1", "f2"], ["f3", "f4"], ["f5"]]


@pytest.mark.parametrize(
    "body",
    [
        {"data": [], "has_more": True, "last_id": "x"},  # an empty first page
        {"data": things("a"), "has_more": True, "last_id": None},  # more, but no cursor
        {"data": things("a"), "has_more": True, "first_id": "a"},  # more, and no last_id at all
    ],
    ids=["empty-first-page", "no-cursor", "cursor-absent"],
)
def test_the_iteration_stops_where_it_cannot_go_on(paging: Any, body: Dict[str, Any]) -> None:
    server = Server(lambda _: body)
    with server.client(paging) as client:
        assert ids(client.files.list()) == [t["id"] for t in body["data"]]
        assert client.files.list().next() is None
    assert len(server.requests) == 2
    assert collect_async(paging, server, "files.list") == [t["id"] for t in body["data"]]


def test_a_repeated_cursor_stops_the_iteration(paging: Any) -> None:
    # the server hands back the cursor it was given: a loop, which the page does not follow
    server = Server(lambda r: {"data": things("a" + str(len(server.requests))), "has_more": True, "last_id": r.url.params.get("after") or "c1"})
    with server.client(paging) as client:
        assert ids(client.files.list()) == ["a1", "a2"]
    assert server.params("after") == [None, "c1"]


def test_cursors_that_cycle_stop_the_iteration(paging: Any) -> None:
    cycle = {None: "c1", "c1": "c2", "c2": "c1"}
    server = Server(lambda r: {"data": things(f"i{len(server.requests)}"), "has_more": True, "last_id": cycle[r.url.params.get("after")]})
    with server.client(paging) as client:
        assert ids(client.files.list()) == ["i1", "i2", "i3"]
    assert server.params("after") == [None, "c1", "c2"]


def test_a_server_that_repeats_its_answer_is_read_once(paging: Any) -> None:
    # like Prism serving the spec's example for every call: the same page again ends it
    example = {"data": things("f1", "f2"), "has_more": True, "last_id": "f2"}
    server = Server(lambda _: example)
    with server.client(paging) as client:
        assert ids(client.files.list(after="f0")) == ["f1", "f2"]
    assert len(server.requests) == 2


# --- inferred: cursor from the last item's id ---------------------------------------------


def test_cursor_from_the_last_items_id(paging: Any) -> None:
    pages = {None: (things("j1", "j2"), True), "j2": (things("j3"), True), "j3": ([], True)}
    server = Server(lambda r: dict(zip(("data", "has_more"), pages[r.url.params.get("starting_after")])))
    with server.client(paging) as client:
        assert ids(client.jobs.list()) == ["j1", "j2", "j3"]
    assert server.params("starting_after") == [None, "j2", "j3"]


# --- inferred: offset and limit, with a total ---------------------------------------------


PEOPLE = things(*(f"p{i}" for i in range(5)))
PEOPLE_IDS = [p["id"] for p in PEOPLE]


def people_page(request: httpx.Request) -> Dict[str, Any]:
    offset = int(request.url.params.get("offset") or 0)
    limit = int(request.url.params.get("limit") or 2)
    return {"results": PEOPLE[offset : offset + limit], "total": len(PEOPLE)}


def test_offset_pages_stop_at_the_total(paging: Any) -> None:
    server = Server(people_page)
    with server.client(paging) as client:
        assert ids(client.people.list(limit=2)) == PEOPLE_IDS
    assert server.params("offset") == [None, "2", "4"]
    assert collect_async(paging, Server(people_page), "people.list", limit=2) == PEOPLE_IDS


def test_offset_pages_stop_at_a_short_page_without_a_total(paging: Any) -> None:
    server = Server(lambda r: {"results": people_page(r)["results"]})
    with server.client(paging) as client:
        assert ids(client.people.list(limit=3)) == PEOPLE_IDS
    assert server.params("offset") == [None, "3"]  # 2 of 3: the last page


def test_offset_pages_without_limit_stop_at_an_empty_page(paging: Any) -> None:
    server = Server(lambda r: {"results": people_page(r)["results"]})
    with server.client(paging) as client:
        assert ids(client.people.list()) == PEOPLE_IDS
    assert server.params("offset") == [None, "2", "4", "5"]


# --- inferred: page number ------------------------------------------------------------------


def test_page_numbers_stop_at_the_total_pages(paging: Any) -> None:
    server = Server(lambda r: {"items": things(f"n{r.url.params.get('page', '1')}"), "total_pages": 3})
    with server.client(paging) as client:
        assert ids(client.pages.list()) == ["n1", "n2", "n3"]
    assert server.params("page") == [None, "2", "3"]


# --- inferred: a next-page URL in the body, and the Link header ------------------------------


def tracks_page(request: httpx.Request) -> Dict[str, Any]:
    offset = int(request.url.params.get("offset") or 0)
    following = f"https://paging.example.com/tracks?offset={offset + 2}&limit=2" if offset < 4 else None
    return {"items": PEOPLE[offset : offset + 2], "next": following, "total": 5}


def test_next_url_pages(paging: Any) -> None:
    server = Server(tracks_page)
    with server.client(paging) as client:
        assert ids(client.tracks.list(limit=2)) == PEOPLE_IDS
    assert server.params("offset") == [None, "2", "4"]
    assert collect_async(paging, Server(tracks_page), "tracks.list", limit=2) == PEOPLE_IDS


def test_a_next_url_with_an_undeclared_parameter_is_an_error_not_a_silent_stop(paging: Any) -> None:
    server = Server(lambda _: {"items": things("t1"), "next": "https://paging.example.com/tracks?cursor=zz"})
    with server.client(paging) as client:
        with pytest.raises(ValueError, match="'cursor'"):
            list(client.tracks.list())


EVENTS = {None: (things("e1", "e2"), "c2"), "c2": (things("e3", "e4"), "c4"), "c4": (things("e5"), None)}


def events_page(request: httpx.Request) -> Dict[str, Any]:
    data, following = EVENTS[request.url.params.get("cursor")]
    return {"data": data, "meta": {"has_more": following is not None, "cursors": {"previous": None, "next": following}}}


def test_a_cursor_nested_in_the_response(paging: Any) -> None:
    server = Server(events_page)
    with server.client(paging) as client:
        assert ids(client.events.list(limit=2)) == ["e1", "e2", "e3", "e4", "e5"]
    assert server.params("cursor") == [None, "c2", "c4"]
    assert collect_async(paging, Server(events_page), "events.list", limit=2) == ["e1", "e2", "e3", "e4", "e5"]


def test_a_next_url_nested_in_the_response(paging: Any) -> None:
    def logs_page(request: httpx.Request) -> Dict[str, Any]:
        offset = int(request.url.params.get("offset") or 0)
        following = f"https://paging.example.com/logs?offset={offset + 2}" if offset < 4 else None
        return {"items": PEOPLE[offset : offset + 2], "links": {"next": following}}

    server = Server(logs_page)
    with server.client(paging) as client:
        assert ids(client.logs.list()) == PEOPLE_IDS
    assert server.params("offset") == [None, "2", "4"]


def commits_page(request: httpx.Request) -> Tuple[Any, Dict[str, str]]:
    number = int(request.url.params.get("page") or 1)
    link = f'<https://paging.example.com/commits?page={number + 1}&per_page=1>; rel="next", <https://paging.example.com/commits?page=3>; rel="last"'
    return things(f"c{number}"), ({"Link": link} if number < 3 else {})


def test_link_header_pages(paging: Any) -> None:
    server = Server(commits_page)
    with server.client(paging) as client:
        page = client.commits.list(per_page=1)
        assert ids(page.result) == ["c1"]  # the response is a bare list
        assert ids(page) == ["c1", "c2", "c3"]
    assert server.params("page") == [None, "2", "3"]
    assert collect_async(paging, Server(commits_page), "commits.list") == ["c1", "c2", "c3"]


# --- x-speakeasy-pagination ---------------------------------------------------------------


def result_page(items: List[Dict[str, str]], pages: int = 0) -> Dict[str, Any]:
    return {"data": {"resultArray": items, **({"numPages": pages} if pages else {})}}


def test_declared_offset_limit(paging: Any) -> None:
    server = Server(lambda r: result_page(PEOPLE[int(r.url.params.get("offset") or 0) :][:2]))
    with server.client(paging) as client:
        assert ids(client.declared.offset.list(limit=2)) == PEOPLE_IDS
    assert server.params("offset") == [None, "2", "4"]  # the third page is short


def test_declared_page_with_num_pages(paging: Any) -> None:
    server = Server(lambda r: result_page(things("d" + r.url.params.get("page", "1")), pages=2))
    with server.client(paging) as client:
        page = client.declared.page.list()
        assert ids(page) == ["d1", "d2"]
        assert page.next() is not None and page.next().next() is None  # type: ignore[union-attr]
    assert server.params("page")[:2] == [None, "2"]


def test_declared_cursor_in_the_request_body(paging: Any) -> None:
    names = {None: ["a", "b"], "name-b": ["c"], "name-c": []}

    def answer(request: httpx.Request) -> Dict[str, Any]:
        since = json.loads(request.content).get("since")
        return result_page(things(*names[since]))

    server = Server(answer)
    with server.client(paging) as client:
        assert ids(client.declared.cursor.create(query="q")) == ["a", "b", "c"]
    assert [json.loads(r.content) for r in server.requests] == [{"query": "q"}, {"query": "q", "since": "name-b"}, {"query": "q", "since": "name-c"}]


def test_declared_url(paging: Any) -> None:
    tokens = {None: ("u1", "t2"), "t2": ("u2", "t3"), "t3": ("u3", None)}

    def answer(request: httpx.Request) -> Dict[str, Any]:
        item, following = tokens[request.url.params.get("token")]
        url = f"/declared/url?token={following}&page_size=1" if following else None
        return {"items": things(item), "links": {"next": url}}

    server = Server(answer)
    with server.client(paging) as client:
        assert ids(client.declared.url.list(page_size=1)) == ["u1", "u2", "u3"]
    assert server.params("token") == [None, "t2", "t3"]


def test_unpaged_methods_return_the_parsed_response(paging: Any) -> None:
    server = Server(lambda r: {"data": things("x"), "has_more": True, "last_id": "x"} if "unpaged" in r.url.path else {"id": "t", "name": "n"})
    with server.client(paging) as client:
        unpaged = client.unpaged.list()  # taken out by `no_pagination`
        assert type(unpaged).__name__ != "Page" and ids(unpaged.data) == ["x"]
        assert client.things.retrieve(id="t").id == "t"
        broken = client.declared.broken.list()  # its extension names no parameter: a warning, one page
        assert not isinstance(broken, importlib.import_module("paging_sdk.utils").Page)


def test_the_paged_sdk_passes_mypy_strict(paging: Any) -> None:
    src = Path(paging.__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(src)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_page_types_check_as_their_items(paging: Any, tmp_path: Path) -> None:
    """`for item in page` is typed as the items, `page.result` as the response (mypy)."""
    program = tmp_path / "use_pages.py"
    program.write_text(
        "from typing import List, Optional\n"
        "from paging_sdk import Paging, models\n"
        "from paging_sdk.utils import Page\n\n"
        "def names(client: Paging) -> List[str]:\n"
        "    page = client.files.list(limit=2)\n"
        "    first: models.ListFilesResponseBody = page.result\n"
        "    following: Optional[Page[models.ListFilesResponseBody, models.Thing]] = page.next()\n"
        "    return [thing.id for thing in page] + [str(first.has_more), str(following)]\n\n"
        "async def ids(client: Paging) -> List[str]:\n"
        "    return [thing.id async for thing in await client.files.list_async()]\n"
    )
    src = Path(paging.__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)], capture_output=True, text=True, env={**__import__("os").environ, "MYPYPATH": str(src)})
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_readme_pagination_example_runs(paging: Any) -> None:
    """The README's example, as written, against pages served by a mock."""
    readme = (Path(paging.__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Pagination", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    server = Server(lambda r: result_page(PEOPLE[int(r.url.params.get("offset") or 0) :][:2]) if r.url.params.get("offset") != "4" else result_page([]))
    original = httpx.Client.__init__

    def with_mock(self: httpx.Client, *args: Any, **kwargs: Any) -> None:
        kwargs["transport"] = httpx.MockTransport(server.handle)
        original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx.Client, "__init__", with_mock)
        exec(compile(code, "README.md", "exec"), {"__name__": "__main__"})
    assert server.params("offset") == [None, "2", "4"]


def test_with_raw_response_gives_the_raw_response_of_the_one_page(paging: Any) -> None:
    server = Server(files_page)
    with server.client(paging) as client:
        raw = client.files.with_raw_response.list(limit=2)
        assert raw.status_code == 200 and len(server.requests) == 1
        page = raw.parse()
        assert ids(page.data) == ["f1", "f2"] and len(server.requests) == 1
        assert ids(page) == ["f1", "f2", "f3", "f4", "f5"]  # the following pages: real requests
    assert server.params("after") == [None, "f2", "f4"]


def test_with_raw_response_async_gives_the_one_page(paging: Any) -> None:
    server = Server(files_page)

    async def run() -> List[str]:
        client = server.async_client(paging)
        raw = await client.files.with_raw_response.list_async(limit=2)
        assert raw.status_code == 200 and len(server.requests) == 1
        page = await raw.parse()
        return [item.id async for item in page]

    assert asyncio.run(run()) == ["f1", "f2", "f3", "f4", "f5"]
    assert server.params("after") == [None, "f2", "f4"]

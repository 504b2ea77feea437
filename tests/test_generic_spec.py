"""The generator is generic: a different API generates, type-checks, imports and works."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from mockapi import MockAPI

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).resolve().parent / "specs" / "library.yaml"
BOOK = {"id": "b1", "title": "Dune", "genre": "fiction", "author": {"name": "Frank Herbert", "born": 1920}, "tags": ["sf"], "class": "A", "published-at": "1965-08-01T00:00:00Z"}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("library")
    (out.parent / "library.yaml").write_text("package: library_sdk\ndistribution: library-sdk\nsdk_class: Library\nenv_prefix: LIBRARY\nversion: 2.0.0\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SPEC), "-o", str(out), "--config", str(out.parent / "library.yaml")], check=True, cwd=ROOT)
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("library_sdk"), out
    finally:
        sys.path.remove(str(out / "src"))


def test_resources_and_methods_follow_the_paths(library: Any) -> None:
    sdk, _ = library
    client = sdk.Library(api_key="k")
    assert [m for m in ("list", "create", "retrieve", "delete") if hasattr(client.books, m)] == ["list", "create", "retrieve", "delete"]
    assert sdk.__version__ == "2.0.0"


def test_get_list_with_query_and_header_parameters(library: Any) -> None:
    sdk, _ = library
    api = MockAPI()
    api.json("GET", "/api/v1/books", {"items": [BOOK], "next_cursor": None})
    with sdk.Library(api_key="k", client=httpx.Client(transport=api.transport())) as client:
        page = client.books.list(limit=10, genre="science", tag=["a", "b"], x_request_id="req-1")

    request = api.requests[0]
    assert request.url.path == "/api/v1/books"
    assert request.url.params.multi_items() == [("limit", "10"), ("genre", "science"), ("tag", "a"), ("tag", "b")]
    assert request.headers["x-request-id"] == "req-1"
    assert request.headers["authorization"] == "Bearer k"
    book = page.items[0]
    assert (book.id, book.genre, book.author.name, book.author.born, book.class_) == ("b1", "fiction", "Frank Herbert", 1920, "A")
    assert book.published_at.year == 1965
    assert page.next_cursor is None


def test_post_nested_object_with_aliases_and_path_parameters(library: Any) -> None:
    sdk, _ = library
    api = MockAPI()
    api.json("POST", "/api/v1/books", BOOK, status=201)
    api.json("GET", "/api/v1/books/b 1", BOOK)
    api.route("DELETE", "/api/v1/books/b1", lambda _: httpx.Response(204))
    client = sdk.Library(api_key="k", client=httpx.Client(transport=api.transport()))

    created = client.books.create(title="Dune", genre="fiction", author={"name": "Frank Herbert"}, tags=["sf"], class_="A")
    fetched = client.books.retrieve(book_id="b 1")
    with pytest.warns(DeprecationWarning, match="deleteBook is deprecated"):
        assert client.books.delete(book_id="b1") is None

    assert api.requests[0].json() == {"title": "Dune", "genre": "fiction", "author": {"name": "Frank Herbert"}, "tags": ["sf"], "class": "A"}
    assert api.requests[1].url.raw_path == b"/api/v1/books/b%201"
    assert created.id == fetched.id == "b1"


def test_declared_error_status_raises_its_class(library: Any) -> None:
    sdk, _ = library
    errors = importlib.import_module("library_sdk.errors")
    api = MockAPI()
    api.json("POST", "/api/v1/books", {"detail": "title is empty"}, status=422)
    client = sdk.Library(api_key="k", client=httpx.Client(transport=api.transport()), retry_config=None)
    with pytest.raises(errors.UnprocessableEntityError) as raised:
        client.books.create(title="", genre="fiction", author={"name": "x"})
    assert raised.value.status_code == 422
    assert raised.value.data.detail == "title is empty"
    with pytest.raises(errors.APIError) as missing:
        client.books.retrieve(book_id="nope")
    assert missing.value.status_code == 404


def test_generated_library_passes_mypy_strict(library: Any) -> None:
    _, out = library
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(out / "src")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout

"""The cases of the generated package's own tests (docs/package_tests.py), on the second API."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from openapi_sdkgen.docs.examples import Code
from openapi_sdkgen.docs.package_tests import _tagged, case_tables
from openapi_sdkgen.pipeline import build

LIBRARY = Path(__file__).resolve().parents[2] / "specs" / "library.yaml"


@pytest.fixture(scope="module")
def cases() -> Dict[str, Dict[str, Any]]:
    api, _ = build(LIBRARY, None)
    tables = case_tables(api)
    assert sorted(tables) == ["books"]
    return {case["id"]: case for case in tables["books"]}


def test_every_operation_has_a_required_and_an_all_arguments_case(cases: Dict[str, Dict[str, Any]]) -> None:
    assert sorted(cases) == sorted(f"books.{op}-{kind}" for op in ("list", "create", "retrieve", "delete") for kind in ("required", "all"))


def test_query_and_header_parameters_are_expected_by_wire_name(cases: Dict[str, Dict[str, Any]]) -> None:
    every = cases["books.list-all"]
    assert set(every["args"]) == {"limit", "genre", "tag", "x_request_id"}
    assert every["request"]["query"] == ["limit", "genre", "tag"]
    assert every["request"]["headers"] == ["X-Request-Id"]
    assert cases["books.list-required"]["request"]["query"] == []


def test_path_arguments_and_body_fields_with_their_json_types(cases: Dict[str, Dict[str, Any]]) -> None:
    retrieve = cases["books.retrieve-all"]["request"]
    assert retrieve["path"] == "/v1/books/{book_id}" and retrieve["path_args"] == {"book_id": "<value>"}
    create = cases["books.create-all"]
    assert create["request"]["content_type"] == "application/json"
    assert create["request"]["body"] == {"title": ["string"], "genre": ["string"], "author": ["object"], "tags": ["array"], "class": ["string"], "published-at": ["string"]}
    assert cases["books.create-required"]["request"]["body"] == {"title": ["string"], "genre": ["string"], "author": ["object"]}
    assert create["args"]["published_at"] == {"$datetime": "2024-01-15T09:30:00+00:00"}  # a date-time argument, tagged
    assert create["args"]["class_"] == "<value>"  # keywords by their Python name


def test_the_answer_and_the_typed_result(cases: Dict[str, Dict[str, Any]]) -> None:
    create = cases["books.create-required"]
    assert create["response"]["status"] == 201 and create["response"]["json"]["genre"] == "fiction"
    assert create["result"] == {"type": "models.Book", "fields": {"title": "<value>", "genre": "fiction", "id": "<value>"}}
    assert cases["books.delete-required"]["result"] == {"type": "None"}


def test_example_expressions_become_tagged_data() -> None:
    assert _tagged(Code('datetime.fromisoformat("2024-01-15T09:30:00+00:00")')) == {"$datetime": "2024-01-15T09:30:00+00:00"}
    assert _tagged(Code('date.fromisoformat("2024-01-15")')) == {"$date": "2024-01-15"}
    assert _tagged(Code('b"<value>"')) == {"$bytes": "<value>"}
    assert _tagged(Code('"caf\\u00e9".encode()')) == {"$bytes": "café"}
    with pytest.raises(ValueError, match="no data form"):
        _tagged(Code('open("example.file", "rb")'))

"""Spec -> IR: the paginator of each operation, declared (`x-speakeasy-pagination`) or inferred."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError
from openapi_sdkgen.model import ir
from openapi_sdkgen.model.pagination import _jsonpath
from openapi_sdkgen.pipeline import build

SPEC = Path(__file__).resolve().parents[2] / "specs" / "pagination.yaml"


def paginators(tmp_path: Path, config: str = "") -> Tuple[Dict[str, Optional[ir.Pagination]], List[Diagnostic]]:
    path = tmp_path / "sdk.yaml"
    path.write_text("package: paging_sdk\n" + config)
    api, warnings = build(SPEC, path)
    return {op.operation_id: op.pagination for op in api.operations}, warnings


def test_each_operation_pages_as_declared_or_inferred(tmp_path: Path) -> None:
    found, _ = paginators(tmp_path)
    summary = {name: (p.kind, p.source, p.param, p.limit) if p else None for name, p in found.items()}
    assert summary == {
        "declaredOffset": ("offset", "x-speakeasy-pagination", "offset", "limit"),
        "declaredPage": ("page", "x-speakeasy-pagination", "page", ""),
        "declaredCursor": ("cursor", "x-speakeasy-pagination", "since", ""),
        "declaredUrl": ("url", "x-speakeasy-pagination", "", ""),
        "declaredBroken": None,
        "listFiles": ("cursor", "inferred", "after", "limit"),
        "listJobs": ("cursor", "inferred", "starting_after", "limit"),
        "listPeople": ("offset", "inferred", "offset", "limit"),
        "listPages": ("page", "inferred", "page", "per_page"),
        "listTracks": ("url", "inferred", "", "limit"),
        "listCommits": ("link", "inferred", "", ""),
        "listEvents": ("cursor", "inferred", "cursor", "limit"),
        "listLogs": ("url", "inferred", "", ""),
        "listFolders": ("cursor", "inferred", "marker", "limit"),
        "listComments": ("offset", "inferred", "offset", "limit"),
        "listUnpaged": ("cursor", "inferred", "after", ""),
        "getThing": None,
    }
    files, jobs, people = found["listFiles"], found["listJobs"], found["listPeople"]
    assert files and (files.results, files.next_cursor, files.has_more) == (("data",), ("last_id",), ("has_more",))
    assert jobs and jobs.next_cursor == ("data", -1, "id")  # no cursor field: the last item's id
    events, logs = found["listEvents"], found["listLogs"]
    assert events and (events.next_cursor, events.has_more) == (("meta", "cursors", "next"), ("meta", "has_more"))
    assert logs and logs.next_url == ("links", "next")
    assert people and people.total == ("total",)
    cursor, page = found["declaredCursor"], found["declaredPage"]
    assert cursor and (cursor.results, cursor.next_cursor) == (("data", "resultArray"), ("data", "resultArray", -1, "name"))
    assert page and page.pages == ("data", "numPages")
    tracks, url = found["listTracks"], found["declaredUrl"]
    assert tracks and tracks.next_url == ("next",) and ("offset", "offset") in tracks.query
    assert url and url.next_url == ("links", "next") and url.results == ("items",)
    commits = found["listCommits"]
    assert commits and commits.results == ()  # the body itself is the list


def test_each_inferred_paginator_is_reported_with_its_pointer(tmp_path: Path) -> None:
    _, warnings = paginators(tmp_path)
    reported = {w.pointer: w.message for w in warnings if "paginated (" in w.message}
    assert len(reported) == 11
    assert reported["#/paths/~1events/get"].startswith("paginated (cursor: cursor <- meta.cursors.next, items data), inferred")
    assert reported["#/paths/~1files/get"].startswith("paginated (cursor: after <- last_id, items data), inferred")
    assert "no_pagination: [listFiles]" in reported["#/paths/~1files/get"]
    broken = next(w for w in warnings if w.pointer == "#/paths/~1declared~1broken/get/x-speakeasy-pagination")
    assert broken.severity == "warning" and "input 'skip' is not a parameter of the operation; the method returns one page" in broken.message


def test_the_config_turns_inference_off_and_takes_operations_out(tmp_path: Path) -> None:
    found, warnings = paginators(tmp_path, "infer_pagination: false\nno_pagination: [declaredOffset, listNothing]\n")
    assert sorted(name for name, p in found.items() if p) == ["declaredCursor", "declaredPage", "declaredUrl"]
    assert not [w for w in warnings if "paginated (" in w.message]
    assert any("no_pagination (config): no operation has the operationId 'listNothing'" in w.message for w in warnings)


def test_infer_pagination_must_be_a_boolean(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="infer_pagination must be true or false, not 'sometimes'"):
        paginators(tmp_path, "infer_pagination: sometimes\n")


@pytest.mark.parametrize(
    "text, steps",
    [
        ("$.data", ("data",)),
        ("$.data.resultArray[-1].id", ("data", "resultArray", -1, "id")),
        ("$.data.resultArray[(@.length-1)].created_at", ("data", "resultArray", -1, "created_at")),
        ("$['links'].next", ("links", "next")),
        ("$.items[0]", ("items", 0)),
    ],
)
def test_jsonpath_of_the_extension(text: str, steps: Tuple[object, ...]) -> None:
    assert _jsonpath(text) == steps


@pytest.mark.parametrize("text", ["data.items", "$.items[*].id", "$..id"])
def test_unsupported_jsonpath_is_named(text: str) -> None:
    with pytest.raises(ValueError, match="JSONPath|is not a JSONPath"):
        _jsonpath(text)

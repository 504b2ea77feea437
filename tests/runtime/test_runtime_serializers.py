import io
import json
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Dict, List, Optional

import pytest
from pydantic import Field

from rtpkg.utils import UNSET, BaseModel, File, OptionalNullable
from rtpkg.utils.serializers import (
    form_body,
    json_body,
    multipart_body,
    path,
    query_params,
)


class Color(str, Enum):
    RED = "red"


class Options(BaseModel):
    detail: str
    level: int = 1


class Upload(BaseModel):
    file: File
    purpose: str
    extra_files: Optional[List[File]] = None
    tags: List[str] = Field(default_factory=list)
    ids: Optional[List[int]] = None
    flag: Optional[bool] = None
    temperature: OptionalNullable[float] = UNSET
    options: Optional[Options] = None
    messages: Optional[List[Dict[str, Any]]] = None
    color: Optional[Color] = None
    at: Optional[datetime] = None
    name_: Optional[str] = Field(default=None, alias="name")


def test_json_body_of_model_dict_and_list() -> None:
    # a field at its default is not sent; a field set to another value is
    assert json_body(Options(detail="d")) == b'{"detail":"d"}'
    assert json_body(Options(detail="d", level=2)) == b'{"detail":"d","level":2}'
    assert json.loads(json_body({"a": [1, None]})) == {"a": [1, None]}
    assert json.loads(json_body([Options(detail="x", level=3)])) == [{"detail": "x", "level": 3}]


def test_multipart_with_bytes_file_and_scalar_fields() -> None:
    body = Upload(
        file=File(file_name="a.txt", content=b"\xff\x00raw", content_type="text/plain"),
        purpose="batch",
        flag=False,
        temperature=0.5,
        color=Color.RED,
        at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        name_="n",  # type: ignore[call-arg]
    )
    data, files = multipart_body(body)
    assert files == [("file", ("a.txt", b"\xff\x00raw", "text/plain"))]
    assert data == [
        ("purpose", "batch"),
        ("flag", "false"),
        ("temperature", "0.5"),
        ("color", "red"),
        ("at", "2024-01-02T03:04:05Z"),
        ("name", "n"),
    ]


def test_multipart_keeps_file_objects_untouched() -> None:
    handle = io.BytesIO(b"stream me")
    data, files = multipart_body(
        Upload(
            file=File(file_name="f.bin", content=handle),
            purpose="p",
            extra_files=[
                File(file_name="b.bin", content=b"b"),
                File(file_name="c.bin", content=b"c"),
            ],
        )
    )
    assert files[0] == ("file", ("f.bin", handle, None))
    assert handle.tell() == 0  # nothing read while serializing
    assert [(name, part[0]) for name, part in files[1:]] == [
        ("extra_files[]", "b.bin"),  # an array of files is sent as Speakeasy names it
        ("extra_files[]", "c.bin"),
    ]
    assert data == [("purpose", "p")]


def test_multipart_repeats_primitive_lists_and_json_encodes_objects() -> None:
    """As Speakeasy sends them: `name[]` per value; objects as application/json parts."""
    data, files = multipart_body(
        Upload(
            file=File(file_name="f", content=b""),
            purpose="p",
            tags=["a", "b"],
            ids=[1, 2],
            options=Options(detail="high"),
            messages=[{"role": "user", "content": "hi"}],
        )
    )
    assert ("tags[]", "a") in data and ("tags[]", "b") in data
    assert [v for k, v in data if k == "ids[]"] == ["1", "2"]
    assert not [k for k, _ in data if k in ("options", "messages")]
    assert ("options", (None, b'{"detail":"high"}', "application/json")) in files
    assert ("messages", (None, b'[{"role":"user","content":"hi"}]', "application/json")) in files


def test_multipart_omits_unset_and_none() -> None:
    data, _ = multipart_body(
        Upload(
            file=File(file_name="f", content=b""),
            purpose="p",
            temperature=None,
            flag=None,
        )
    )
    assert data == [("purpose", "p")]


def test_file_rejects_non_binary_content() -> None:
    with pytest.raises(ValueError):
        File(file_name="x", content=123)  # type: ignore[arg-type]


def test_query_params_form_explode() -> None:
    params = query_params(
        {
            "limit": 10,
            "stream": True,
            "ids": ["a", "b"],
            "filter": {"status": "ok", "deep": False},
            "skip": None,
            "unset": UNSET,
            "color": Color.RED,
            "options": Options(detail="d", level=2),
        }
    )
    assert params == [
        ("limit", "10"),
        ("stream", "true"),
        ("ids", "a"),
        ("ids", "b"),
        ("status", "ok"),
        ("deep", "false"),
        ("color", "red"),
        ("detail", "d"),
        ("level", "2"),
    ]


def test_form_body_uses_the_model_wire_names() -> None:
    assert form_body(Options(detail="d")) == [("detail", "d")]
    assert form_body(Options(detail="d", level=2)) == [("detail", "d"), ("level", "2")]


def test_path_quotes_every_value() -> None:
    assert (
        path("/items/{id}/files/{name}", {"id": 5, "name": "a b/c?"})
        == "/items/5/files/a%20b%2Fc%3F"
    )
    assert path("/flags/{on}", {"on": True}) == "/flags/true"
    with pytest.raises(ValueError, match="id"):
        path("/items/{id}", {})

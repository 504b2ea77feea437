"""Parameter serialization against the OpenAPI 3.1 "Style Examples" table and RFC 6570.

The table's values: `color` unset / "" / "blue" / ["blue", "black", "brown"] /
{"R": 100, "G": 200, "B": 150}.
"""

from enum import Enum
from typing import Optional

import pytest

from rtpkg.utils.idempotency import set_idempotency_key
from rtpkg.utils.params import Style, cookie_header, header_value, path_value, query_pairs, query_string
from rtpkg.utils.serializers import path
from rtpkg.utils.types import UNSET

STRING, ARRAY, OBJECT = "blue", ["blue", "black", "brown"], {"R": 100, "G": 200, "B": 150}

# (style, explode, empty string, string, array, object), as the OpenAPI table writes them
PATH_TABLE = [
    ("simple", False, "", "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True, "", "blue", "blue,black,brown", "R=100,G=200,B=150"),
    ("label", False, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("label", True, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("matrix", False, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
    ("matrix", True, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"),
]


@pytest.mark.parametrize(("style", "explode", "empty", "string", "array", "obj"), PATH_TABLE)
def test_path_styles_match_the_table(style: str, explode: bool, empty: str, string: str, array: str, obj: str) -> None:
    given = Style(style, explode)
    assert path_value("color", "", given) == empty
    assert path_value("color", STRING, given) == string
    assert path_value("color", ARRAY, given) == array
    assert path_value("color", OBJECT, given) == obj


QUERY_TABLE = [
    ("form", False, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"),
    ("form", True, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
    ("spaceDelimited", False, None, None, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"),
    ("spaceDelimited", True, None, None, "color=blue&color=black&color=brown", None),
    ("pipeDelimited", False, None, None, "color=blue|black|brown", "color=R|100|G|200|B|150"),
    ("pipeDelimited", True, None, None, "color=blue&color=black&color=brown", None),
    ("deepObject", True, None, None, None, "color[R]=100&color[G]=200&color[B]=150"),
]


@pytest.mark.parametrize(("style", "explode", "empty", "string", "array", "obj"), QUERY_TABLE)
def test_query_styles_match_the_table(style: str, explode: bool, empty: Optional[str], string: Optional[str], array: Optional[str], obj: Optional[str]) -> None:
    given = Style(style, explode)
    for value, expected in (("", empty), (STRING, string), (ARRAY, array), (OBJECT, obj)):
        if expected is not None:
            assert "&".join(query_pairs("color", value, given)) == expected


def test_rfc6570_encoding_of_values_and_reserved_characters() -> None:
    # RFC 6570 section 1.2 level 2-4 examples ({var}, {+var}, {list}, {keys})
    assert path_value("hello", "Hello World!", Style("simple", False)) == "Hello%20World%21"
    assert path_value("path", "/foo/bar", Style("simple", False, True)) == "/foo/bar"
    assert path_value("path", "/foo/bar", Style("simple", False)) == "%2Ffoo%2Fbar"
    assert path_value("keys", {"semi": ";", "dot": ".", "comma": ","}, Style("simple", False)) == "semi,%3B,dot,.,comma,%2C"
    assert path_value("keys", {"semi": ";", "dot": ".", "comma": ","}, Style("simple", True)) == "semi=%3B,dot=.,comma=%2C"
    assert path_value("list", ["red", "green", "blue"], Style("label", True)) == ".red.green.blue"
    assert query_pairs("q", "a b&c", Style("form", True)) == ["q=a%20b%26c"]
    assert query_pairs("q", "a/b?c", Style("form", True, True)) == ["q=a/b?c"]
    assert query_pairs("q", "a#b", Style("form", True, True)) == ["q=a%23b"]  # a literal # would end the query


def test_unset_and_empty_values_are_left_out() -> None:
    assert query_string({"a": None, "b": UNSET, "c": [], "d": 0, "e": False}) == "d=0&e=false"
    assert query_string({"c": [None, "x"], "o": {"k": None, "v": 1}}) == "c=x&v=1"
    assert path_value("list", [], Style("simple", False)) == ""


class Color(Enum):
    RED = "red"


def test_values_are_written_as_on_the_wire() -> None:
    assert query_string({"flag": True, "color": Color.RED, "ids": [1, 2]}, {("query", "ids"): Style("form", False)}) == "flag=true&color=red&ids=1,2"


def test_content_encoded_parameters_are_json() -> None:
    style = Style("form", True, False, "application/json")
    assert query_pairs("filter", {"a": [1, 2]}, style) == ["filter=%7B%22a%22%3A%5B1%2C2%5D%7D"]
    assert header_value({"a": 1}, style) == '{"a":1}'
    assert path_value("f", {"a": 1}, Style("simple", False, False, "application/json")) == "%7B%22a%22%3A1%7D"


def test_headers_are_simple_and_not_encoded() -> None:
    assert header_value(["a b", "c"]) == "a b,c"
    assert header_value(OBJECT) == "R,100,G,200,B,150"
    assert header_value(OBJECT, Style("simple", True)) == "R=100,G=200,B=150"
    assert header_value(True) == "true"


def test_cookies_are_form_pairs_in_one_header() -> None:
    styles = {("cookie", "list"): Style("form", False), ("cookie", "obj"): Style("form", False)}
    assert cookie_header({"id": "a b", "list": ARRAY, "obj": OBJECT, "none": None}, styles) == "id=a%20b; list=blue,black,brown; obj=R,100,G,200,B,150"
    assert cookie_header({"list": ["a", "b"]}) == "list=a; list=b"
    assert cookie_header({"x": None}) is None


def test_path_template_fills_every_style_and_fails_on_a_missing_value() -> None:
    styles = {("path", "ids"): Style("matrix", True)}
    assert path("/a/{name}/{ids}/{n}", {"name": "x/y", "ids": [1, 2], "n": 3}, styles) == "/a/x%2Fy/;ids=1;ids=2/3"
    assert path("/a/{ids}", {"ids": ["a", "b"]}) == "/a/a,b"  # no repr of a list
    with pytest.raises(ValueError, match="missing path parameter 'id'"):
        path("/a/{id}", {})


def test_an_idempotency_key_is_added_once_unless_given() -> None:
    headers = {"Accept": "application/json"}
    set_idempotency_key(headers, "Idempotency-Key")
    key = headers["Idempotency-Key"]
    set_idempotency_key(headers, "Idempotency-Key")
    assert headers["Idempotency-Key"] == key and len(key) == 36
    given = {"idempotency-key": "mine"}
    set_idempotency_key(given, "Idempotency-Key")
    assert given == {"idempotency-key": "mine"}

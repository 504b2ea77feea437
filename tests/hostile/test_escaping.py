"""Spec text becomes Python literals only: every escape round-trips, for any text at all."""

from __future__ import annotations

import ast
import inspect
import math
import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from openapi_sdkgen.emit import pytext
from openapi_sdkgen.diagnostics import Diagnostic

_TEXT = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\'\\\n\r\t\x00\x0b\x0c\x1b\x7f\x85\u2028\u2029\u202e\u2066\u200b\ufeff{}%#'))
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
# What must never appear raw in emitted source: it hides code or reorders how a line reads.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


@settings(max_examples=300, deadline=None, database=None)
@given(_TEXT)
def test_a_string_literal_holds_exactly_the_text(text: str) -> None:
    source = pytext.string(text)
    assert "\n" not in source and not _HIDDEN.search(source)
    assert ast.literal_eval(source) == text


@settings(max_examples=300, deadline=None, database=None)
@given(_TEXT)
@example("0\n0\t0")  # a tab after text: tab stops move with the indentation
def test_a_docstring_is_one_inert_literal(text: str) -> None:
    doc = pytext.docstring(text, "    ")
    if not doc:
        assert not text.strip()
        return
    module = ast.parse(f"def f() -> None:\n    {doc}\n    return None\n")
    body = module.body[0].body  # type: ignore[attr-defined]
    assert len(body) == 2 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    assert not _HIDDEN.search(doc)
    shown = "\n".join(line.rstrip(" ") for line in inspect.cleandoc(_inner_tabs_marked(body[0].value.value)).split("\n"))
    assert shown == inspect.cleandoc(_inner_tabs_marked(_expected_docstring(text)))  # black pads a quote at the end with a space


def _inner_tabs_marked(text: str) -> str:
    """A tab after text is kept as it is, but `cleandoc` expands it to a tab stop that moves
    with the line's indentation: mark it so both sides compare the tab itself."""
    lines = text.split("\n")
    return "\n".join(line[: len(line) - len(line.lstrip())] + line.lstrip().replace("\t", "\ue000") for line in lines)


def _expected_docstring(text: str) -> str:
    """The text as a docstring shows it: stripped, each line without trailing blanks (escaped
    invisible characters are no longer blanks, so they stay)."""
    blanks = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ord(ch) not in pytext._CONTROL)
    return "\n".join(line.rstrip(blanks) for line in text.strip().split("\n"))


@settings(max_examples=300, deadline=None, database=None)
@given(_JSON)
def test_an_example_value_is_an_expression_of_the_same_value(value: Any) -> None:
    source = pytext.value_expr(value)
    assert not _HIDDEN.search(source)
    tree = ast.parse(source, mode="eval")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert all(isinstance(c.func, ast.Name) and c.func.id == "float" for c in calls)  # only float("inf") / float("nan")
    rebuilt = eval(compile(tree, "<example>", "eval"), {"__builtins__": {}}, {"float": float})  # noqa: S307 - checked above
    assert _same(rebuilt, value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == {str(k) for k in b} and all(_same(a[str(k)], v) for k, v in b.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@settings(max_examples=200, deadline=None, database=None)
@given(_TEXT, _TEXT)
def test_a_comment_stays_on_its_line(text: str, other: str) -> None:
    comment = pytext.comment(text)
    assert "\n" not in comment and "\r" not in comment and not _HIDDEN.search(comment)
    assert ast.parse(f"x = 1  {comment}\n").body[0].lineno == 1


@given(_TEXT)
def test_an_error_message_cannot_rewrite_the_terminal_line(text: str) -> None:
    shown = str(Diagnostic("error", f"bad name {text}", ("paths", text), "spec.yaml", 3))
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\u202e" not in shown

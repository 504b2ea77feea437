"""The fast line lookup gives the line the YAML composer gives, or admits it is unsure.

Every path of each spec (and a missing child under every node) is looked up both ways:
the scan must agree with the composer wherever it answers, and must answer for nearly all
paths of plain block-style specs, or it would save nothing.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Iterator, List, Optional, Sequence, Tuple

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openapi_sdkgen.spec import load
from openapi_sdkgen.diagnostics import GeneratorError, PathPart
from openapi_sdkgen.spec.locate import BlockLocator, JsonLocator
from hostile.hostile_corpus import hostile_specs
from hostile.malformed_corpus import malformed_inputs

ROOT = Path(__file__).resolve().parents[3]
REAL_SPECS = ROOT.parent / "shared" / "specs"
REPO_SPECS = [ROOT / "spec" / "openapi.yaml", *sorted((ROOT / "tests" / "specs").rglob("*.yaml"))]
_SAMPLE = 20_000  # paths per real spec: enough to meet every shape, few enough to stay quick


def _paths(data: Any, prefix: Tuple[PathPart, ...] = ()) -> Iterator[List[PathPart]]:
    """Every node's path, and below each node one child that does not exist."""
    yield list(prefix)
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
        yield [*prefix, "no-such-key"]
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))
        yield [*prefix, len(data)]
    else:
        yield [*prefix, "below-a-scalar"]


def _composed(text: str) -> Any:
    return yaml.compose(text, Loader=load._OpenAPILoader)


def _composer_line(root: Any, path: Sequence[PathPart]) -> Optional[int]:
    node, line = root, root.start_mark.line + 1
    for part in path:
        node = load._child(node, part)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _compare(text: str, data: Any, paths: List[List[PathPart]], json_text: bool = False) -> Tuple[int, List[str]]:
    """(paths the scan answered, disagreements with the composer)."""
    root = _composed(text)
    locator = JsonLocator(text) if json_text else BlockLocator(text, data)
    answered, wrong = 0, []
    for path in paths:
        line = locator.line_of(path)
        if line is None:
            continue
        answered += 1
        expected = _composer_line(root, path)
        if line != expected:
            wrong.append(f"{path}: scan says line {line}, the composer {expected}")
    return answered, wrong[:10]


def _load(text: str) -> Any:
    return yaml.load(text, Loader=load._OpenAPILoader)


@pytest.mark.parametrize("spec", REPO_SPECS, ids=lambda p: p.name)
def test_the_scan_agrees_with_the_composer_on_the_repository_specs(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    data = _load(text)
    paths = list(_paths(data))
    answered, wrong = _compare(text, data, paths)
    assert wrong == []
    assert answered == len(paths)


@pytest.mark.parametrize("name", ["openai-subset", "orq-subset", "r9s-relay", *(pytest.param(n, marks=pytest.mark.fullspec) for n in ("openai-full", "orq-full"))])
def test_the_scan_agrees_with_the_composer_on_real_specs(name: str) -> None:
    spec = REAL_SPECS / f"{name}.yaml"
    if not spec.is_file():
        pytest.skip(f"{spec} is absent: the real-world specs live beside the repository, in shared/specs")
    text = spec.read_text(encoding="utf-8")
    data = _load(text)
    paths = list(_paths(data))
    if len(paths) > _SAMPLE:
        paths = random.Random(0).sample(paths, _SAMPLE)
    answered, wrong = _compare(text, data, paths)
    assert wrong == []
    assert answered == len(paths)


def test_the_scan_agrees_with_the_composer_on_hostile_specs(tmp_path: Path) -> None:
    answered_in_all = 0
    for spec in hostile_specs(str(tmp_path / "canary")):
        for style in ({"width": 10_000}, {"width": 40}, {"width": 40, "default_style": '"'}, {"default_flow_style": None}):
            text = yaml.dump(spec.data, allow_unicode=True, sort_keys=False, **style)  # type: ignore[call-overload]
            data = _load(text)
            answered, wrong = _compare(text, data, list(_paths(data)))
            assert wrong == [], (spec.name, style)
            answered_in_all += answered
    assert answered_in_all > 1_000


def test_the_scan_agrees_with_the_composer_on_malformed_inputs(tmp_path: Path) -> None:
    checked = 0
    for case in malformed_inputs("http://127.0.0.1:9"):
        if case.suffix != ".yaml" or not isinstance(case.content, str):
            continue
        spec = tmp_path / f"{case.name}.yaml"
        spec.write_text(case.content, encoding="utf-8")
        try:
            document = load.load_document(spec)  # refuses the documents too deep or too big to walk
        except GeneratorError:
            continue
        with load.recursion_room():
            paths = list(_paths(document.data))
            assert _compare(document.text, document.data, paths)[1] == [], case.name
        checked += 1
    assert checked > 20


# Layouts the scan must read right, or refuse: each with a path into the tricky part.
_TRICKY = [
    ("a:\n  b: 1\n  c: 2\n", ["a", "c"]),
    ("a:\n  # note\n\n  b: 1\n", ["a"]),  # a mapping starts at its first key, below comments
    ("a:\n- 1\n- 2\nb: 3\n", ["a", 1]),  # a list indented as its key
    ("a:\n  - x: 1\n    y: 2\n  -\n    z: 3\n", ["a", 1, "z"]),
    ("a:\n  - - 1\n    - 2\n", ["a", 0, 1]),
    ('a:\n  text: "one\n  b: two"\n  b: 3\n', ["a", "b"]),  # a key-like line inside a quoted string
    ("a:\n  text: 'one\n\n  b: two'\n  c: 3\n", ["a", "b"]),
    ("a:\n  text: |\n    b: no\n    - no\n  b: yes\n", ["a", "b"]),
    ("a:\n  text: >-\n    folded\n  b: 1\n", ["a", "text"]),
    ("a:\n  text: plain that\n    goes on\n  b: 1\n", ["a", "b"]),
    ("a:\n  text:\n    plain below\n  b: 1\n", ["a", "text"]),
    ("a: &x\n  b: 1\nc: *x\n", ["c", "b"]),  # aliases: the composer's line is the anchor's
    ("a: !!map\n  b: 1\n", ["a", "b"]),
    ("a:\nb: 1\n", ["a"]),  # an empty value
    ("a: [1,\n  2]\n", ["a", 1]),  # a flow collection over two lines
    ("a: {b: [1, 2], c: 'x, ]'}\n", ["a", "b", 1]),
    ('"a b": 1\n\'c\'\'d\': 2\n"e:f": 3\n', ["c'd"]),
    ("a: 1\na: 2\nb: 3\n", ["b"]),  # a repeated key
    ("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", ["m", "y"]),
    ("? a\n: 1\nb: 2\n", ["b"]),
    ("200:\n  x: 1\n'201':\n  x: 2\ntrue: 3\n", ["201", "x"]),
    ("%YAML 1.2\n---\na:\n  b: 1\n", ["a", "b"]),
    ("a:\r\n  b: 1\r\n  c: 2\r\n", ["a", "c"]),
    ("a:\r  b: 1\r", ["a", "b"]),
    ("a:\n  b: \"x\u2028y\"\n  c: 1\n", ["a", "c"]),
    ("a:\n  b: 1 # c: 2\n  d: 3\n", ["a", "d"]),
    ("a:\n  b:\n       c: 1\n  d:   2\n", ["a", "b", "c"]),
    ("a:\n  '#b: c': 1\n  \"x #y\": [1, '2']\n", ["a", "x #y", 1]),
    ("a: |\n  x\n\n\nb: 1\n", ["b"]),
]


@pytest.mark.parametrize("text, path", _TRICKY)
def test_tricky_layouts_are_read_right_or_left_to_the_composer(text: str, path: List[PathPart]) -> None:
    data = _load(text)
    paths = [path, *(_paths(data) if isinstance(data, dict) else [])]
    assert _compare(text, data, paths)[1] == []


def test_a_block_spec_is_placed_without_composing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n")
    document = load.load_document(spec)
    monkeypatch.setattr(load.yaml, "compose", _no_compose)
    assert document.line_of(["components", "schemas", "A", "type"]) == 9
    assert document.line_of(["components", "schemas", "B"]) == 8  # the nearest existing parent


def test_what_the_scan_cannot_read_is_placed_by_composing(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: &i\n  title: T\n  version: '1'\nx-info: *i\npaths: {}\n")
    document = load.load_document(spec)
    assert document.line_of(["x-info", "version"]) == 4


def _no_compose(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("composed the whole document")


@pytest.mark.parametrize("indent", [None, 1, "\t"])
def test_the_json_scan_agrees_with_the_composer(indent: Any) -> None:
    data = _load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    data["x-repeated"] = {"k": 1}
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    paths = list(_paths(data))
    answered, wrong = _compare(text, data, paths, json_text=True)
    assert wrong == []
    assert answered == len(paths)


_KEYS = st.one_of(st.integers(0, 300), st.sampled_from(["a", "type", "200", "x-y", "/p/{id}", "$ref", "on", "n"]), st.text("ab :#-'\"\\", max_size=8))
_SCALARS = st.one_of(st.text("ab :#-\n'\"{}[],&*!|>%@\\\t", max_size=40), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=4), st.sampled_from([10, 40, 1000]), st.sampled_from([2, 4]), st.sampled_from([None, '"', "'", "|"]), st.booleans())
def test_the_scan_agrees_with_the_composer_on_any_dumped_data(data: Any, width: int, indent: int, style: Optional[str], flow: bool) -> None:
    text = yaml.safe_dump(data, width=width, indent=indent, default_style=style, default_flow_style=None if flow else False, sort_keys=False, allow_unicode=True)
    loaded = _load(text)
    assert _compare(text, loaded, list(_paths(loaded)))[1] == []

"""A document loaded in pieces is exactly what the whole document loads to, or is refused.

Pieces are split down to single keys here (the size below which a piece is parsed whole
is set to 0), so every layout meets the most boundaries it can.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, List

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openapi_sdkgen.spec import load, yaml_pieces
from openapi_sdkgen.speed.cache import DiskCache
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.spec.yaml_pieces import Unsplittable, load_in_pieces
from hostile.hostile_corpus import hostile_specs
from hostile.malformed_corpus import malformed_inputs

ROOT = Path(__file__).resolve().parents[3]
REAL_SPECS = ROOT.parent / "shared" / "specs"
REPO_SPECS = [ROOT / "spec" / "openapi.yaml", *sorted((ROOT / "tests" / "specs").rglob("*.yaml"))]


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(yaml_pieces, "_SPLIT_ABOVE", 0)
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


def _whole(text: str) -> Any:
    return yaml.load(text, Loader=load._OpenAPILoader)


def _in_pieces(text: str, parse: Callable[[str], Any] = load._parse_yaml) -> Any:
    return load_in_pieces(text, parse, DiskCache("yaml-pieces"), "doc")


def _same(text: str) -> bool:
    """Loaded in pieces as a whole (keys in the same order at every level); False when refused."""
    try:
        loaded = _in_pieces(text)
    except Unsplittable:
        return False
    expected = _whole(text)
    assert loaded.data == expected
    assert _dump(loaded.data) == _dump(expected)  # the same order of keys, everywhere
    if loaded.height is not None:
        assert loaded.height == _shape_height(expected)
    return True


def _dump(data: Any) -> str:
    return yaml.dump(data, sort_keys=False, allow_unicode=True)


def _shape_height(data: Any) -> int:
    check = load._ShapeCheck(load.Document(Path("x.yaml"), "", data), surrogates=False)
    check.run()
    return check.heights[id(data)]


@pytest.mark.parametrize("spec", REPO_SPECS, ids=lambda p: p.name)
def test_repository_specs_load_the_same_in_pieces(spec: Path) -> None:
    assert _same(spec.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["openai-subset", "orq-subset", "r9s-relay", *(pytest.param(n, marks=pytest.mark.fullspec) for n in ("openai-full", "orq-full"))])
def test_real_specs_load_the_same_in_pieces(name: str) -> None:
    spec = REAL_SPECS / f"{name}.yaml"
    if not spec.is_file():
        pytest.skip(f"{spec} is absent: the real-world specs live beside the repository, in shared/specs")
    assert _same(spec.read_text(encoding="utf-8"))


def test_hostile_specs_load_the_same_in_pieces(tmp_path: Path) -> None:
    split = 0
    for spec in hostile_specs(str(tmp_path / "canary")):
        for style in ({"width": 10_000}, {"width": 30}, {"width": 30, "default_style": '"'}, {"default_flow_style": None}):
            split += _same(yaml.dump(spec.data, allow_unicode=True, sort_keys=False, **style))  # type: ignore[call-overload]
    assert split > 20


def test_only_changed_pieces_are_parsed_again() -> None:
    text = (ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8")
    parsed: List[str] = []

    def counting(source: str) -> Any:
        parsed.append(source)
        return load._parse_yaml(source)

    first = _in_pieces(text, counting).data
    assert len(parsed) > 100
    parsed.clear()
    changed = text.replace("description: ", "description: Changed. ", 1)
    second = _in_pieces(changed, counting).data
    assert len(parsed) == 1 and "Changed." in parsed[0]
    assert second == _whole(changed) != first
    parsed.clear()
    assert _in_pieces(changed, counting).data == second and parsed == []


# Layouts that must load the same in pieces, or be refused.
_TRICKY = [
    "a: 1\nb:\n  c: 2\n  d: 3\n",
    "# head\n\na:\n  # inside\n  c: 2\n\n  d: 3\n# tail\n",
    "a:\n- 1\n- 2\nb:\n  c:\n  - x\n  - y\n  d: 1\n",  # lists indented as their keys
    'a:\n  c: "one\n  d: two"\n  d: 3\n',  # a key-like line inside a quoted string
    "a:\n  c: 'one\n\n  d: two'\n  e: 3\n",
    'a:\n  c: "one\nd: two"\nd: 3\n',
    "a:\n  c: [1,\n  2]\n  d: {x: 1,\n  y: 2}\n",  # flow collections over lines
    "a:\n  c: |\n    d: no\n    - no\n  d: yes\n  e: >-\n    folded\n\n    more\n",
    "a:\n  c: plain that\n    goes on\n  d: 1\n",
    "a: &x\n  c: 1\nb:\n  d: *x\n",  # an alias to another piece
    "a:\n  c: &y\n    k: 1\n  d: *y\n",  # an alias within one piece
    "a:\n  c: &z [1]\n  d:\n    e: *z\n",
    "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
    "m:\n  <<: {x: 1}\n  x: 2\n",  # a merge key, whose keys lose to the mapping's own
    "m:\n  x: 2\n  <<: {x: 1}\n",
    "a:\n  c: 1\n  c: 2\na:\n  d: 3\n",  # repeated keys
    "a:\n  c: 1\n  d: 2\n  c: 3\nb: 1\n",
    "? a\n: 1\nb:\n  c: 2\n",
    "a:\n  ? c\n  : 1\n  d: 2\n",
    "200:\n  x: 1\n'201':\n  x: 2\ntrue:\n  x: 3\nnull:\n  x: 4\n",
    '"a: b":\n  c: 1\n\'d # e\':\n  f: 2\n',
    "%YAML 1.1\n---\na:\n  c: 1\n",
    "---\na:\n  c: 1\n...\n",
    "a:\r\n  c: 1\r\n  d: 2\r\n",
    "a:\r  c: 1\r",
    "a:\n  c: \"x\u2028y\"\n  d: 1\n",
    "a:\n  c: 1 # d: 2\n  e: 3\n",
    "a:\n  c:\n      x: 1\n  d:\n   y: 2\n",
    "a:\n    c: 1\n    d:\n      e: 1\n",
    "a: !!map\n  c: 1\n",
    "a:\n  !!str c: 1\n  d: 2\n",
    "a:\n  c: 1\n\tb: 2\n",
    "a: {c: 1}\nb: [1, 2]\nc: plain\nd: |\n  block\n",
    "a:\n  b:\n    c:\n      d:\n        e:\n          f: 1\n",
]


@pytest.mark.parametrize("text", _TRICKY)
def test_tricky_layouts_load_the_same_in_pieces_or_are_refused(text: str) -> None:
    try:
        _whole(text)
    except yaml.YAMLError:
        with pytest.raises(Unsplittable):
            _in_pieces(text)
        return
    _same(text)


def test_values_shared_by_aliases_stay_shared_when_taken_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a:\n  - &y {k: [1]}\n  - *y\nb:\n  c: 1\n"
    for _ in range(2):  # parsed, then from the cache
        loaded = _in_pieces(text)
        assert loaded.data == _whole(text) and loaded.data["a"][0] is loaded.data["a"][1]
        assert loaded.height is None  # so the document's shape is checked the long way

    monkeypatch.setattr(load, "_PIECES_THRESHOLD", 0)
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\nx-loop: &loop\n  again: *loop\npaths: {}\n")
    for _ in range(2):
        with pytest.raises(GeneratorError, match="recursive structure"):
            load.load_document(spec)


def test_a_document_with_an_error_in_one_piece_is_refused() -> None:
    with pytest.raises(Unsplittable):
        _in_pieces("a:\n  c: 1\nb:\n  d: [1, 2\n")


_KEYS = st.one_of(st.integers(0, 300), st.sampled_from(["a", "type", "200", "x-y", "/p/{id}", "$ref", "on", "<<", "? q", "- d"]), st.text("ab :#-'\"\\&*", max_size=8))
_SCALARS = st.one_of(st.text("ab :#-\n'\"{}[],&*!|>%@\\\t", max_size=40), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=4), st.sampled_from([10, 40, 1000]), st.sampled_from([2, 4]), st.sampled_from([None, '"', "'", "|"]), st.booleans())
def test_any_dumped_data_loads_the_same_in_pieces(data: Any, width: int, indent: int, style: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, width=width, indent=indent, default_style=style, default_flow_style=None if flow else False, sort_keys=False, allow_unicode=True)
    _same(text)


def test_malformed_inputs_load_alike_in_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every malformed input gives the same data or the same error, whichever way it is loaded."""
    compared = 0
    for case in malformed_inputs("http://127.0.0.1:9"):
        if case.suffix != ".yaml":
            continue
        spec = tmp_path / f"{case.name}.yaml"
        spec.write_bytes(case.content if isinstance(case.content, bytes) else case.content.encode("utf-8"))
        monkeypatch.setattr(load, "_PIECES_THRESHOLD", 10**12)
        whole = _outcome(spec)
        monkeypatch.setattr(load, "_PIECES_THRESHOLD", 0)
        assert _outcome(spec) == whole, case.name
        compared += 1
    assert compared > 20


def _outcome(spec: Path) -> Any:
    try:
        return _dump(load.load_document(spec).data)
    except GeneratorError as exc:
        return [str(d) for d in exc.diagnostics]


def test_a_large_spec_loads_the_same_and_too_deep_is_still_refused(tmp_path: Path) -> None:
    text = (ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    padding = "".join(f"  Pad{i}:\n    type: string\n    description: {'x' * 200}\n" for i in range(1_000))
    spec.write_text(text + "x-padding:\n" + padding)
    assert len(spec.read_text()) > load._PIECES_THRESHOLD
    for _ in range(2):  # parsed, then from the cache
        assert load.load_document(spec).data == _whole(spec.read_text())

    deep = "x-deep:\n" + "".join("  " * level + f"l{level}:\n" for level in range(300)) + "  " * 300 + "end: 1\n"
    spec.write_text(text + "x-padding:\n" + padding + deep)
    with pytest.raises(GeneratorError, match="deeper than 256 levels"):
        load.load_document(spec)

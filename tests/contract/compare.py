"""Field-by-field comparison with readable differences, each naming the field's path."""

from __future__ import annotations

import json
import re
from enum import Enum
from typing import Any, Dict, List, Mapping, Sequence, Tuple

import pydantic

from contract import sdk
from contract.exchange import ExpectedRequest, Part
from contract.wire import ObservedRequest

_SHOW_LIMIT = 160


def show(value: Any) -> str:
    text = (
        json.dumps(value, ensure_ascii=False, default=repr) if not isinstance(value, bytes) else repr(value)
    )
    return text if len(text) <= _SHOW_LIMIT else text[: _SHOW_LIMIT - 3] + "..."


def diff(expected: Any, actual: Any, path: str, subset: bool = False) -> List[str]:
    """Differences between two data trees. `subset`: mappings only check the expected keys.

    Numbers compare by value (2 == 2.0, as JSON does) but a bool is never a number.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        return _diff_mappings(expected, actual, path, subset)
    if isinstance(expected, list) and isinstance(actual, list):
        found = (
            []
            if len(expected) == len(actual)
            else [f"{path}: expected {len(expected)} items, got {len(actual)}"]
        )
        for i, (e, a) in enumerate(zip(expected, actual)):
            found.extend(diff(e, a, f"{path}[{i}]", subset))
        return found
    if _same_scalar(expected, actual):
        return []
    return [f"{path}: expected {show(expected)}, got {show(actual)}"]


def _diff_mappings(
    expected: Mapping[str, Any], actual: Mapping[str, Any], path: str, subset: bool
) -> List[str]:
    found = []
    for key, value in expected.items():
        if key not in actual:
            found.append(f"{path}.{key}: missing (expected {show(value)})")
        else:
            found.extend(diff(value, actual[key], f"{path}.{key}", subset))
    if not subset:
        found.extend(
            f"{path}.{key}: unexpected (got {show(actual[key])})" for key in actual if key not in expected
        )
    return found


def _same_scalar(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(actual, numbers):
        return float(expected) == float(actual)
    return type(expected) is type(actual) and bool(expected == actual)


# --- requests ------------------------------------------------------------------------------


def request_differences(expected: ExpectedRequest, observed: ObservedRequest) -> List[str]:
    found = []
    if observed.method != expected.method:
        found.append(f"request.method: expected {show(expected.method)}, got {show(observed.method)}")
    if observed.path != expected.path:
        found.append(f"request.path: expected {show(expected.path)}, got {show(observed.path)}")
    found.extend(diff(_multi(expected.query), _multi(observed.query), "request.query"))
    found.extend(_header_differences(expected.headers, observed))
    found.extend(_body_differences(expected, observed))
    return found


def _multi(pairs: Sequence[Tuple[str, str]]) -> Dict[str, List[str]]:
    """Multi-items by name: the order of values within a name counts, across names it does not."""
    grouped: Dict[str, List[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def _header_differences(expected: Mapping[str, Any], observed: ObservedRequest) -> List[str]:
    found = []
    for name, want in expected.items():
        got = observed.headers.get(name)
        where = f"request.headers.{name}"
        if got is None:
            found.append(f"{where}: missing (expected {show(want)})")
        elif isinstance(want, dict):
            if not re.fullmatch(want["pattern"], got):
                found.append(f"{where}: {show(got)} does not match the pattern {show(want['pattern'])}")
        elif got != want:
            found.append(f"{where}: expected {show(want)}, got {show(got)}")
    return found


def _body_differences(expected: ExpectedRequest, observed: ObservedRequest) -> List[str]:
    if expected.body_kind == "none":
        return (
            [] if not observed.content else [f"request.body: expected no body, got {show(observed.content)}"]
        )
    if expected.body_kind == "raw":
        return (
            []
            if observed.content == expected.raw
            else [f"request.body: expected {show(expected.raw)}, got {show(observed.content)}"]
        )
    if expected.body_kind == "json":
        try:
            data = observed.json()
        except ValueError as exc:
            return [f"request.json: the body is not JSON ({exc}): {show(observed.content)}"]
        return diff(expected.json, data, "request.json")
    if observed.media_type != "multipart/form-data":
        return [
            f"request.multipart: expected a multipart/form-data body, got Content-Type {show(observed.media_type)}"
        ]
    try:
        parts = observed.parts()
    except ValueError as exc:
        return [f"request.multipart: {exc}"]
    return _parts_differences(expected.parts, parts)


def _parts_differences(expected: Sequence[Part], observed: Sequence[Part]) -> List[str]:
    want, got = _by_name(expected), _by_name(observed)
    found = [f"request.multipart.{name}: missing part" for name in want if name not in got]
    found.extend(f"request.multipart.{name}: unexpected part" for name in got if name not in want)
    for name in want:
        if name not in got:
            continue
        if len(want[name]) != len(got[name]):
            found.append(
                f"request.multipart.{name}: expected {len(want[name])} part(s), got {len(got[name])}"
            )
        for i, (e, a) in enumerate(zip(want[name], got[name])):
            found.extend(_part_differences(e, a, f"request.multipart.{name}[{i}]"))
    return found


def _by_name(parts: Sequence[Part]) -> Dict[str, List[Part]]:
    grouped: Dict[str, List[Part]] = {}
    for part in parts:
        grouped.setdefault(part.name, []).append(part)
    return grouped


def _part_differences(expected: Part, observed: Part, where: str) -> List[str]:
    if expected.content is not None:  # a file part
        if observed.content is None:
            return [f"{where}: expected a file part, got the field {show(observed.value)}"]
        found = []
        for attribute in ("filename", "content_type"):
            want, got = getattr(expected, attribute), getattr(observed, attribute)
            if want is not None and want != got:
                found.append(f"{where}.{attribute}: expected {show(want)}, got {show(got)}")
        if expected.content != observed.content:
            found.append(
                f"{where}.content: expected {len(expected.content)} bytes {show(expected.content)}, got {len(observed.content)} bytes {show(observed.content)}"
            )
        return found
    if observed.content is not None:
        return [f"{where}: expected a field, got a file part named {show(observed.filename)}"]
    if expected.is_json:
        try:
            data = json.loads(observed.value)
        except ValueError:
            return [f"{where}: expected JSON, got {show(observed.value)}"]
        return diff(expected.value, data, where)
    return diff(expected.value, observed.value, where)


# --- typed results ---------------------------------------------------------------------------


def resolve(obj: Any, path: str) -> Any:
    """Follow `a.b[0].c` through attributes, mapping keys and list indexes."""
    current = obj
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if token.startswith("["):
            current = current[int(token[1:-1])]
        elif isinstance(current, Mapping):
            current = current[token]
        else:
            current = getattr(current, token)
    return current


def as_data(value: Any) -> Any:
    """Typed values as plain data: models by field name (UNSET fields left out), enums by value."""
    if isinstance(value, pydantic.BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        fields.update(value.model_extra or {})
        return {name: as_data(item) for name, item in fields.items() if not isinstance(item, sdk.Unset)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    return value


def field_differences(expected: Mapping[str, Any], obj: Any, where: str) -> List[str]:
    """Compare `{path: value}` against a typed object; mappings in values are checked as subsets."""
    found = []
    for path, want in expected.items():
        try:
            got = resolve(obj, path)
        except (AttributeError, KeyError, IndexError, TypeError) as exc:
            found.append(f"{where}.{path}: cannot be read ({type(exc).__name__}: {exc})")
            continue
        found.extend(diff(want, as_data(got), f"{where}.{path}", subset=True))
    return found

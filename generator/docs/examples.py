"""Example values for the docs' usage snippets and for faking responses in tests.

An example comes from the spec when there is one that fits the type (the request
body's media-type example, then per-property examples), otherwise from type-correct
placeholders. Spec examples are data: they are checked against the IR type and
rendered through `pytext`, so they can only ever become literals.

Two forms: `python` values are call arguments (model dicts keyed by the fields'
`py_name`, the TypedDict keys; files and dates as expressions), `wire` values are
JSON as the API sends it (keys are wire names).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple, Union

from openapi_sdkgen.docs.fitting import fitting_number, fitting_string, satisfies
from openapi_sdkgen.model import ir
from openapi_sdkgen.emit import pytext

_MAX_DEPTH = 48  # deeper examples fall back to placeholders (keeps recursion bounded)
_FILE_NAME = "example.file"


@dataclass(frozen=True)
class Code:
    """A Python expression the generator wrote itself (never text from the spec)."""

    text: str
    imports: Tuple[str, ...] = ()


Value = Union[None, bool, int, float, str, Code, List[Any], Dict[str, Any]]


class Invalid:
    pass


INVALID = Invalid()
MISSING: Any = object()  # "no example given", distinct from an example of null


class ExampleBuilder:
    def __init__(
        self, definitions: Mapping[str, ir.Definition], wire: bool = False, file: Optional[Callable[[], Value]] = None, numbers: Tuple[int, float] = (123, 123.45)
    ) -> None:
        self.definitions = definitions
        self.wire = wire
        self.file = file or file_value  # a file argument (python form): read from disk, or e.g. bytes in tests
        self.numbers = numbers  # the integer and number placeholders

    def value(self, t: ir.TypeRef, example: Any = MISSING) -> Value:
        """The example if it fits `t`, otherwise a placeholder."""
        if example is not MISSING:
            fitted = self.conform(t, example)
            if not isinstance(fitted, Invalid):
                return fitted
        return self.placeholder(t)

    # --- placeholders ------------------------------------------------------------------

    def placeholder(self, t: ir.TypeRef, stack: Tuple[str, ...] = ()) -> Value:
        if isinstance(t, ir.Primitive):
            return self._primitive(t)
        if isinstance(t, ir.LiteralType):
            return t.values[0]
        if isinstance(t, ir.Ref):
            return self._named(t.name, stack)
        if isinstance(t, ir.ListType):
            if isinstance(t.item, ir.Ref) and t.item.name in stack:
                return []  # an item would recurse: a tree's leaves have no children
            return [self.placeholder(t.item, stack)]  # one item: APIs often require non-empty lists
        if isinstance(t, ir.MapType):
            return {}
        if isinstance(t, ir.UnionType):
            return self.placeholder(t.members[0], stack)
        if isinstance(t, ir.Nullable):
            return self.placeholder(t.inner, stack)
        if isinstance(t, ir.FileType):
            return "<value>" if self.wire else self.file()
        return "<value>"

    def _primitive(self, t: ir.Primitive) -> Value:
        kind = t.kind
        if kind == "datetime":
            return "2024-01-15T09:30:00Z" if self.wire else _datetime_code(datetime(2024, 1, 15, 9, 30).isoformat() + "+00:00")
        if kind == "date":
            return "2024-01-15" if self.wire else _date_code("2024-01-15")
        if kind == "bytes" and not self.wire:
            return Code('b"<value>"')
        if kind in ("int", "float"):
            return fitting_number(kind, t.constraints, self.numbers[0] if kind == "int" else self.numbers[1])
        return True if kind == "bool" else fitting_string(t.constraints)

    def _named(self, name: str, stack: Tuple[str, ...]) -> Value:
        definition = self.definitions[name]
        if isinstance(definition, ir.Enum):
            return definition.values[0]
        if name in stack or len(stack) > _MAX_DEPTH:
            return self._leaf(definition)  # a cycle has no finite example: stop here
        if isinstance(definition, ir.Alias):
            return self.placeholder(definition.type, stack + (name,))
        out: Dict[str, Any] = {}
        chosen = option_to_send(definition, frozenset())
        for f in self._fields(definition):
            if f.required or f.wire_name in chosen:
                out[self._key(f)] = self._field_value(f, f.doc.example if f.doc.has_example else MISSING, stack + (name,))
            elif f.doc.has_example:
                fitted = self.conform(_field_type(f), f.doc.example)
                if not isinstance(fitted, Invalid):
                    out[self._key(f)] = fitted
        return out

    def _leaf(self, definition: ir.Definition) -> Value:
        """A value that recurses no further: a scalar member of a union, else an empty object."""
        members = definition.type.members if isinstance(definition, ir.Alias) and isinstance(definition.type, ir.UnionType) else ()
        scalar = next((m for m in members if isinstance(m, (ir.Primitive, ir.LiteralType))), None)
        return self.placeholder(scalar) if scalar is not None else {}

    def _field_value(self, f: ir.Field, example: Any, stack: Tuple[str, ...]) -> Value:
        if example is not MISSING:
            fitted = self.conform(_field_type(f), example)
            if not isinstance(fitted, Invalid):
                return fitted
        return self.placeholder(f.type, stack)

    # --- fitting spec examples -------------------------------------------------------

    def conform(self, t: ir.TypeRef, value: Any, strict: bool = False, depth: int = 0) -> Union[Value, Invalid]:
        """`value` in this builder's form if it fits `t`, else INVALID.

        Not strict: a model example keeps its fitting fields and gets placeholders for
        missing required ones. Strict (to pick a union member): any misfit is INVALID.
        """
        if depth > _MAX_DEPTH:
            return INVALID
        if isinstance(t, ir.Nullable):
            return None if value is None else self.conform(t.inner, value, strict, depth + 1)
        if value is None:
            return INVALID
        if isinstance(t, ir.Primitive):
            fitted = self._scalar(t.kind, value)
            return fitted if isinstance(fitted, Invalid) or satisfies(value, t.constraints) else INVALID
        if isinstance(t, ir.LiteralType):
            return value if _member(value, t.values) else INVALID
        if isinstance(t, ir.Ref):
            return self._conform_named(t.name, value, strict, depth)
        if isinstance(t, ir.ListType):
            if not isinstance(value, list):
                return INVALID
            items = [self.conform(t.item, v, strict, depth + 1) for v in value]
            return INVALID if any(isinstance(i, Invalid) for i in items) else items
        if isinstance(t, ir.MapType):
            return self._conform_map(t.value, value, strict, depth)
        if isinstance(t, ir.UnionType):
            return self._conform_union(t, value, depth)
        if isinstance(t, ir.FileType):
            return INVALID if strict else self.placeholder(t)
        return _json(value)

    def _scalar(self, kind: str, value: Any) -> Union[Value, Invalid]:
        if kind in ("date", "datetime"):
            return self._temporal(kind, value)
        if isinstance(value, bool):
            return value if kind == "bool" else INVALID
        if kind == "int" and isinstance(value, (int, float)) and math.isfinite(value) and value == int(value):
            return int(value)
        if kind == "float" and isinstance(value, (int, float)) and math.isfinite(value):
            return value
        if kind in ("str", "bytes") and isinstance(value, str):
            return value if kind == "str" or self.wire else Code(pytext.string(value) + ".encode()")
        return INVALID

    def _temporal(self, kind: str, value: Any) -> Union[Value, Invalid]:
        parsed = _parse_temporal(kind, value)
        if parsed is None:
            return INVALID
        if self.wire:
            return value if isinstance(value, str) else parsed
        return _datetime_code(parsed) if kind == "datetime" else _date_code(parsed)

    def _conform_named(self, name: str, value: Any, strict: bool, depth: int) -> Union[Value, Invalid]:
        definition = self.definitions[name]
        if isinstance(definition, ir.Enum):
            return value if _member(value, definition.values) else INVALID
        if isinstance(definition, ir.Alias):
            return self.conform(definition.type, value, strict, depth + 1)
        if not isinstance(value, dict):
            return INVALID
        return self._conform_model(definition, value, strict, depth)

    def _conform_model(self, model: ir.Model, value: Dict[Any, Any], strict: bool, depth: int) -> Union[Value, Invalid]:
        fields = {f.wire_name: f for f in self._fields(model)}
        out: Dict[str, Any] = {}
        for key, item in value.items():
            f = fields.get(key)
            if f is None:
                extra = self._extra(model, key, item, strict, depth)
                if isinstance(extra, Invalid):
                    if strict:
                        return INVALID
                    continue
                out[str(key)] = extra
                continue
            fitted = self.conform(_field_type(f), item, strict, depth + 1)
            if isinstance(fitted, Invalid):
                if strict:
                    return INVALID
                continue  # a required one is filled in below
            out[self._key(f)] = fitted
        chosen = option_to_send(model, frozenset(w for w, f in fields.items() if self._key(f) in out))
        for f in fields.values():
            if (f.required or f.wire_name in chosen) and self._key(f) not in out:
                if strict:
                    return INVALID
                out[self._key(f)] = self._field_value(f, f.doc.example if f.doc.has_example else MISSING, (model.name,))
        return out

    def _extra(self, model: ir.Model, key: Any, item: Any, strict: bool, depth: int) -> Union[Value, Invalid]:
        """An undeclared property: kept only where the model types them (additionalProperties)."""
        if model.extra_value is None or not isinstance(key, str):
            return INVALID
        return self.conform(model.extra_value, item, strict, depth + 1)

    def _conform_map(self, t: ir.TypeRef, value: Any, strict: bool, depth: int) -> Union[Value, Invalid]:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            return INVALID
        out = {k: self.conform(t, v, strict, depth + 1) for k, v in value.items()}
        return INVALID if any(isinstance(v, Invalid) for v in out.values()) else out

    def _conform_union(self, t: ir.UnionType, value: Any, depth: int) -> Union[Value, Invalid]:
        """The member the tag names; else the first that fits exactly; else the first that fits at all."""
        tagged = self._tagged_member(t, value)
        if tagged is not None:
            return self.conform(tagged, value, False, depth + 1)
        for strict in (True, False):
            for member in t.members:
                fitted = self.conform(member, value, strict, depth + 1)
                if not isinstance(fitted, Invalid):
                    return fitted
        return INVALID

    def _tagged_member(self, t: ir.UnionType, value: Any) -> Optional[ir.TypeRef]:
        if not t.discriminator or not isinstance(value, dict) or t.discriminator not in value:
            return None
        for member in t.members:
            model = self.definitions.get(member.name) if isinstance(member, ir.Ref) else None
            if isinstance(model, ir.Model):
                tag = next((f.type for f in model.fields if f.wire_name == t.discriminator), None)
                if isinstance(tag, ir.LiteralType) and _member(value[t.discriminator], tag.values):
                    return member
        return None

    # --- helpers -----------------------------------------------------------------------

    def _fields(self, model: ir.Model) -> Tuple[ir.Field, ...]:
        """Fields that exist in this direction: requests never send read-only ones."""
        return tuple(f for f in model.fields if not (f.write_only if self.wire else f.read_only))

    def _key(self, f: ir.Field) -> str:
        return f.wire_name if self.wire else f.py_name


def option_to_send(model: ir.Model, given: AbstractSet[str]) -> FrozenSet[str]:
    """The wire names of the model's first required option (ir.Model.required_options) when
    those `given` meet none of them: an example sends one."""
    if not model.required_options or any(set(option) <= given for option in model.required_options):
        return frozenset()
    return frozenset(model.required_options[0])


def _field_type(f: ir.Field) -> ir.TypeRef:
    return ir.Nullable(f.type) if f.nullable else f.type


def _member(value: Any, values: Sequence[Any]) -> bool:
    """Membership where True is not 1 and 1.0 is not "1"."""
    return any(type(value) is type(v) and value == v for v in values) or (
        isinstance(value, int) and not isinstance(value, bool) and any(type(v) is float and value == v for v in values)
    )


def _json(value: Any) -> Value:
    """Any example as plain JSON data (YAML may have given dates or odd keys)."""
    try:
        data: Value = json.loads(json.dumps(value, default=str, allow_nan=False))
        return data
    except (TypeError, ValueError):
        return "<value>"


def _parse_temporal(kind: str, value: Any) -> Optional[str]:
    """ISO text of a date or date-time example, or None when it is not one."""
    if kind == "datetime" and isinstance(value, datetime):
        return value.isoformat()
    if kind == "date" and isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    try:
        if kind == "date":
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00")).isoformat()
    except ValueError:
        return None


def _datetime_code(iso: str) -> Code:
    return Code(f"datetime.fromisoformat({pytext.string(iso)})", ("from datetime import datetime",))


def _date_code(iso: str) -> Code:
    return Code(f"date.fromisoformat({pytext.string(iso)})", ("from datetime import date",))


def file_value() -> Dict[str, Any]:
    """A file argument in TypedDict form, read from disk as users would."""
    return {"file_name": _FILE_NAME, "content": Code(f'open({pytext.string(_FILE_NAME)}, "rb")')}


# --- responses (for tests and mocks) -----------------------------------------------------


def response_example(definitions: Mapping[str, ir.Definition], op: ir.Operation) -> Any:
    """A JSON body the API could answer `op` with: its example if it fits, else placeholders."""
    if op.response is None or op.response.type is None:
        return None
    example = op.response.doc.example if op.response.doc.has_example else MISSING
    return ExampleBuilder(definitions, wire=True).value(op.response.type, example)


def stream_event_example(definitions: Mapping[str, ir.Definition], op: ir.Operation) -> Any:
    """The data of one server-sent event of `op`'s stream, as JSON."""
    if op.stream is None:
        return None
    example = op.stream.doc.example if op.stream.doc.has_example else MISSING
    typ = op.stream.type
    envelope = definitions.get(typ.name) if op.stream.envelope and isinstance(typ, ir.Ref) else None
    if isinstance(envelope, ir.Model):  # the event's data is the envelope's `data`
        typ = next((f.type for f in envelope.fields if f.wire_name == "data"), typ)
        example = example.get("data", MISSING) if isinstance(example, dict) else MISSING
    return ExampleBuilder(definitions, wire=True).value(typ, example)


def wire_example(definitions: Mapping[str, ir.Definition], t: ir.TypeRef, example: Any = MISSING) -> Any:
    """A JSON value of type `t` (e.g. an error body)."""
    return ExampleBuilder(definitions, wire=True).value(t, example)

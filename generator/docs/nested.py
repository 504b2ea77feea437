"""The nested view of an operation (seed 001's "Show Parameters" / "Show Response").

The full shape of a method's arguments and of its result on one screen: every object
is expanded in place, where the tables link to a model page per object:

    {
        "prompt": str, # required
        "retry": { # optional
            "count": Optional[float],
            "on_codes": List[float],
        },
    }

As in the seed, arguments mark what is required (`# required`; an object also what is
optional), results mark only the objects that may be absent (`# optional`: every other
field of a result is there when its type does not say `Optional`). Lists and maps carry
no wrapper; a list of objects is shown as its item, expanded. A named type that is not
an object (an enum, a union) is shown by its name, and so is an object already being
expanded further up (a recursive type), so the view is finite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence, Tuple

from openapi_sdkgen.emit import pytext
from openapi_sdkgen.model import ir
from openapi_sdkgen.docs.names import PlaceNames, property_place

_INDENT = "    "


@dataclass(frozen=True)
class _Entry:
    name: str  # py name
    type: ir.TypeRef  # with the names of its place (docs_names)
    required: bool
    nullable: bool
    deprecated: bool


class NestedView:
    """Renders nested views of one API's operations (definitions looked up by name)."""

    def __init__(self, definitions: Mapping[str, ir.Definition], places: Optional[PlaceNames] = None) -> None:
        self.definitions = definitions
        self.places = places or PlaceNames(tuple(definitions.values()))

    def parameters(self, op: ir.Operation) -> str:
        """The arguments of `op`'s method, as the keyword arguments it takes."""
        entries = [_Entry(p.py_name, self.places.at(p.type, self.parameter_place(op, p)), p.required, p.nullable, p.doc.deprecated)
                   for p in op.params]
        body = op.body.type if op.body is not None and op.body.flattened else None
        return self._object(entries, request=True, stack=(body.name,) if isinstance(body, ir.Ref) else ())

    def parameter_place(self, op: ir.Operation, p: ir.Parameter) -> str:
        """The pointer of a parameter's schema, as far as the names of places need it."""
        if not op.pointer:
            return ""
        if p.location != "body":
            return f"{op.pointer}/parameters"
        body = self._model(op.body.type, ()) if op.body is not None and op.body.flattened else None
        return property_place(body.pointer, p.wire_name) if body is not None else f"{op.pointer}/requestBody"

    def response(self, t: Optional[ir.TypeRef], place: str = "") -> str:
        """A result of type `t` (a response body or a stream's event) found at `place`; "" when there is none."""
        if t is None:
            return ""
        t = self.places.at(t, place)
        model = self._model(t, ())
        if model is None:  # a list, a union or a scalar: its type is the whole view
            return self._type(t, ())
        return self._object(self._entries(t), request=False, stack=(model.name,))

    # --- layout --------------------------------------------------------------------

    def _object(self, entries: Sequence[_Entry], request: bool, stack: Tuple[str, ...] = ()) -> str:
        return "\n".join(["{", *self._lines(entries, request, stack, 1), "}"])

    def _lines(self, entries: Sequence[_Entry], request: bool, stack: Tuple[str, ...], depth: int) -> List[str]:
        pad = _INDENT * depth
        lines: List[str] = []
        for entry in entries:
            key = pytext.string(f"~~`{entry.name}`~~" if entry.deprecated else entry.name)
            model = self._model(entry.type, stack)
            if model is not None:
                mark = _object_mark(entry.required, request)
                lines.append(f"{pad}{key}: {{{mark}")
                lines += self._lines(self._entries(entry.type), request, stack + (model.name,), depth + 1)
                lines.append(f"{pad}}},")
                continue
            text = self._type(entry.type, stack)
            wrapper = _wrapper(entry.required, entry.nullable)
            if wrapper and not _bare(entry.type):
                text = f"{wrapper}[{text}]"
            mark = " # required" if entry.required and request else ""
            lines.append(f"{pad}{key}: {text},{mark}")
        return lines

    # --- types ---------------------------------------------------------------------

    def _model(self, t: ir.TypeRef, stack: Tuple[str, ...]) -> Optional[ir.Model]:
        """The object to expand in place for `t` (a model, or a list of models), if any."""
        while isinstance(t, (ir.ListType, ir.Nullable)):
            t = t.item if isinstance(t, ir.ListType) else t.inner
        if not isinstance(t, ir.Ref):
            return None
        definition = self._resolve(t.name)
        if not isinstance(definition, ir.Model) or not definition.fields or definition.name in stack:
            return None
        return definition

    def _resolve(self, name: str) -> Optional[ir.Definition]:
        definition = self.definitions.get(name)
        target = ir.target_of(definition) if definition is not None else None
        return self.definitions.get(target) if target is not None else definition

    def _entries(self, t: ir.TypeRef) -> List[_Entry]:
        """The fields of the object `t` expands to, named after their places under the
        place of the name `t` gives it (an alias's, when it is one)."""
        while isinstance(t, (ir.ListType, ir.Nullable)):
            t = t.item if isinstance(t, ir.ListType) else t.inner
        assert isinstance(t, ir.Ref)
        named = self.definitions[t.name]
        model = self._resolve(t.name)
        assert isinstance(model, ir.Model)
        return [_Entry(f.py_name, self.places.at(f.type, property_place(named.pointer, f.wire_name)), f.required, f.nullable, f.doc.deprecated)
                for f in model.fields]

    def _type(self, t: ir.TypeRef, stack: Tuple[str, ...]) -> str:
        if isinstance(t, ir.Primitive):
            return t.kind if t.kind in ("str", "int", "float", "bool", "bytes", "date", "datetime") else "Any"
        if isinstance(t, ir.LiteralType):
            return "Literal[" + ", ".join(pytext.literal(v) for v in t.values) + "]"
        if isinstance(t, ir.Ref):
            return t.name
        if isinstance(t, ir.ListType):
            return f"List[{self._type(t.item, stack)}]"
        if isinstance(t, ir.MapType):
            return f"Dict[str, {self._type(t.value, stack)}]"
        if isinstance(t, ir.UnionType):
            return "Union[" + ", ".join(self._type(m, stack) for m in t.members) + "]"
        if isinstance(t, ir.Nullable):
            return f"Optional[{self._type(t.inner, stack)}]"
        if isinstance(t, ir.FileType):
            return "File"
        return "Any"


def _wrapper(required: bool, nullable: bool) -> str:
    if required:
        return "Nullable" if nullable else ""
    return "OptionalNullable" if nullable else "Optional"


def _bare(t: ir.TypeRef) -> bool:
    """Lists and maps are shown without a wrapper (an absent one is just not sent)."""
    return isinstance(t, (ir.ListType, ir.MapType))


def _object_mark(required: bool, request: bool) -> str:
    if not required:
        return " # optional"
    return " # required" if request else ""

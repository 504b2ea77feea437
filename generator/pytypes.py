"""IR types -> Python annotation strings, with the names each one needs imported.

Three contexts: a pydantic model field (`Model`), a TypedDict twin field
(`ModelTypedDict`), and a method parameter (`Union[Model, ModelTypedDict]`, so callers
may pass a model or a plain dict). Enums reached from responses are open: an unknown
value parses as a plain string instead of breaking the client.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Dict, FrozenSet, Iterable, Mapping, Set, Tuple

from . import ir, pytext

MODEL, TYPED_DICT, PARAM = "model", "typeddict", "param"
TWIN = "TypedDict"

RefMap = Callable[[ir.Ref], ir.TypeRef]  # what a reference becomes

_PRIMITIVES = {"str": "str", "int": "int", "float": "float", "bool": "bool", "bytes": "bytes", "datetime": "datetime", "date": "date"}


class TypeRenderer:
    def __init__(self, definitions: Mapping[str, ir.Definition], response_side: FrozenSet[str], prefix: str = "") -> None:
        self.definitions = definitions
        self.response_side = response_side  # definitions reachable from a response
        self.prefix = prefix
        self._twins: Dict[str, bool] = {}

    def with_prefix(self, prefix: str) -> "TypeRenderer":
        if prefix == self.prefix:
            return self
        other = TypeRenderer(self.definitions, self.response_side, prefix)
        other._twins = self._twins
        return other

    def has_twin(self, name: str) -> bool:
        """Whether a definition has a TypedDict twin (models, and aliases that contain one)."""
        if name not in self._twins:
            self._twins[name] = False  # recursion guard
            definition = self.definitions[name]
            if isinstance(definition, ir.Model):
                self._twins[name] = True
            elif isinstance(definition, ir.Alias):
                self._twins[name] = self._contains_twin(definition.type)
        return self._twins[name]

    def _contains_twin(self, t: ir.TypeRef) -> bool:
        return any(isinstance(r, ir.FileType) or (isinstance(r, ir.Ref) and self.has_twin(r.name)) for r in walk(t))

    def render(self, t: ir.TypeRef, context: str, used: Set[str], quote: FrozenSet[str] = frozenset()) -> str:
        """Annotation text for `t`; names to import are added to `used`."""
        if isinstance(t, ir.Primitive):
            if t.kind in ("datetime", "date"):
                used.add(t.kind)
            return _PRIMITIVES[t.kind]
        if isinstance(t, ir.LiteralType):
            used.add("Literal")
            return "Literal[" + ", ".join(pytext.literal(v) for v in t.values) + "]"
        if isinstance(t, ir.Ref):
            return self._ref(t.name, context, used, quote)
        if isinstance(t, ir.ListType):
            used.add("List")
            return f"List[{self.render(t.item, context, used, quote)}]"
        if isinstance(t, ir.MapType):
            used.add("Dict")
            return f"Dict[str, {self.render(t.value, context, used, quote)}]"
        if isinstance(t, ir.UnionType):
            used.add("Union")
            return "Union[" + ", ".join(self.render(m, context, used, quote) for m in t.members) + "]"
        if isinstance(t, ir.FileType):
            return self._named("File", context, True, used, frozenset())
        if isinstance(t, ir.Nullable):
            used.add("Optional")
            return f"Optional[{self.render(t.inner, context, used, quote)}]"
        used.add("Any")
        return "Any"

    def _ref(self, name: str, context: str, used: Set[str], quote: FrozenSet[str]) -> str:
        definition = self.definitions[name]
        if isinstance(definition, ir.Enum) and name in self.response_side and context != PARAM:
            used.update(("Union", name))
            return f"Union[{self._q(name, quote)}, str]"
        return self._named(name, context, self.has_twin(name), used, quote)

    def _named(self, name: str, context: str, twin: bool, used: Set[str], quote: FrozenSet[str]) -> str:
        if not twin or context == MODEL:
            used.add(name)
            return self._q(name, quote)
        if context == TYPED_DICT:
            used.add(name + TWIN)
            return self._q(name + TWIN, quote)
        used.update(("Union", name, name + TWIN))
        return f"Union[{self._q(name, quote)}, {self._q(name + TWIN, quote)}]"

    def _q(self, name: str, quote: FrozenSet[str]) -> str:
        qualified = self.prefix + name
        return f'"{qualified}"' if name in quote else qualified


def walk(t: ir.TypeRef) -> Iterable[ir.TypeRef]:
    """`t` and every type nested in it (not following Refs)."""
    yield t
    if isinstance(t, ir.ListType):
        yield from walk(t.item)
    elif isinstance(t, ir.MapType):
        yield from walk(t.value)
    elif isinstance(t, ir.UnionType):
        for member in t.members:
            yield from walk(member)
    elif isinstance(t, ir.Nullable):
        yield from walk(t.inner)


def map_refs(t: ir.TypeRef, new: RefMap) -> ir.TypeRef:
    """`t` with every Ref replaced by `new(ref)`; members a union then repeats are kept once.
    What holds no replaced Ref is returned as it is, not copied."""
    if isinstance(t, ir.Ref):
        return new(t)
    if isinstance(t, ir.ListType):
        item = map_refs(t.item, new)
        return t if item is t.item else ir.ListType(item)
    if isinstance(t, ir.MapType):
        value = map_refs(t.value, new)
        return t if value is t.value else ir.MapType(value)
    if isinstance(t, ir.Nullable):
        inner = map_refs(t.inner, new)
        return t if inner is t.inner else ir.Nullable(inner)
    if isinstance(t, ir.UnionType):
        members = tuple(map_refs(m, new) for m in t.members)
        return t if _same(members, t.members) else ir.UnionType(tuple(dict.fromkeys(members)), t.discriminator)
    return t


def map_definition_refs(d: ir.Definition, new: RefMap) -> ir.Definition:
    """`d` with its types' Refs replaced (see `map_refs`)."""
    if isinstance(d, ir.Model):
        fields = tuple(_field_refs(f, new) for f in d.fields)
        extra = None if d.extra_value is None else map_refs(d.extra_value, new)
        return d if extra is d.extra_value and _same(fields, d.fields) else replace(d, fields=fields, extra_value=extra)
    if isinstance(d, ir.Alias):
        t = map_refs(d.type, new)
        return d if t is d.type else replace(d, type=t)
    return d


def _field_refs(f: ir.Field, new: RefMap) -> ir.Field:
    t = map_refs(f.type, new)
    return f if t is f.type else replace(f, type=t)


def _same(items: Tuple[object, ...], originals: Tuple[object, ...]) -> bool:
    return all(a is b for a, b in zip(items, originals))


def referenced_names(t: ir.TypeRef) -> Set[str]:
    return {r.name for r in walk(t) if isinstance(r, ir.Ref)}


def definition_refs(definition: ir.Definition) -> Set[str]:
    if isinstance(definition, ir.Model):
        found: Set[str] = set()
        for f in definition.fields:
            found |= referenced_names(f.type)
        if definition.extra_value is not None:
            found |= referenced_names(definition.extra_value)
        return found
    if isinstance(definition, ir.Alias):
        return referenced_names(definition.type)
    return set()


def annotated_field(required: bool, nullable: bool, inner: str, used: Set[str]) -> Tuple[str, str]:
    """(annotation, default) for a field or parameter, per DESIGN section 5."""
    if required and not nullable:
        return inner, ""
    if required:
        used.add("Nullable")
        return f"Nullable[{inner}]", ""
    if not nullable:
        used.add("Optional")
        return f"Optional[{inner}]", "None"
    used.update(("OptionalNullable", "UNSET"))
    return f"OptionalNullable[{inner}]", "UNSET"


def response_side(operations: Iterable[ir.Operation], definitions: Mapping[str, ir.Definition]) -> FrozenSet[str]:
    """Definitions reachable from a response: their enums are open and they parse leniently."""
    roots: Set[str] = set()
    for op in operations:
        for t in (op.response.type if op.response else None, op.stream.type if op.stream else None, *(e.type for e in op.errors)):
            if t is not None:
                roots |= referenced_names(t)
    return frozenset(reachable(definitions, roots))


def reachable(definitions: Mapping[str, ir.Definition], roots: Iterable[str]) -> Set[str]:
    seen: Set[str] = set()
    stack = [r for r in roots if r in definitions]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(n for n in definition_refs(definitions[name]) if n not in seen)
    return seen

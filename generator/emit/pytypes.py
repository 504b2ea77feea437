"""IR types -> Python annotation strings, with the names each one needs imported.

Three contexts: a pydantic model field (`Model`), a TypedDict twin field
(`ModelTypedDict`), and a method parameter (`Union[Model, ModelTypedDict]`, so callers
may pass a model or a plain dict). Enums reached from responses are open: an unknown
value parses as a plain string instead of breaking the client.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Mapping, Set, Tuple

from openapi_sdkgen.model import ir
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.model.refs import walk

MODEL, TYPED_DICT, PARAM = "model", "typeddict", "param"
TWIN = "TypedDict"

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

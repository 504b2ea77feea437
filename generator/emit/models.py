"""View data for the model modules: every string a template prints is computed here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping, Set, Tuple

from openapi_sdkgen.model import ir
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.emit import fit
from openapi_sdkgen.emit.layout import ModelModule
from openapi_sdkgen.emit.pytypes import MODEL, TWIN, TYPED_DICT, TypeRenderer, annotated_field

_TYPING = ("Any", "ClassVar", "Dict", "List", "Literal", "Optional", "Union")
_RUNTIME = {
    "BaseModel": "basemodel", "UnknownVariant": "basemodel", "open_discriminator": "basemodel",
    "Nullable": "types", "OptionalNullable": "types", "UNSET": "types", "File": "files", "FileTypedDict": "files",
}


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    default: str  # "" for required
    docstring: str

    @classmethod
    def of(cls, name: str, annotation: str, default: str, docstring: str) -> "FieldView":
        """A field laid out to fit on its class-body line, as black lays it out."""
        annotation, default = fit.annotated(name, annotation, default, "    ")
        return cls(name, annotation, default, docstring)


@dataclass(frozen=True)
class DefinitionView:
    kind: str  # "model" | "enum" | "alias"
    name: str
    docstring: str
    fields: Tuple[FieldView, ...] = ()
    twin_fields: Tuple[FieldView, ...] = ()
    value: str = ""  # enum / alias right-hand side
    twin_value: str = ""  # alias TypedDict twin right-hand side
    wire_defaults: str = ""  # the spec's defaults of optional fields, by wire name: `{"count": 3}`


@dataclass(frozen=True)
class ModuleView:
    name: str
    imports: Tuple[str, ...]
    definitions: Tuple[DefinitionView, ...]
    other_names: Tuple[str, ...] = ()  # `Name = Kept` lines: other names of the classes above


def model_modules(modules: List[ModelModule], renderer: TypeRenderer) -> List[ModuleView]:
    owner = {d.name: m.name for m in modules for d in m.definitions}
    return [_module(m, renderer, owner) for m in modules]


def _module(module: ModelModule, renderer: TypeRenderer, owner: Mapping[str, str]) -> ModuleView:
    used: Set[str] = set()
    views = tuple(_definition(d, renderer, used, module.forward) for d in module.definitions)
    local = {d.name for d in module.definitions} | {d.name + TWIN for d in module.definitions}
    return ModuleView(module.name, _imports(used - local, owner), views, _other_names(module.other_names, renderer))


def _other_names(aliases: Tuple[ir.Alias, ...], renderer: TypeRenderer) -> Tuple[str, ...]:
    lines: List[str] = []
    for alias in aliases:
        lines.append(fit.assignment(alias.name, str(alias.target)))
        if renderer.has_twin(alias.name):
            lines.append(fit.assignment(alias.name + TWIN, f"{alias.target}{TWIN}"))
    return tuple(lines)


def _definition(d: ir.Definition, renderer: TypeRenderer, used: Set[str], forward: FrozenSet[str]) -> DefinitionView:
    quote = forward | frozenset(n + TWIN for n in forward)
    if isinstance(d, ir.Enum):
        used.add("Literal")
        values = ", ".join(pytext.literal(v) for v in d.values)
        return DefinitionView("enum", d.name, _doc(d.doc, ""), value=fit.subscript(f"Literal[{values}]", f"{d.name} = "))
    if isinstance(d, ir.Alias):
        value = fit.subscript(_alias_value(d, renderer, used, quote), f"{d.name} = ")
        twin = renderer.render(d.type, TYPED_DICT, used, quote) if renderer.has_twin(d.name) else ""
        return DefinitionView("alias", d.name, _doc(d.doc, ""), value=value, twin_value=twin and fit.subscript(twin, f"{d.name}{TWIN} = "))
    used.add("BaseModel")
    lenient = d.name in renderer.response_side
    # no `from __future__ import annotations` (pydantic then evaluates no strings): what a
    # field names before its module defines it is quoted
    fields = tuple(_field(f, renderer, used, lenient, quote) for f in d.fields)
    twins = tuple(_twin_field(f, renderer, used, quote) for f in d.fields)
    used.add("TypedDict")
    if any(not f.required for f in d.fields):
        used.add("NotRequired")
    return DefinitionView("model", d.name, _doc(d.doc, "    "), fields, twins, wire_defaults=_wire_defaults(d, used))


def _wire_defaults(d: ir.Model, used: Set[str]) -> str:
    """The defaults a nested model sends for fields the caller left out, as Speakeasy's SDKs
    send them (the runtime's serializer adds them; a request body's own fields it leaves out)."""
    # scalars only: Speakeasy's models leave list and object defaults (`[]`, `{}`) unsent
    defaults = {f.wire_name: f.default for f in d.fields if f.has_default and not f.required and isinstance(f.default, (str, int, float, bool))}
    if not defaults:
        return ""
    used.update(("Any", "ClassVar", "Dict"))
    return pytext.value_expr(defaults, 1)


def _alias_value(d: ir.Alias, renderer: TypeRenderer, used: Set[str], quote: FrozenSet[str]) -> str:
    if isinstance(d.type, ir.UnionType) and d.type.discriminator and d.name in renderer.response_side:
        return _open_union(d.type, renderer, used, quote)
    text = renderer.render(d.type, MODEL, used, quote)
    if isinstance(d.type, ir.UnionType) and d.type.discriminator:
        used.update(("Annotated", "Field"))
        tag = _tag_field_name(d.type, renderer)
        return f"Annotated[{text}, Field(discriminator={pytext.string(tag)})]"
    return text


def _open_union(union: ir.UnionType, renderer: TypeRenderer, used: Set[str], quote: FrozenSet[str]) -> str:
    """A discriminated union in a response: a tag it does not know (a server newer than
    the spec) parses into `UnknownVariant`, which keeps the raw data."""
    used.update(("Annotated", "Tag", "Union", "UnknownVariant", "open_discriminator"))
    members, values = [], []
    for member in union.members:
        value = str(_tag_value(member, union, renderer))
        values.append(pytext.string(value))
        members.append(f"Annotated[{renderer.render(member, MODEL, used, quote)}, Tag({pytext.string(value)})]")
    members.append("Annotated[UnknownVariant, Tag(UnknownVariant.TAG)]")
    assert union.discriminator is not None
    tag = f"open_discriminator({pytext.string(union.discriminator)}, {pytext.string(_tag_field_name(union, renderer))}, {', '.join(values)})"
    return f"Annotated[Union[{', '.join(members)}], {tag}]"


def _tag_value(member: ir.TypeRef, union: ir.UnionType, renderer: TypeRenderer) -> object:
    model = renderer.definitions[member.name]  # type: ignore[union-attr]
    field = next(f for f in model.fields if f.wire_name == union.discriminator)  # type: ignore[union-attr]
    return field.type.values[0]  # type: ignore[union-attr]


def _tag_field_name(union: ir.UnionType, renderer: TypeRenderer) -> str:
    first = union.members[0]
    model = renderer.definitions[first.name]  # type: ignore[union-attr]
    return next(f.py_name for f in model.fields if f.wire_name == union.discriminator)  # type: ignore[union-attr]


def _field(f: ir.Field, renderer: TypeRenderer, used: Set[str], lenient: bool, quote: FrozenSet[str]) -> FieldView:
    inner = renderer.render(f.type, MODEL, used, quote)
    # Servers omit required-but-null fields; in a response that must not break the client.
    required = f.required and not (lenient and f.nullable)
    annotation, default = annotated_field(required, f.nullable, inner, used)
    if f.py_name != f.wire_name:
        used.add("Field")
        default = f"Field(alias={pytext.string(f.wire_name)})" if not default else f"Field(default={default}, alias={pytext.string(f.wire_name)})"
    return FieldView.of(f.py_name, annotation, default, _doc(f.doc, "    "))


def _twin_field(f: ir.Field, renderer: TypeRenderer, used: Set[str], quote: FrozenSet[str]) -> FieldView:
    inner = renderer.render(f.type, TYPED_DICT, used, quote)
    if f.nullable:
        used.add("Nullable")
        inner = f"Nullable[{inner}]"
    annotation = inner if f.required else f"NotRequired[{inner}]"
    return FieldView.of(f.py_name, annotation, "", "")  # documented once, on the model


def _doc(doc: ir.Doc, indent: str) -> str:
    text = doc.description or doc.summary
    if doc.deprecated:
        text = (text + "\n\n" if text else "") + "Deprecated: this may be removed in a future version."
    return pytext.docstring(text, indent)


def _imports(used: Set[str], owner: Mapping[str, str]) -> Tuple[str, ...]:
    lines: List[str] = []
    dates = sorted(n for n in used if n in ("date", "datetime"))
    if dates:
        lines.append(fit.import_line("datetime", dates))
    typing = sorted(n for n in used if n in _TYPING)
    if typing:
        lines.append(fit.import_line("typing", typing))
    extensions = sorted(n for n in used if n in ("Annotated", "NotRequired", "TypedDict"))
    if extensions:
        lines.append(fit.import_line("typing_extensions", extensions))
    pydantic = sorted(n for n in used if n in ("Field", "Tag"))
    if pydantic:
        lines.append(fit.import_line("pydantic", pydantic))
    runtime: Dict[str, List[str]] = {}
    for name in sorted(n for n in used if n in _RUNTIME):
        runtime.setdefault(_RUNTIME[name], []).append(name)
    lines.extend(fit.import_line(f"..utils.{module}", names) for module, names in sorted(runtime.items()))
    by_module: Dict[str, List[str]] = {}
    for name in sorted(used):
        base = name[: -len(TWIN)] if name.endswith(TWIN) and name[: -len(TWIN)] in owner else name
        if base in owner:
            by_module.setdefault(owner[base], []).append(name)
    lines.extend(fit.import_line(f".{module}", names) for module, names in sorted(by_module.items()))
    return tuple(lines)

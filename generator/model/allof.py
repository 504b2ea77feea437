"""allOf members that declare the same property: does one refine (narrow) the other?

A refining member may narrow a property's type: an enum to fewer values, an int for a
number, an object that adds properties to a referenced one (or to a free-form object), a
subtype (a model with every field of the other), a list of narrower items, one member
of a union. `annotation_only` recognises a member that adds only words (description,
title, example...) to another: `allOf: [{$ref: X}, {description: ...}]` is X.
"""

from __future__ import annotations

from typing import Any, FrozenSet, Mapping, Optional

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.schemas import values_fit

_ANNOTATIONS = frozenset(
    {"description", "title", "summary", "example", "examples", "deprecated", "readOnly", "writeOnly", "nullable",
     "default", "externalDocs", "xml", "$comment", "format"}
)
_DEPTH = 16  # aliases followed; a deeper chain is not a refinement


def annotation_only(node: Any) -> bool:
    """A schema that says nothing about the value's type: only annotations and extensions."""
    return isinstance(node, dict) and all(key in _ANNOTATIONS or str(key).startswith("x-") for key in node) and "$ref" not in node


def enum_values(definitions: Mapping[str, ir.Definition], t: ir.TypeRef) -> Optional[FrozenSet[Any]]:
    if isinstance(t, ir.LiteralType):
        return frozenset(t.values)
    definition = definitions.get(t.name) if isinstance(t, ir.Ref) else None
    return frozenset(definition.values) if isinstance(definition, ir.Enum) else None


def narrows(definitions: Mapping[str, ir.Definition], narrow: ir.TypeRef, wide: ir.TypeRef, depth: int = 0) -> bool:
    """Whether `narrow` only restricts `wide` (an allOf member refining a property)."""
    if narrow == wide or isinstance(wide, ir.AnyType):
        return True
    if depth > _DEPTH:
        return False
    narrow_values, wide_values = enum_values(definitions, narrow), enum_values(definitions, wide)
    if narrow_values is not None and wide_values is not None:
        return narrow_values <= wide_values
    if isinstance(wide, ir.Nullable):
        return narrows(definitions, narrow.inner if isinstance(narrow, ir.Nullable) else narrow, wide.inner, depth + 1)
    if isinstance(narrow, ir.UnionType):
        return all(narrows(definitions, member, wide, depth + 1) for member in narrow.members)
    if isinstance(wide, ir.UnionType):
        return any(narrows(definitions, narrow, member, depth + 1) for member in wide.members)
    if isinstance(wide, ir.ListType):
        return isinstance(narrow, ir.ListType) and narrows(definitions, narrow.item, wide.item, depth + 1)
    narrow_definition = definitions.get(narrow.name) if isinstance(narrow, ir.Ref) else None
    if isinstance(narrow_definition, ir.Alias):
        return narrows(definitions, narrow_definition.type, wide, depth + 1)
    if isinstance(wide, ir.MapType):
        if isinstance(narrow, ir.MapType):
            return narrows(definitions, narrow.value, wide.value, depth + 1)
        return isinstance(narrow_definition, ir.Model) and isinstance(wide.value, ir.AnyType)  # properties added to a free-form object
    if isinstance(wide, ir.Ref):
        wide_definition = definitions.get(wide.name)
        if isinstance(wide_definition, ir.Alias):
            return narrows(definitions, narrow, wide_definition.type, depth + 1)
        if isinstance(wide_definition, ir.Model) and isinstance(narrow_definition, ir.Model):
            return {f.wire_name for f in wide_definition.fields} <= {f.wire_name for f in narrow_definition.fields}  # a subtype
        return False
    if not isinstance(wide, ir.Primitive):
        return False
    if isinstance(narrow, ir.Primitive):
        return (narrow.kind, wide.kind) in (("int", "float"), ("date", "str"), ("datetime", "str"), ("bytes", "str"))
    if isinstance(narrow, ir.LiteralType):
        return values_fit(narrow.values, wide)
    return isinstance(narrow_definition, ir.Enum) and values_fit(narrow_definition.values, wide)

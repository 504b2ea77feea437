"""Facts about JSON Schema nodes and values that the type builder asks: docs, examples,
null schemas, the Python kind of a `const` or of enum values."""

from __future__ import annotations

from typing import Any, Dict, Sequence, Tuple

from openapi_sdkgen.model import ir

NO_DOC = ir.Doc()  # docs are immutable values: thousands of properties share this one


def doc_of(schema: Any) -> ir.Doc:
    if not isinstance(schema, dict):
        return NO_DOC
    example, has_example = example_of(schema)
    title, description, deprecated = schema.get("title"), schema.get("description"), schema.get("deprecated")
    if not (title or description or deprecated or has_example):
        return NO_DOC
    return ir.Doc(
        summary=str(title or ""),
        description=str(description or ""),
        deprecated=bool(deprecated),
        example=example,
        has_example=has_example,
    )


def example_of(schema: Dict[str, Any]) -> Tuple[Any, bool]:
    if "example" in schema:
        return schema["example"], True
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0], True
    return None, False


def is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("enum") == [None]) and len(schema) <= 2


def constrains_only(node: Any) -> bool:
    """A schema that only constrains (`{required: [x]}`) and adds no shape of its own."""
    return isinstance(node, dict) and set(node) <= {"required", "description", "title", "not", "minProperties", "maxProperties"}


def required_choices(alternatives: Sequence[Dict[str, Any]]) -> Tuple[Tuple[str, ...], Tuple[Tuple[str, ...], ...]]:
    """For `oneOf`/`anyOf: [{required: [a, b]}, {required: [a, c]}]`: what every alternative
    requires (`a`: a required field), and what each requires besides (`(b,), (c,)`: a request
    meets one). Nothing where an alternative requires nothing or constrains otherwise (`not`)."""
    needed = [[r for r in a.get("required") or () if isinstance(r, str)] for a in alternatives if "not" not in a]
    if not needed or len(needed) != len(alternatives):
        return (), ()
    always = tuple(sorted(set.intersection(*map(set, needed))))
    options = tuple(tuple(r for r in n if r not in always) for n in needed)
    return always, options if all(options) else ()


def is_object_like(node: Any) -> bool:
    return isinstance(node, dict) and (node.get("type") == "object" or "properties" in node or "allOf" in node)


KIND_OF_VALUE = {bool: "bool", int: "int", float: "float", str: "str"}


def const_type(value: Any) -> ir.TypeRef:
    """`const`: a Literal when Python's Literal can hold the value, else the value's kind."""
    if isinstance(value, (str, int)):
        return ir.LiteralType((value,))
    if value is None:
        return ir.Nullable(ir.AnyType())
    if isinstance(value, float):
        return ir.Primitive("float")
    return ir.ListType(ir.AnyType()) if isinstance(value, list) else ir.MapType(ir.AnyType())


def kinds_of(values: Tuple[Any, ...]) -> ir.TypeRef:
    kinds = sorted({KIND_OF_VALUE[type(v)] for v in values})
    if "float" in kinds and "int" in kinds:
        kinds.remove("int")
    members = tuple(ir.Primitive(kind) for kind in kinds)
    return members[0] if len(members) == 1 else ir.UnionType(members)


def inline_nesting(t: ir.TypeRef) -> int:
    if isinstance(t, (ir.ListType, ir.MapType)):
        return 1 + inline_nesting(t.item if isinstance(t, ir.ListType) else t.value)
    if isinstance(t, ir.Nullable):
        return 1 + inline_nesting(t.inner)
    if isinstance(t, ir.UnionType):
        return 1 + max(inline_nesting(m) for m in t.members)
    return 0


def values_fit(values: Tuple[Any, ...], wide: ir.Primitive) -> bool:
    kinds = {KIND_OF_VALUE.get(type(v)) for v in values}
    return kinds <= {wide.kind} or (wide.kind == "float" and kinds <= {"int", "float"})

"""A declared discriminator's values, honoured in every form the spec may give them.

`discriminator: {propertyName: kind, mapping: {cat: '#/.../Cat'}}` says which tag value
selects which member, even when the members declare `kind` as a plain string: their tag
field is narrowed to the values that select them (`Literal['cat']`), so that the union
decodes by the tag, never by trying members in turn. Without a mapping, a member is
selected by its component's name (OpenAPI's implicit mapping). A member that another
union already narrowed to other values, or whose tag is optional, keeps its field: the
union is then parsed as a plain union, with the caller's warning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Dict, List, MutableMapping, Tuple

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.http import as_dict
from openapi_sdkgen.spec.resolve import Located


def tag_values(schema: Dict[str, Any], loc: Located, members: Tuple[ir.TypeRef, ...], type_of_ref: Callable[[Located], ir.TypeRef]) -> Dict[str, List[Any]]:
    """Member definition name -> the tag values that select it, from the mapping, else from
    the members' component names."""
    mapping = as_dict(as_dict(schema.get("discriminator")).get("mapping"))
    values: Dict[str, List[Any]] = {}
    for value, target in mapping.items():
        if not isinstance(target, str):
            continue
        ref = target if target.startswith("#") or "/" in target or "." in target else f"#/components/schemas/{target}"
        member = type_of_ref(Located({"$ref": ref}, loc.file, (*loc.path, "discriminator", "mapping", value)))
        if isinstance(member, ir.Ref) and member in members:
            values.setdefault(member.name, []).append(str(value))
    if mapping:
        return values
    for index, member in enumerate(members):
        node = schema.get("oneOf") or schema.get("anyOf") or []
        member_ref = as_dict(node[index] if index < len(node) else None).get("$ref")
        if isinstance(member, ir.Ref) and isinstance(member_ref, str) and member_ref.startswith("#/components/schemas/"):
            values[member.name] = [member_ref.rsplit("/", 1)[1]]
    return values


def narrow_tags(definitions: MutableMapping[str, ir.Definition], tag: str, values: Dict[str, List[Any]], explicit: bool) -> bool:
    """Each member model's `tag` field typed as the values that select it; False when an
    `explicit` mapping selects a member by values its tag cannot hold. (The implicit mapping
    yields to single-valued tags the members declare.)"""
    consistent = True
    for name, selecting in values.items():
        model = definitions.get(name)
        if not isinstance(model, ir.Model):
            continue
        fields = list(model.fields)
        for index, field in enumerate(fields):
            if field.wire_name != tag or not field.required:
                continue
            if isinstance(field.type, ir.LiteralType):
                consistent = consistent and (not explicit or set(selecting) <= set(map(str, field.type.values)))
                continue  # already narrowed, by the spec itself or by another union
            if isinstance(field.type, ir.Primitive) and field.type.kind == "str" or isinstance(field.type, ir.Ref) and isinstance(definitions.get(field.type.name), ir.Enum):
                fields[index] = replace(field, type=ir.LiteralType(tuple(dict.fromkeys(selecting))))
        definitions[name] = replace(model, fields=tuple(fields))
    return consistent

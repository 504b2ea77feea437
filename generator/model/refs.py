"""Walking and rewriting the references between IR types: what a type refers to, what a
definition reaches, and a type with its references replaced."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, FrozenSet, Iterable, Mapping, Set, Tuple

from openapi_sdkgen.model import ir

RefMap = Callable[[ir.Ref], ir.TypeRef]  # what a reference becomes


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


def response_side(operations: Iterable[ir.Operation], definitions: Mapping[str, ir.Definition]) -> FrozenSet[str]:
    """Definitions reachable from a response: their enums are open and they parse leniently."""
    roots: Set[str] = set()
    for op in operations:
        for t in (*(r.type for r in op.responses), op.response_headers, op.stream.type if op.stream else None, *(e.type for e in op.errors)):
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

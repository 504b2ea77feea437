"""Hypothesis strategies for structurally plausible OpenAPI documents.

Documents are valid often enough to reach every stage, and odd in every way the
generator must survive: names made of any characters, keywords, nullable forms of
both OpenAPI versions, unions with and without discriminators, allOf, arrays, maps,
references between components (cycles included), and spec text in every text slot.
"""

from __future__ import annotations

from typing import Any, Dict, List

from hypothesis import strategies as st

_KEYWORDS = ["class", "None", "def", "self", "import", "models", "type", "str", "model_config", "__init__", "", "0", "a-b", "A B", "_"]
_ODD = "\"'\\{}%#|<>`*/\n\t\x00\u202e\u2028é日🎉"

texts = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(_ODD), max_size=30)
names = st.one_of(st.sampled_from(_KEYWORDS), st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12))
component_names = st.from_regex(r"\A[A-Za-z][A-Za-z0-9._-]{0,10}\Z", fullmatch=True)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False), texts)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3), max_leaves=6)

_PRIMITIVES = [
    {"type": "string"}, {"type": "string", "format": "date-time"}, {"type": "string", "format": "date"},
    {"type": "string", "format": "binary"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"},
]


def _documented(schema: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A schema, sometimes with spec text and values in its documentation slots."""
    extras = st.fixed_dictionaries({}, optional={"description": texts, "title": texts, "example": values, "deprecated": st.booleans()})
    return st.tuples(schema, extras).map(lambda pair: {**pair[0], **pair[1]} if isinstance(pair[0], dict) else pair[0])


def schemas(refs: List[str], version: str) -> st.SearchStrategy[Any]:
    leaves: List[st.SearchStrategy[Any]] = [
        st.sampled_from(_PRIMITIVES),
        texts.map(lambda v: {"type": "string", "default": v}),
        st.lists(texts, min_size=1, max_size=4, unique=True).map(lambda v: {"type": "string", "enum": v}),
        st.lists(scalars, min_size=1, max_size=4, unique_by=lambda v: (type(v), v)).map(lambda v: {"enum": v}),
        st.just({}),
    ]
    if version.startswith("3.1"):
        leaves += [st.just({"type": "null"}), st.booleans(), scalars.map(lambda v: {"const": v})]
    if refs:
        leaves.append(st.sampled_from(refs).map(lambda name: {"$ref": f"#/components/schemas/{name}"}))

    def composite(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        objects = st.tuples(st.dictionaries(names, inner, max_size=5), st.one_of(st.booleans(), inner)).flatmap(
            lambda pair: st.fixed_dictionaries(
                {"type": st.just("object"), "properties": st.just(pair[0])},
                optional={"additionalProperties": st.just(pair[1]), **({"required": st.lists(st.sampled_from(sorted(pair[0])), min_size=1, unique=True)} if pair[0] else {})},
            )
        )
        nullable = inner.map(lambda s: {"anyOf": [s, {"type": "null"}]} if version.startswith("3.1") else ({**s, "nullable": True} if isinstance(s, dict) else s))
        typed_null = st.sampled_from(["string", "integer", "number", "boolean"]).map(
            lambda t: {"type": [t, "null"]} if version.startswith("3.1") else {"type": t, "nullable": True}
        )
        return st.one_of(
            objects,
            inner.map(lambda s: {"type": "array", "items": s}),
            inner.map(lambda s: {"type": "object", "additionalProperties": s}),
            st.tuples(st.sampled_from(["oneOf", "anyOf"]), st.lists(inner, min_size=1, max_size=4)).map(lambda kv: {kv[0]: kv[1]}),
            _tagged_union(texts),
            st.lists(inner, min_size=1, max_size=3).map(lambda members: {"allOf": members}),
            nullable,
            typed_null,
        )

    return _documented(st.recursive(st.one_of(*leaves), composite, max_leaves=12))


def _tagged_union(tags: st.SearchStrategy[str]) -> st.SearchStrategy[Dict[str, Any]]:
    """oneOf of objects that each carry a distinct constant tag, with or without a declared discriminator."""

    def union(values: List[str]) -> Dict[str, Any]:
        members = [{"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": [v]}, "data": {"type": "string"}}} for v in values]
        return {"oneOf": members, **({"discriminator": {"propertyName": "kind"}} if len(values) % 2 else {})}

    return st.lists(tags, min_size=2, max_size=3, unique=True).map(union)


def documents() -> st.SearchStrategy[Dict[str, Any]]:
    return st.tuples(st.sampled_from(["3.0.3", "3.1.0"]), st.lists(component_names, max_size=5, unique_by=str.lower)).flatmap(
        lambda pair: _document(pair[0], pair[1])
    )


def _document(version: str, components: List[str]) -> st.SearchStrategy[Dict[str, Any]]:
    schema = schemas(components, version)
    media = schema.map(lambda s: {"application/json": {"schema": s}})
    header_names = st.one_of(st.sampled_from(["class", "None", "X-Request-Id", "self", "import"]), st.from_regex(r"\A[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}\Z", fullmatch=True))
    parameter = st.fixed_dictionaries(
        {"name": names, "in": st.just("query"), "schema": schema},
        optional={"required": st.booleans(), "description": texts},
    ) | st.fixed_dictionaries({"name": header_names, "in": st.just("header"), "schema": schema}, optional={"required": st.booleans()})
    operation = st.fixed_dictionaries(
        {"responses": st.fixed_dictionaries({"200": st.fixed_dictionaries({"description": texts}, optional={"content": media})}, optional={"404": st.fixed_dictionaries({"description": texts}, optional={"content": media}), "default": st.just({"description": "error"})})},
        optional={
            "operationId": names,
            "summary": texts,
            "description": texts,
            "parameters": st.lists(parameter, max_size=3, unique_by=lambda p: (p["name"].lower(), p["in"])),
            "requestBody": st.fixed_dictionaries({"content": media}, optional={"required": st.booleans()}),
            "deprecated": st.booleans(),
        },
    )
    segment = st.from_regex(r"\A[a-z][a-z0-9_-]{0,8}\Z", fullmatch=True)
    paths = st.dictionaries(
        st.lists(segment, min_size=1, max_size=3).map(lambda parts: "/" + "/".join(parts)),
        st.dictionaries(st.sampled_from(["get", "post", "put", "patch", "delete"]), operation, min_size=1, max_size=3),
        min_size=1, max_size=3,
    )
    return st.fixed_dictionaries(
        {
            "openapi": st.just(version),
            "info": st.fixed_dictionaries({"title": texts, "version": st.just("1")}, optional={"description": texts}),
            "paths": paths,
            "components": st.fixed_dictionaries({"schemas": st.fixed_dictionaries({name: schema for name in components})}),
        },
        optional={"servers": st.just([{"url": "https://api.example.com/v1"}])},
    )

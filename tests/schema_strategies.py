"""Hypothesis strategies that draw JSON values valid against an OpenAPI 3.x schema.

Covers the keywords the real specs use: type (and type lists), nullable, enum, const,
properties/required/additionalProperties, items/minItems/maxItems, allOf (object
parts merged), oneOf/anyOf, and local $refs - recursion is cut at a depth bound by
drawing only what is required. Constraints on string length and number ranges are
honoured; patterns are not (schemas with a `pattern` get example-free text).
"""

from __future__ import annotations

from typing import Any, Dict, List

from hypothesis import strategies as st

_MAX_DEPTH = 4
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


class SchemaStrategies:
    def __init__(self, document: Dict[str, Any]) -> None:
        self.document = document

    def for_schema(self, schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
        if schema is True or schema == {}:
            return st.none() | st.booleans() | st.integers(-5, 5) | _TEXT
        if not isinstance(schema, dict):
            return st.nothing()
        if "$ref" in schema:
            return st.deferred(lambda: self.for_schema(self._resolve(schema["$ref"]), depth + 1))
        strategy = self._non_null(schema, depth)
        types = schema.get("type")
        nullable = schema.get("nullable") is True or (isinstance(types, list) and "null" in types)
        return st.none() | strategy if nullable else strategy

    def _resolve(self, ref: str) -> Any:
        node: Any = self.document
        for part in ref.lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _non_null(self, schema: Dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        if "const" in schema:
            return st.just(schema["const"])
        if isinstance(schema.get("enum"), list):
            return st.sampled_from([v for v in schema["enum"] if v is not None] or [None])
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, depth)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                members = [m for m in schema[key] if not (isinstance(m, dict) and m.get("type") == "null")]
                return st.one_of([self.for_schema(m, depth + 1) for m in members]) if members else st.none()
        types = schema.get("type")
        kinds = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
        if not kinds or kinds == [None]:
            kinds = ["object"] if "properties" in schema else ["array"] if "items" in schema else ["string"]
        return st.one_of([self._typed(kind, schema, depth) for kind in kinds])

    def _typed(self, kind: str, schema: Dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        if kind == "string":
            return st.text(max_size=min(int(schema.get("maxLength", 12)), 12), min_size=int(schema.get("minLength", 0))).filter(lambda s: "\x00" not in s)
        if kind == "integer":
            return st.integers(int(schema.get("minimum", -1000)), int(schema.get("maximum", 1000)))
        if kind == "number":
            low, high = float(schema.get("minimum", -1000)), float(schema.get("maximum", 1000))
            return st.floats(low, high, allow_nan=False, allow_infinity=False) | st.integers(int(low), int(high))
        if kind == "boolean":
            return st.booleans()
        if kind == "array":
            items = schema.get("items", {})
            low = int(schema.get("minItems", 0))
            high = low if depth >= _MAX_DEPTH else min(int(schema.get("maxItems", low + 2)), low + 2)
            return st.lists(self.for_schema(items, depth + 1), min_size=low, max_size=high)
        return self._object(schema.get("properties") or {}, set(schema.get("required") or ()), depth)

    def _object(self, properties: Dict[str, Any], required: set, depth: int) -> st.SearchStrategy[Dict[str, Any]]:
        fixed = {k: self.for_schema(v, depth + 1) for k, v in properties.items() if k in required}
        optional = {} if depth >= _MAX_DEPTH else {k: self.for_schema(v, depth + 1) for k, v in properties.items() if k not in required}
        return st.fixed_dictionaries(fixed, optional=optional)

    def _all_of(self, schema: Dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        properties: Dict[str, Any] = {}
        required: set = set()
        parts: List[Any] = list(schema["allOf"]) + [{k: v for k, v in schema.items() if k != "allOf"}]
        while parts:
            part = parts.pop(0)
            part = self._resolve(part["$ref"]) if isinstance(part, dict) and "$ref" in part else part
            if not isinstance(part, dict):
                continue
            parts[:0] = part.get("allOf") or []
            for key, value in (part.get("properties") or {}).items():
                properties[key] = {"allOf": [properties[key], value]} if key in properties and value != properties[key] else value
            required.update(part.get("required") or ())
        if not properties:
            members = [p for p in schema["allOf"] if p]
            return self.for_schema(members[-1], depth + 1) if members else st.just({})
        return self._object({k: self._narrowest(v) for k, v in properties.items()}, required, depth)

    def _narrowest(self, schema: Any) -> Any:
        """Of a property declared by several allOf members, the last (refining) declaration."""
        while isinstance(schema, dict) and list(schema) == ["allOf"] and len(schema["allOf"]) == 2:
            schema = schema["allOf"][1]
        return schema

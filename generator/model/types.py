"""JSON Schema -> IR types.

Each schema is visited once: results are memoized by the schema's canonical place, so
shared sub-trees cost nothing more and recursion through `$ref` ends at a `Ref`.
Inline schemas are named from their position (operation + property path); components
keep their own names, claimed first so no inline name can take them.
Problems are collected as diagnostics, not raised, so one run reports all of them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.diagnostics import Diagnostic, PathPart, Severity
from openapi_sdkgen.model.allof import annotation_only, enum_values, narrows
from openapi_sdkgen.model.discriminators import narrow_tags, tag_values
from openapi_sdkgen.model.constraints import constraints_of
from openapi_sdkgen.model.graph import strongly_connected
from openapi_sdkgen.model.refs import map_refs, referenced_names
from openapi_sdkgen.model.http import as_dict
from openapi_sdkgen.model.schemas import const_type, constrains_only, doc_of, inline_nesting, is_null_schema, is_object_like, kinds_of, required_choices
from openapi_sdkgen.spec.resolve import Located, Resolver, parse_pointer

_COMPONENT_PREFIX = ("components", "schemas")
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_FORMATS = {"date-time": "datetime", "date": "date"}
# Types and docs are immutable values: thousands of properties share these instances.
_PRIMITIVE_TYPES = {kind: ir.Primitive(kind) for kind in (*_PRIMITIVES.values(), *_FORMATS.values(), "bytes")}
_SUFFIXES = ("TypedDict",)
_MAX_NESTING = 256  # schemas inside schemas on one path: load.MAX_DEPTH allows this much inline; $ref chains may go further
_MAX_INLINE_NESTING = 24  # List[Dict[...]] levels in one annotation; Python's parser allows 200 brackets


class TypeBuilder:
    def __init__(self, resolver: Resolver, registry: naming.Registry) -> None:
        self.resolver = resolver
        self.registry = registry
        self.definitions: Dict[str, ir.Definition] = {}
        self.diagnostics: List[Diagnostic] = []
        self._memo: Dict[Tuple[str, Tuple[PathPart, ...]], ir.TypeRef] = {}
        self._component_names: Dict[str, str] = {}
        self._given: Set[str] = set()  # component names a definition has taken
        self._multipart_depth = 0
        self._field_base: Optional[str] = None
        self._building: Set[Tuple[str, Tuple[PathPart, ...]]] = set()  # schemas on the current path, for cycles with no model in them

    # --- public ----------------------------------------------------------------

    def claim_component_names(self, schemas: Dict[str, Any]) -> None:
        """Each component schema's class name, claimed before any inline one; a name that had
        to change is reported with what took it."""
        owners: Dict[str, str] = {}
        bases = naming.without_shared_namespace([str(key) for key in schemas])
        for key in schemas:
            wanted = naming.class_name(bases[str(key)])
            claimed = self._component_names[key] = self.registry.claim(wanted, _SUFFIXES)
            if claimed != wanted:
                cause = f"schema {owners[wanted.lower()]!r} took {wanted!r}" if wanted.lower() in owners else f"{wanted!r} is a name the SDK defines itself"
                self.warn(Located(None, str(self.resolver.root.path), (*_COMPONENT_PREFIX, key)), f"schema {key!r} is emitted as {claimed!r}: {cause}")
            owners.setdefault(claimed.lower(), key)

    @property
    def component_names(self) -> FrozenSet[str]:
        """The names of the definitions of component schemas."""
        return frozenset(self._component_names.values())

    def type_of(self, loc: Located, hint: str, multipart: bool = False, field_base: Optional[str] = None) -> ir.TypeRef:
        """The IR type of the schema at `loc`; `hint` names it if it becomes a definition.

        `field_base` names the properties of a root object (a request body's properties are
        named after the operation, `CreateBookAuthor`, not after the body model).
        """
        self._multipart_depth += multipart
        # only an inline root takes the operation's name; a $ref'd component keeps its own
        self._field_base = None if isinstance(loc.node, dict) and "$ref" in loc.node else field_base
        try:
            return self._type_of(loc, hint)
        finally:
            self._multipart_depth -= multipart
            self._field_base = None

    def untangle_alias_cycles(self) -> None:
        """Aliases that contain themselves with no model in between (`A = Union[str, List[A]]`)
        have no form both mypy and pydantic accept: their references to the cycle become Any."""
        aliases = {name: d for name, d in self.definitions.items() if isinstance(d, ir.Alias)}
        graph = {name: sorted(referenced_names(d.type) & aliases.keys()) for name, d in aliases.items()}
        for component in strongly_connected(graph):
            if len(component) == 1 and component[0] not in graph[component[0]]:
                continue
            cycle = frozenset(component)
            for name in component:
                alias = aliases[name]
                self.definitions[name] = replace(alias, type=map_refs(alias.type, lambda r: ir.AnyType() if r.name in cycle else r))
                place = Located(None, str(self.resolver.root.path), tuple(parse_pointer(alias.pointer[1:])))
                self.warn(place, "recursive union with no object in the cycle: its recursive members are typed as Any")

    def warn(self, loc: Located, message: str) -> None:
        self.diagnostics.append(self._diagnostic("warning", loc, message))

    def fail(self, loc: Located, message: str) -> None:
        self.diagnostics.append(self._diagnostic("error", loc, message))

    def tolerate(self, loc: Located, message: str, done: str) -> None:
        """An error that --lenient turns into a warning saying what was `done` instead."""
        self.diagnostics.append(replace(self._diagnostic("error", loc, message), tolerated=done))

    # --- dispatch --------------------------------------------------------------

    def _type_of(self, loc: Located, hint: str) -> ir.TypeRef:
        target = self.resolver.ref_target(loc)
        if target is not None:
            return self._referenced(target, hint)
        key = loc.key
        known = self._memo.get(key)
        if known is not None:
            return known
        schema = loc.node
        if isinstance(schema, bool) or schema is None:
            return ir.AnyType()
        if not isinstance(schema, dict):
            self.fail(loc, "a schema must be an object or a boolean")
            return ir.AnyType()
        if key in self._building:
            self.warn(loc, "recursive schema with no object in the cycle (only arrays, maps or unions): the recursive part is typed as Any")
            return ir.AnyType()
        if len(self._building) >= _MAX_NESTING:
            self.fail(loc, f"schemas nest more than {_MAX_NESTING} levels deep (through properties, items or $ref)")
            return ir.AnyType()
        self._building.add(key)
        try:
            result = self._build(loc, schema, hint)
        finally:
            self._building.discard(key)
        self._memo[key] = result
        return result

    def _referenced(self, target: Located, hint: str) -> ir.TypeRef:
        known = self._memo.get(target.key)
        if known is not None:
            return known
        path = target.path
        if len(path) == 3 and tuple(path[:2]) == _COMPONENT_PREFIX and str(path[2]) in self._component_names:
            hint = self._component_names[str(path[2])]
            return self._type_of(target, hint)
        return self._type_of(self.resolver.deref(target), hint)

    def _build(self, loc: Located, schema: Dict[str, Any], hint: str) -> ir.TypeRef:
        if schema.get("x-speakeasy-type-override") == "any":  # Speakeasy's only override: the value passes as given
            return ir.AnyType()
        inner = self._nullable_inner(loc, schema)
        if inner is not None:
            loc_inner, schema_inner = inner
            built = self._build_non_null(loc_inner, schema_inner, hint)
            return built if isinstance(built, (ir.Nullable, ir.AnyType)) else ir.Nullable(built)
        return self._build_non_null(loc, schema, hint)

    def _nullable_inner(self, loc: Located, schema: Dict[str, Any]) -> Optional[Tuple[Located, Dict[str, Any]]]:
        """For the three nullable styles, the schema without its null part."""
        types: Any = schema.get("type")
        enum: Any = schema.get("enum")
        null_type = isinstance(types, list) and "null" in types
        null_enum = isinstance(enum, list) and None in enum and len(enum) > 1
        if schema.get("nullable") is True or null_type or null_enum:
            stripped = {k: v for k, v in schema.items() if k != "nullable"}
            if null_type:
                rest = [t for t in types if t != "null"]
                stripped["type"] = rest[0] if len(rest) == 1 else rest
            if null_enum:
                stripped["enum"] = [v for v in enum if v is not None]
            return loc, stripped
        for key in ("anyOf", "oneOf"):
            members = schema.get(key)
            if not isinstance(members, list):
                continue
            kept = [i for i in range(len(members)) if not is_null_schema(self.resolver.deref(loc.child(key, i)).node)]
            if len(kept) == len(members):
                continue
            if len(kept) == 1 and len(schema) == 1 + sum(k in schema for k in ("description", "title", "default", "example", "deprecated")):
                member = loc.child(key, kept[0])
                return member, as_dict(member.node)
            return loc, {**schema, key: [members[i] for i in kept]}
        return None

    def _build_non_null(self, loc: Located, schema: Dict[str, Any], hint: str) -> ir.TypeRef:
        if "$ref" in schema:
            return self._type_of(Located({"$ref": schema["$ref"]}, loc.file, loc.path), hint)
        if "const" in schema:
            return const_type(schema["const"])
        if isinstance(schema.get("enum"), list):
            return self._enum(loc, schema, hint)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(loc, schema, hint)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                return self._union(loc, schema, key, hint)
        kind = schema.get("type")
        if isinstance(kind, list):
            return self._multi_type(loc, schema, kind, hint)
        if kind == "array" or "items" in schema:
            items = schema.get("items")
            item = self._type_of(loc.child("items"), hint) if items is not None else ir.AnyType()
            return self._bounded(ir.ListType(item), loc, hint)
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            return self._object(loc, schema, hint)
        if kind in _PRIMITIVES:
            return self._primitive(schema, kind)
        if kind == "null":
            return ir.Nullable(ir.AnyType())
        return ir.AnyType()

    # --- kinds -----------------------------------------------------------------

    def _primitive(self, schema: Dict[str, Any], kind: str) -> ir.TypeRef:
        if kind == "string":
            binary = schema.get("format") == "binary" or (
                "contentMediaType" in schema and not str(schema["contentMediaType"]).startswith("text/")
            )
            if binary and self._multipart_depth:
                return ir.FileType()
            if binary:
                return _PRIMITIVE_TYPES["bytes"]
            fmt = schema.get("format")
            if fmt in _FORMATS:
                return _PRIMITIVE_TYPES[_FORMATS[fmt]]
        constraints = constraints_of(schema)
        if constraints is not None:
            return ir.Primitive(_PRIMITIVES[kind], constraints)
        return _PRIMITIVE_TYPES[_PRIMITIVES[kind]]

    def _multi_type(self, loc: Located, schema: Dict[str, Any], kinds: List[Any], hint: str) -> ir.TypeRef:
        members = [self._build_non_null(loc, {**schema, "type": k}, hint) for k in kinds]
        return members[0] if len(members) == 1 else ir.UnionType(tuple(members))

    def _enum(self, loc: Located, schema: Dict[str, Any], hint: str) -> ir.TypeRef:
        values = tuple(v for v in schema["enum"] if isinstance(v, (str, int, float, bool)))
        if len(values) != len(schema["enum"]):
            self.warn(loc, "enum values that are not strings, numbers or booleans are ignored")
        if not values:
            return ir.AnyType()
        if any(isinstance(v, float) for v in values):
            self.warn(loc, "an enum with non-integer numbers is typed by its values' kinds: Literal cannot hold floats")
            return kinds_of(values)
        if len(values) == 1:
            return ir.LiteralType(values)
        name = self._claim(hint, loc)
        self.definitions[name] = ir.Enum(name, values, doc_of(schema), loc.pointer)
        return ir.Ref(name)

    def _object(self, loc: Located, schema: Dict[str, Any], hint: str, alternatives: Sequence[Dict[str, Any]] = ()) -> ir.TypeRef:
        """An object; `alternatives`: constraints of which one must hold (see required_choices)."""
        always, options = required_choices(alternatives)
        if always:
            schema = {**schema, "required": [*(schema.get("required") or ()), *always]}
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        if not properties:
            if isinstance(extra, dict) or extra is True or extra is None:
                value = self._type_of(loc.child("additionalProperties"), hint) if isinstance(extra, dict) else ir.AnyType()
                return self._bounded(ir.MapType(value), loc, hint)
            return ir.MapType(ir.AnyType())
        name = self._claim(hint, loc)
        ref = self._memo[loc.key] = ir.Ref(name)  # recursion through this schema ends here
        fields = self._fields(loc, [(loc, schema)], name)
        extra_value = self._type_of(loc.child("additionalProperties"), name + "Value") if isinstance(extra, dict) else None
        self.definitions[name] = ir.Model(name, fields, doc_of(schema), loc.pointer, extra is not False, extra_value, options)
        return ref

    def _fields(self, owner: Located, parts: Sequence[Tuple[Located, Dict[str, Any]]], name: str) -> Tuple[ir.Field, ...]:
        """Fields of the object made of `parts` (one schema, or the members of an allOf)."""
        base, self._field_base = self._field_base or name, None
        required = {r for _, part in parts for r in part.get("required") or () if isinstance(r, str)}
        py_names = naming.Registry()
        chosen: Dict[str, Tuple[ir.Field, Located]] = {}
        for part_loc, part in parts:
            for wire, prop in (part.get("properties") or {}).items():
                prop_loc = part_loc.child("properties", wire)
                earlier = chosen.get(wire)
                override = as_dict(prop).get("x-speakeasy-name-override")  # the attribute's name; the wire keeps its own
                py_name = earlier[0].py_name if earlier else py_names.claim(naming.field_name(override if isinstance(override, str) and override.strip() else str(wire)))
                candidate = self._field(prop_loc, str(wire), base, py_name, wire in required)
                if earlier:
                    candidate = self._merge_field(earlier, (candidate, prop_loc))
                chosen[wire] = (candidate, prop_loc)
        if chosen and not required <= set(chosen):
            self.warn(owner, f"`required` names {', '.join(map(repr, sorted(required - set(chosen))))}, which no property declares: the SDK has no field to send it")
        # a key YAML reads as a number keeps its type as the wire name
        return tuple(fld if fld.wire_name == wire else replace(fld, wire_name=wire) for wire, (fld, _) in chosen.items())

    def _field(self, loc: Located, wire: str, owner_name: str, py_name: str, required: bool) -> ir.Field:
        typ = self._type_of(loc, owner_name + naming.pascal(wire))
        nullable = isinstance(typ, ir.Nullable)
        if nullable:
            typ = typ.inner  # type: ignore[union-attr]
        schema = as_dict(self.resolver.deref(loc).node)
        own = as_dict(loc.node)
        doc = doc_of({**schema, **own}) if own is not schema else doc_of(schema)
        default_source = own if "default" in own else schema
        return ir.Field(
            wire, py_name, typ, required, nullable, doc,
            default_source.get("default"), "default" in default_source,
            bool(own.get("readOnly") or schema.get("readOnly")), bool(own.get("writeOnly") or schema.get("writeOnly")),
        )

    def _merge_field(self, earlier: Tuple[ir.Field, Located], later: Tuple[ir.Field, Located]) -> ir.Field:
        """allOf members that both declare a property: the narrower type wins, a clash is an error."""
        (a, a_loc), (b, b_loc) = earlier, later
        winner = self._narrower(a, b, a_loc, b_loc)
        # The refining (later) member says whether null is allowed: `int|null` refined to `int`
        # narrows, and a refinement adding `nullable: true` means it.
        return replace(winner, nullable=b.nullable, doc=b.doc if b.doc.description else a.doc)

    def _narrower(self, a: ir.Field, b: ir.Field, a_loc: Located, b_loc: Located) -> ir.Field:
        if narrows(self.definitions, a.type, b.type):
            return a
        if narrows(self.definitions, b.type, a.type):
            return b
        if enum_values(self.definitions, a.type) is not None and enum_values(self.definitions, b.type) is not None:
            self.warn(b_loc, f"allOf members disagree on the values of {a.wire_name!r} (see {self._place(a_loc)}): the values here are used")
            return b
        self.tolerate(b_loc, f"allOf conflict for property {a.wire_name!r}: its type here is neither {self._place(a_loc)}'s nor a narrowing of it", "typed as either")
        return replace(b, type=ir.UnionType((a.type, b.type)))

    def _all_of(self, loc: Located, schema: Dict[str, Any], hint: str) -> ir.TypeRef:
        members = [loc.child("allOf", i) for i in range(len(schema["allOf"]))]
        own_structure = any(k in schema for k in ("properties", "oneOf", "anyOf", "enum", "items")) or bool(schema.get("required"))
        typed = [m for m in members if not annotation_only(m.node)]
        if len(typed) == 1 and not own_structure:  # one type, and words about it
            typ = self._type_of(typed[0], hint)
            nullable = any(as_dict(m.node).get("nullable") is True for m in members) and not isinstance(typ, ir.Nullable)
            return ir.Nullable(typ) if nullable else typ
        parts = self._flatten_all_of(loc, schema)
        if not any((p.get("properties") for _, p in parts)):
            non_object = [m for m in members if not is_object_like(self.resolver.deref(m).node)]
            if len(non_object) == 1:
                return self._type_of(non_object[0], hint)
        name = self._claim(hint, loc)
        ref = self._memo[loc.key] = ir.Ref(name)
        fields = self._fields(loc, parts, name)
        self.definitions[name] = ir.Model(name, fields, doc_of(schema), loc.pointer)
        return ref

    def _flatten_all_of(self, loc: Located, schema: Dict[str, Any]) -> List[Tuple[Located, Dict[str, Any]]]:
        """The object parts of a nested allOf, depth-first, each schema once (cycles and diamonds end)."""
        parts: List[Tuple[Located, Dict[str, Any]]] = []
        seen = {loc.key}
        pending: List[Tuple[Located, Dict[str, Any], Iterator[int]]] = [(loc, schema, iter(range(len(schema["allOf"]))))]
        while pending:
            owner, node, members = pending[-1]
            index = next(members, None)
            if index is None:
                pending.pop()
                own = {k: v for k, v in node.items() if k != "allOf"}
                if own.get("properties") or own.get("required"):
                    parts.append((owner, own))
                continue
            member = self.resolver.deref(owner.child("allOf", index))
            if member.key in seen:
                continue
            seen.add(member.key)
            member_node = as_dict(member.node)
            if isinstance(member_node.get("allOf"), list):
                pending.append((member, member_node, iter(range(len(member_node["allOf"])))))
            else:
                parts.append((member, member_node))
        return parts

    def _union(self, loc: Located, schema: Dict[str, Any], key: str, hint: str) -> ir.TypeRef:
        count = len(schema[key])
        if count == 0:
            return ir.AnyType()
        locs = [loc.child(key, i) for i in range(count)] if schema[key] is loc.node.get(key) else [
            Located(member, loc.file, loc.path + (key, i)) for i, member in enumerate(schema[key])
        ]
        base: Optional[Dict[str, Any]] = {k: schema[k] for k in ("properties", "required") if k in schema} if schema.get("properties") else None
        if base is not None and all(constrains_only(self.resolver.deref(m).node) for m in locs):
            # `oneOf: [{required: [a]}, {required: [b]}]` beside properties: still that object
            return self._object(loc, {k: v for k, v in schema.items() if k != key}, hint, [as_dict(self.resolver.deref(m).node) for m in locs])
        if count == 1 and base is None:
            return self._type_of(locs[0], hint)
        name = self._claim(hint, loc)
        ref = self._memo[loc.key] = ir.Ref(name)
        members = tuple(self._member(m, naming.member_hint(hint, as_dict(m.node), i), (loc, base)) for i, m in enumerate(locs))
        members = tuple(dict.fromkeys(members))  # duplicates add nothing to a union
        declared = (schema.get("discriminator") or {}).get("propertyName")
        explicit = bool((schema.get("discriminator") or {}).get("mapping"))
        consistent = not declared or narrow_tags(self.definitions, str(declared), tag_values(schema, loc, members, lambda ref: self._type_of(ref, hint)), explicit)
        tag = self._discriminator(members, declared) if consistent else None
        if declared and tag is None:
            self.warn(loc, f"discriminator {declared!r} is not a single-value property with a distinct value in every member: parsed as a plain union")
        self.definitions[name] = ir.Alias(name, ir.UnionType(members, tag), doc_of(schema), loc.pointer)
        return ref

    def _member(self, loc: Located, hint: str, base: Tuple[Located, Optional[Dict[str, Any]]]) -> ir.TypeRef:
        """A union member; beside sibling `properties` it is those properties AND the member."""
        owner, properties = base
        target = self.resolver.deref(loc)
        if properties is None or not is_object_like(target.node):
            return self._type_of(loc, hint)
        parts = [(owner, properties)]
        node = as_dict(target.node)
        parts += self._flatten_all_of(target, node) if isinstance(node.get("allOf"), list) else [(target, node)]
        name = self._claim(hint, loc)
        self.definitions[name] = ir.Model(name, self._fields(owner, parts, name), doc_of(node), loc.pointer)
        return ir.Ref(name)

    def _discriminator(self, members: Tuple[ir.TypeRef, ...], declared: Optional[str]) -> Optional[str]:
        """The wire name of a required Literal property every member model has, its values distinct."""
        models = [self.definitions.get(m.name) if isinstance(m, ir.Ref) else None for m in members]
        if not all(isinstance(m, ir.Model) for m in models):
            return None
        candidates = None
        for model in models:
            tags = {f.wire_name for f in model.fields if f.required and not f.nullable and isinstance(f.type, ir.LiteralType)}  # type: ignore[union-attr]
            candidates = tags if candidates is None else candidates & tags
        if not candidates or (declared and declared not in candidates):
            return None
        tag = declared or sorted(candidates)[0]
        values = [v for m in models for v in self._tag_values(m, tag)]  # type: ignore[arg-type]
        return tag if len(set(values)) == len(values) else None  # pydantic needs one member per value

    @staticmethod
    def _tag_values(model: ir.Model, tag: str) -> Tuple[Any, ...]:
        return next(f.type.values for f in model.fields if f.wire_name == tag)  # type: ignore[union-attr]

    def _bounded(self, t: ir.TypeRef, loc: Located, hint: str) -> ir.TypeRef:
        """Arrays of arrays nested too deep for one annotation get a name (an alias) on the way."""
        if inline_nesting(t) < _MAX_INLINE_NESTING:
            return t
        name = self._claim(hint, loc)
        self.definitions[name] = ir.Alias(name, t, ir.Doc(), loc.pointer)
        return ir.Ref(name)

    # --- helpers ---------------------------------------------------------------

    def _claim(self, hint: str, loc: Located) -> str:
        """A new definition's name. A component's name, claimed up front, goes to the first
        definition made within it: the component, or what a list or map component holds."""
        path = loc.path
        if len(path) >= 3 and tuple(path[:2]) == _COMPONENT_PREFIX and self._component_names.get(str(path[2])) == hint and hint not in self._given:
            self._given.add(hint)
            return hint
        return self.registry.claim(naming.class_name(hint), _SUFFIXES)

    def _place(self, loc: Located) -> str:
        return self.resolver.document(loc.file).place_of(loc.path)

    def _diagnostic(self, severity: Severity, loc: Located, message: str) -> Diagnostic:
        return self.resolver.document(loc.file).diagnostic(severity, message, loc.path)

"""Compare two API surfaces: per SDK method, what changed and whether it breaks callers.

Request types are inputs: a change breaks callers when the new SDK rejects something
the old one accepted (a removed field, a field made required, an enum value removed, a
narrower type). Response types are outputs: a change breaks callers when they may now
receive something the old SDK never returned (a removed field, a field made optional
or nullable, a different type).

Types are walked through refs with a visited set (schemas may be recursive). Named
types whose whole reachable closure is unchanged are skipped at once, so comparing
costs time linear in the size of the surfaces plus the size of the report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

from openapi_sdkgen.spec.load import recursion_room
from openapi_sdkgen.changes.surface import Json

MAJOR, MINOR, PATCH = "major", "minor", "patch"
MODELS = ""  # the `method` of changes to the models package rather than to a method
_IN, _OUT = "request", "response"


@dataclass(frozen=True)
class Change:
    method: str  # "chat.completions.create", or MODELS
    path: str  # "" for the method itself, "options.retry.count", "response.data[].url"
    text: str
    level: str  # MAJOR (breaking), MINOR or PATCH

    @property
    def breaking(self) -> bool:
        return self.level == MAJOR


def compare(old: Json, new: Json) -> List[Change]:
    """Every change from surface `old` to surface `new`, in a stable order."""
    old_types, new_types = old.get("types", {}), new.get("types", {})
    types = _Types(old_types, new_types)
    old_methods, new_methods = old.get("methods", {}), new.get("methods", {})
    changes: List[Change] = []
    with recursion_room():  # the walk goes one level deeper per model along a reference chain
        for name in sorted(old_methods.keys() | new_methods.keys()):
            changes.extend(_method(types, name, old_methods.get(name), new_methods.get(name)))
    removed, added = sorted(old_types.keys() - new_types.keys()), sorted(new_types.keys() - old_types.keys())
    if removed:
        changes.append(Change(MODELS, "", f"removed: {_names(removed)}", MAJOR))
    if added:
        changes.append(Change(MODELS, "", f"added: {_names(added, _LISTED_ADDITIONS)}", MINOR))
    return changes


_LISTED_ADDITIONS = 20  # beyond this, new models come with new methods and are only counted


def _names(names: List[str], limit: Optional[int] = None) -> str:
    if limit is not None and len(names) > limit:
        return f"{len(names)} models ({', '.join(f'`{name}`' for name in names[:5])}, ...)"
    return ", ".join(f"`{name}`" for name in names)


def _method(types: _Types, name: str, old: Optional[Json], new: Optional[Json]) -> List[Change]:
    if old is None or new is None:
        present = new or old or {}
        return [Change(name, "", f"{'added' if old is None else 'removed'} ({present.get('http', '')})", MINOR if old is None else MAJOR)]
    walk = _Walk(types, name)
    if old["http"] != new["http"]:
        walk.add("", f"endpoint changed from {old['http']} to {new['http']}", PATCH)
    if new.get("deprecated") and not old.get("deprecated"):
        walk.add("", "deprecated", MINOR)
    walk.fields("", old["params"], new["params"], _IN)
    walk.optional_type("response", old.get("response"), new.get("response"))
    walk.optional_type("stream[]", old.get("stream"), new.get("stream"))
    return walk.changes


class _Types:
    """The named types of both surfaces, and which names may hide a change."""

    def __init__(self, old: Json, new: Json) -> None:
        self.old, self.new = old, new
        self.dirty = _dirty_names(old, new)

    def unchanged(self, old: Any, new: Any) -> bool:
        return bool(old == new) and not any(name in self.dirty for name in refs_in(old))

    def same(self, name: str) -> str:
        """The name a type goes by in both surfaces: a model folded into an identical one
        (or split from it) is the same member of a union under its other name."""
        return _other_name_for(name, self.new) or _other_name_for(name, self.old) or name


class _Walk:
    """The changes of one method; `visited` holds the pairs of types already compared."""

    def __init__(self, types: _Types, method: str) -> None:
        self.types = types
        self.method = method
        self.changes: List[Change] = []
        self.visited: Set[Tuple[str, str, str]] = set()

    def add(self, path: str, text: str, level: str) -> None:
        self.changes.append(Change(self.method, path, text, level))

    def optional_type(self, path: str, old: Any, new: Any) -> None:
        if old is None and new is not None:
            self.add(path, f"added ({display(new)})", MINOR)
        elif new is None and old is not None:
            self.add(path, f"removed (was {display(old)})", MAJOR)
        elif old is not None:
            self.type(path, old, new, _OUT)

    def fields(self, path: str, old: Json, new: Json, direction: str) -> None:
        prefix = f"{path}." if path else ""
        for key in sorted(old.keys() | new.keys()):
            before, after = _visible(old.get(key), direction), _visible(new.get(key), direction)
            record = after or before
            if record is None:
                continue
            where = prefix + str(record.get("py", key))
            if before is None:
                required = direction == _IN and bool(record.get("required"))
                self.add(where, f"added ({describe(record)})", MAJOR if required else MINOR)
            elif after is None:
                self.add(where, f"removed (was {describe(before)})", MAJOR)
            else:
                self.field(where, before, after, direction)

    def field(self, path: str, old: Json, new: Json, direction: str) -> None:
        if bool(old.get("required")) != bool(new.get("required")):
            now = bool(new.get("required"))
            self.add(path, "now required" if now else "now optional", _level(breaks=now == (direction == _IN)))
        self.nullability(path, bool(old.get("nullable")), bool(new.get("nullable")), direction)
        if new.get("deprecated") and not old.get("deprecated"):
            self.add(path, "deprecated", MINOR)
        if old.get("in") != new.get("in"):
            self.add(path, f"moved from {old.get('in')} to {new.get('in')}", PATCH)
        self.type(path, old["type"], new["type"], direction)

    def nullability(self, path: str, old: bool, new: bool, direction: str) -> None:
        if old != new:
            self.add(path, "now nullable" if new else "no longer nullable", _level(breaks=new == (direction == _OUT)))

    def type(self, path: str, old: Any, new: Any, direction: str) -> None:
        if self.types.unchanged(old, new):
            return
        old_null, old_target = _resolve(old, self.types.old)
        new_null, new_target = _resolve(new, self.types.new)
        self.nullability(path, old_null, new_null, direction)
        old, new = _strip_nullable(old)[1], _strip_nullable(new)[1]
        if _is_ref(old) or _is_ref(new):
            key = (direction, _key(old), _key(new))
            if key in self.visited:
                return
            self.visited.add(key)
        self.shape(path, old_target, new_target, direction)

    def shape(self, path: str, old: Any, new: Any, direction: str) -> None:
        kind_old, kind_new = kind(old, self.types.old), kind(new, self.types.new)
        if kind_old != kind_new:
            tolerated = accepts(new, self.types.new, kind_old) if direction == _IN else accepts(old, self.types.old, kind_new)
            self.add(path, f"type changed from {display(old)} to {display(new)}", _level(breaks=not tolerated))
        elif kind_old in ("list", "map"):
            self.type(path + ("[]" if kind_old == "list" else "{}"), old[kind_old], new[kind_new], direction)
        elif kind_old == "model":
            self.fields(path, self.types.old[old["ref"]]["model"], self.types.new[new["ref"]]["model"], direction)
        elif kind_old == "enum":
            self.values(path, enum_values(old, self.types.old), enum_values(new, self.types.new), direction)
        elif kind_old == "union":
            self.union(path, old["union"], new["union"], direction)

    def values(self, path: str, old: List[Any], new: List[Any], direction: str) -> None:
        old_keys, new_keys = {_key(v) for v in old}, {_key(v) for v in new}
        removed = [_key(v) for v in old if _key(v) not in new_keys]
        added = [_key(v) for v in new if _key(v) not in old_keys]
        if removed:
            self.add(path, f"enum value{'s' * (len(removed) > 1)} removed: {', '.join(removed)}", _level(breaks=direction == _IN))
        if added:
            self.add(path, f"enum value{'s' * (len(added) > 1)} added: {', '.join(added)}", MINOR)

    def union(self, path: str, old: List[Any], new: List[Any], direction: str) -> None:
        before, after = {self.types.same(label(m)): m for m in old}, {self.types.same(label(m)): m for m in new}
        gone = [name for name in before if name not in after]
        came = [name for name in after if name not in before]
        if len(gone) == 1 == len(came) and kind(before[gone[0]], self.types.old) == kind(after[came[0]], self.types.new):
            self.type(f"{path}({came[0]})", before.pop(gone[0]), after.pop(came[0]), direction)  # one member renamed
            gone, came = [], []
        for name in (n for n in before if n in after):
            member_path = f"{path}({name})" if _is_ref(after[name]) else path
            self.type(member_path, before[name], after[name], direction)
        for name in gone:
            self.add(path, f"no longer {'accepts' if direction == _IN else 'returns'} {name}", _level(breaks=direction == _IN))
        for name in came:
            self.add(path, f"{'also accepts' if direction == _IN else 'may also return'} {name}", MINOR)


def _level(breaks: bool) -> str:
    return MAJOR if breaks else MINOR


def _visible(record: Optional[Json], direction: str) -> Optional[Json]:
    """Read-only fields are not part of a request, write-only ones not of a response."""
    if record is None or record.get("read_only" if direction == _IN else "write_only"):
        return None
    return record


def _other_name_for(name: str, types: Json) -> Optional[str]:
    """The definition `name` is another name for in `types`, if it is one."""
    target = types.get(name, {}).get("alias")
    return str(target["ref"]) if isinstance(target, dict) and list(target) == ["ref"] else None


def _strip_nullable(typ: Any) -> Tuple[bool, Any]:
    nullable = False
    while isinstance(typ, dict) and "nullable" in typ:
        nullable, typ = True, typ["nullable"]
    return nullable, typ


def _resolve(typ: Any, types: Json) -> Tuple[bool, Any]:
    """Follow refs to aliases (and nullable wrappers) down to a model, enum or structure."""
    nullable, seen = False, set()
    while True:
        null, typ = _strip_nullable(typ)
        nullable = nullable or null
        name = typ.get("ref") if isinstance(typ, dict) else None
        if name is None or name in seen or "alias" not in types.get(name, {}):
            return nullable, typ
        seen.add(name)
        typ = types[name]["alias"]


def kind(typ: Any, types: Json) -> str:
    """"model", "enum", "list", "map", "union", or a leaf type ("str", "int", "any", ...)."""
    typ = _resolve(typ, types)[1]
    if isinstance(typ, str):
        return typ
    if "ref" in typ:
        definition = types.get(typ["ref"], {})
        return "model" if "model" in definition else "enum" if "enum" in definition else "any"
    if "literal" in typ:
        return "enum"
    return str(next(iter(typ)))


def enum_values(typ: Any, types: Json) -> List[Any]:
    return list(typ["literal"] if "literal" in typ else types[typ["ref"]]["enum"])


def accepts(wide: Any, types: Json, narrow_kind: str) -> bool:
    """Whether `wide` takes every value of a type of `narrow_kind` (a widening, not a break)."""
    wide_kind = kind(wide, types)
    if wide_kind == "union":
        return any(_leaf_accepts(kind(m, types), narrow_kind) for m in _resolve(wide, types)[1]["union"])
    return _leaf_accepts(wide_kind, narrow_kind)


def _leaf_accepts(wide: str, narrow: str) -> bool:
    scalar = narrow not in ("model", "list", "map", "union")
    return wide == "any" or (wide == narrow and scalar) or (wide, narrow) in (("float", "int"), ("str", "enum"))


def _is_ref(typ: Any) -> bool:
    return isinstance(typ, dict) and "ref" in typ


def label(typ: Any) -> str:
    return str(typ["ref"]) if isinstance(typ, dict) and "ref" in typ else display(typ)


def display(typ: Any) -> str:
    """A type as the SDK spells it: `list[Image]`, `dict[str, int]`, `str | None`."""
    if isinstance(typ, str):
        return {"any": "Any", "file": "File"}.get(typ, typ)
    name, inner = next(iter(typ.items()))
    if name == "ref":
        return str(inner)
    if name == "literal":
        return f"Literal[{', '.join(_key(v) for v in inner)}]"
    if name == "list":
        return f"list[{display(inner)}]"
    if name == "map":
        return f"dict[str, {display(inner)}]"
    if name == "nullable":
        return f"{display(inner)} | None"
    return " | ".join(display(m) for m in inner)


def describe(record: Json) -> str:
    text = display(record["type"]) + (" | None" if record.get("nullable") else "")
    return f"{text}, {'required' if record.get('required') else 'optional'}"


def refs_in(node: Any) -> Iterator[str]:
    """Names referred to anywhere inside a type or definition."""
    if isinstance(node, dict):
        if "ref" in node:
            yield str(node["ref"])
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs_in(item)


def _dirty_names(old: Json, new: Json) -> Set[str]:
    """Names whose definition, or anything they reach, differs between the surfaces."""
    dirty = {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
    if not dirty:
        return dirty  # the usual regeneration: no type changed, none can reach a changed one
    users: Dict[str, Set[str]] = {}
    for types in (old, new):
        for name, definition in types.items():
            for ref in refs_in(definition):
                users.setdefault(ref, set()).add(name)
    pending = list(dirty)
    while pending:
        for user in users.get(pending.pop(), ()):
            if user not in dirty:
                dirty.add(user)
                pending.append(user)
    return dirty


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)

"""Structurally identical inline definitions, folded into one.

An inline schema repeated under several operations (the same options object in every
request body) would otherwise become one class per operation. Inline definitions that
agree in everything the SDK shows - fields, types, required-ness, nullability,
defaults, descriptions, open-ness, and whether a response reaches them (which makes
them parse leniently) - become one definition under the first of their names, with the
examples any of them gives. Every other name stays public as an alias of it
(`ir.Alias.target`), and every reference points at the kept definition. Component
schemas are never folded.

Definitions are compared dependencies first, so parents made of folded children fold
too. An enum or union alias is one statement, not a class: it folds only where every
definition that uses it folds (a copy inside a folded model), since sharing it between
different users would cost a module and imports of its own. A definition in a
reference cycle is kept as it is: it would need its whole cycle compared at once, and
such cycles are rare among inline schemas.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, FrozenSet, List, Mapping, Optional, Set, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.graph import strongly_connected
from openapi_sdkgen.model.refs import RefMap, definition_refs, map_definition_refs, map_refs, response_side

Definitions = Dict[str, ir.Definition]


def fold_identical(
    definitions: Mapping[str, ir.Definition], operations: List[ir.Operation], components: FrozenSet[str]
) -> Tuple[Definitions, List[ir.Operation]]:
    """The definitions and operations with identical inline definitions folded."""
    kept = kept_names(definitions, operations, components)
    if not kept:
        return dict(definitions), operations

    def retarget(ref: ir.Ref) -> ir.TypeRef:
        return ir.Ref(kept[ref.name]) if ref.name in kept else ref

    copies: Dict[str, List[ir.Definition]] = {}
    for name in sorted(kept):
        copies.setdefault(kept[name], []).append(definitions[name])
    folded: Definitions = {}
    for name, d in definitions.items():
        if name in kept:
            folded[name] = ir.Alias(name, ir.Ref(kept[name]), pointer=d.pointer)
        else:
            folded[name] = map_definition_refs(_with_examples(d, copies.get(name, [])), retarget)
    return folded, [_retargeted(op, retarget) for op in operations]


def kept_names(definitions: Mapping[str, ir.Definition], operations: List[ir.Operation], components: FrozenSet[str]) -> Dict[str, str]:
    """Each folded name -> the name of the identical definition kept in its place."""
    graph = {name: sorted(definition_refs(d) & definitions.keys()) for name, d in definitions.items()}
    users: Dict[str, Set[str]] = {name: set() for name in definitions}
    for name, refs in graph.items():
        for ref in refs:
            users[ref].add(name)
    kept: Dict[str, str] = {}
    for names in reversed(_identical(definitions, graph, response_side(operations, definitions), components)):  # users first
        if len(names) < 2:
            continue
        movable = names if isinstance(definitions[names[0]], ir.Model) else [n for n in names if users[n] <= kept.keys()]
        first = naming.first_name([n for n in names if n not in movable] or names)
        kept.update((name, first) for name in movable if name != first)
    return kept


def _identical(
    definitions: Mapping[str, ir.Definition], graph: Mapping[str, List[str]], from_responses: FrozenSet[str], components: FrozenSet[str]
) -> List[List[str]]:
    """The classes of identical foldable definitions, each after the classes of what it uses."""
    token: Dict[str, str] = {}  # a foldable name -> its class, as references compare
    classes: Dict[str, int] = {}  # shape -> class
    members: List[List[str]] = []  # class -> names
    for cycle in strongly_connected(graph):  # dependencies first
        name = cycle[0]
        if len(cycle) > 1 or name in graph[name] or name in components:
            continue
        shape = _shape(definitions[name], name in from_responses, token)
        found = classes.setdefault(shape, len(members))
        if found == len(members):
            members.append([])
        members[found].append(name)
        token[name] = f"#{found}"  # '#' is in no class name: a token never equals a name
    return members


def _shape(d: ir.Definition, from_responses: bool, token: Mapping[str, str]) -> str:
    """What a definition emits, as comparable text: without its name, place and examples,
    with references to foldable definitions replaced by their class.

    `repr` rather than equality: defaults may be unhashable, and it tells `True` from `1`."""
    classed = map_definition_refs(d, lambda ref: ir.Ref(token[ref.name]) if ref.name in token else ref)
    unnamed = replace(classed, name="", pointer="", doc=_no_example(d.doc))
    if isinstance(unnamed, ir.Model) and any(f.doc.has_example for f in unnamed.fields):
        unnamed = replace(unnamed, fields=tuple(f if not f.doc.has_example else replace(f, doc=_no_example(f.doc)) for f in unnamed.fields))
    return repr((from_responses, unnamed))


def _no_example(doc: ir.Doc) -> ir.Doc:
    return replace(doc, example=None, has_example=False) if doc.has_example else doc


def _with_examples(d: ir.Definition, copies: List[ir.Definition]) -> ir.Definition:
    """The kept definition, with the examples only its folded copies give (examples
    illustrate; identical schemas share them)."""
    if not copies:
        return d
    d = replace(d, doc=_first_example([d.doc] + [c.doc for c in copies]))
    if not isinstance(d, ir.Model):
        return d
    models = [c for c in copies if isinstance(c, ir.Model)]
    fields = tuple(replace(f, doc=_first_example([f.doc] + [m.fields[i].doc for m in models])) for i, f in enumerate(d.fields))
    return replace(d, fields=fields)


def _first_example(docs: List[ir.Doc]) -> ir.Doc:
    return next((doc for doc in docs if doc.has_example), docs[0])


def _response(response: ir.Response, retarget: RefMap) -> ir.Response:
    return replace(
        response,
        type=None if response.type is None else map_refs(response.type, retarget),
        headers=tuple(replace(h, type=map_refs(h.type, retarget)) for h in response.headers),
    )


def _retargeted(op: ir.Operation, retarget: RefMap) -> ir.Operation:
    def typ(t: Optional[ir.TypeRef]) -> Optional[ir.TypeRef]:
        return None if t is None else map_refs(t, retarget)

    return replace(
        op,
        params=tuple(replace(p, type=map_refs(p.type, retarget)) for p in op.params),
        body=None if op.body is None else replace(op.body, type=map_refs(op.body.type, retarget)),
        response=None if op.response is None else _response(op.response, retarget),
        responses=tuple(_response(r, retarget) for r in op.responses),
        response_headers=typ(op.response_headers),
        stream=None if op.stream is None else replace(op.stream, type=map_refs(op.stream.type, retarget)),
        errors=tuple(replace(e, type=typ(e.type)) for e in op.errors),
    )

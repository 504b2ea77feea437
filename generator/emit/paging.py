"""View data of a paged method: its `utils.Paging(...)` constant and the page it returns.

The IR gives the paths of a paginator in wire names; the runtime walks the parsed
response, so each step through a model becomes the attribute pydantic gives that field.
"""

from __future__ import annotations

from typing import List, Mapping, Optional, Sequence, Set, Tuple, Union

from openapi_sdkgen.emit import fit, pytext
from openapi_sdkgen.model import ir


def paging_constant(op: ir.Operation, constant: str, definitions: Mapping[str, ir.Definition]) -> str:
    """`<constant> = utils.Paging(...)` for a paged operation."""
    p = op.pagination
    assert p is not None
    root = op.response.type if op.response else None
    parts = [pytext.string(p.kind)]
    for name in ("param", "limit"):
        if getattr(p, name):
            parts.append(f"{name}={pytext.string(getattr(p, name))}")
    for name in ("results", "next_cursor", "has_more", "total", "pages", "next_url"):
        path: ir.JsonPath = getattr(p, name)
        if path:
            steps = [repr(s) if isinstance(s, int) else pytext.string(s) for s in attribute_path(root, path, definitions)]
            parts.append(f"{name}=" + fit.tuple_of(steps, f"{name}=", "    ", ","))
    if p.query:
        pairs = [f"({pytext.string(wire)}, {pytext.string(py)})" for wire, py in p.query]
        parts.append("query=" + fit.tuple_of(pairs, "query=", "    ", ","))
    return f"{constant} = " + fit.call("utils.Paging", parts, f"{constant} = ")


def attribute_path(root: Optional[ir.TypeRef], path: ir.JsonPath, definitions: Mapping[str, ir.Definition]) -> ir.JsonPath:
    """`path` with each field of a model named by its Python attribute (others stay as given)."""
    steps: List[Union[str, int]] = []
    typ = root
    for step in path:
        if isinstance(step, int):
            typ = typ.item if isinstance(typ, ir.ListType) else None
            steps.append(step)
            continue
        model = _model(typ, definitions)
        field = next((f for f in model.fields if f.wire_name == step), None) if model else None
        steps.append(field.py_name if field else step)
        typ = field.type if field else None
    return tuple(steps)


def item_type(op: ir.Operation, definitions: Mapping[str, ir.Definition]) -> Optional[ir.TypeRef]:
    """The type of a page's items, when the spec says it."""
    p = op.pagination
    if p is None or op.response is None:
        return None
    typ: Optional[ir.TypeRef] = op.response.type
    for step in p.results:
        if isinstance(step, int):
            return None
        model = _model(typ, definitions)
        field = next((f for f in model.fields if f.wire_name == step), None) if model else None
        typ = field.type if field else None
    while isinstance(typ, ir.Ref) and isinstance(definitions.get(typ.name), ir.Alias):
        alias = definitions[typ.name]
        assert isinstance(alias, ir.Alias)
        typ = alias.type
    return typ.item if isinstance(typ, ir.ListType) else None


def page_result(
    op: ir.Operation, result_type: str, result: str, item: str, keywords: Sequence[str], constant: str, utils: str, used: Set[str]
) -> Tuple[Tuple[str, str], Tuple[str, str]]:
    """((sync, async) return annotations, (sync, async) return expressions) of a paged method:
    the page of the parsed result, which calls the method again for the next page."""
    annotations = (f"{utils}.Page[{result_type}, {item}]", f"{utils}.AsyncPage[{result_type}, {item}]")
    args = fit.call("dict", [f"{k}={k}" for k in keywords], "", " " * 12, ",")
    expressions = tuple(
        fit.call(f"utils.{cls}", [result, "response", constant, f"self.{op.py_name}{suffix}", args], "return ", " " * 8)
        for cls, suffix in (("Page", ""), ("AsyncPage", "_async"))
    )
    if item == "Any":
        used.add("Any")
    return annotations, (expressions[0], expressions[1])


def _model(typ: Optional[ir.TypeRef], definitions: Mapping[str, ir.Definition]) -> Optional[ir.Model]:
    for _ in range(20):
        typ = typ.inner if isinstance(typ, ir.Nullable) else typ
        if not isinstance(typ, ir.Ref):
            return None
        definition = definitions.get(typ.name)
        if isinstance(definition, ir.Model):
            return definition
        typ = definition.type if isinstance(definition, ir.Alias) else None
    return None

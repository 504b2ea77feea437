"""How a list operation pages: `x-speakeasy-pagination`, else the common shapes inferred.

The extension is read as Speakeasy documents it (types offsetLimit, cursor and url; inputs
in the parameters or the request body; outputs as JSONPath). Without it, the shapes most
APIs use are recognised from the operation's parameters and its response (cursor +
`has_more`, offset or page + limit, a next-page URL in the body, a `Link` header); each
inferred paginator is a warning with its pointer, so none goes unnoticed. The config turns
inference off (`infer_pagination: false`) or takes one operation out (`no_pagination`).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.http import as_dict
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver

EXTENSION = "x-speakeasy-pagination"

# Normalised names (lower case, no `_`, `-`, `[`, `]`) of the parameters and fields of
# the common shapes.
_CURSOR_IN = ("after", "startingafter", "cursor", "pagetoken", "nextpagetoken", "nexttoken", "continuationtoken", "pageafter", "pagecursor", "marker")
_OFFSET_IN = ("offset", "skip", "start")
_PAGE_IN = ("page", "pagenumber", "pageno")
_LIMIT_IN = ("limit", "pagesize", "perpage", "maxresults", "pagelimit", "pagesize", "top")
_ITEMS_OUT = ("data", "items", "results", "records", "entries", "values", "list")
_CURSOR_OUT = ("nextcursor", "nextpagetoken", "nexttoken", "nextpage", "next", "endcursor", "lastid", "continuationtoken", "cursor", "nextmarker")
_HAS_MORE_OUT = ("hasmore", "hasnext", "hasnextpage", "more")
_TOTAL_OUT = ("total", "totalcount", "totalitems", "totalresults")
_PAGES_OUT = ("totalpages", "pagecount", "numpages")
_URL_OUT = ("nexturl", "nextpageurl", "nextpageuri", "nextlink", "nexthref", "next")
_ITEM_IDS = ("id", "_id")
# objects of a page that hold its paging state rather than items
_HOLDERS = ("meta", "metadata", "pagination", "paging", "pageinfo", "responsemetadata", "links", "cursors", "page")
_JSONPATH_STEP = re.compile(r"\.([A-Za-z0-9_$@-]+)|\[(-?\d+)\]|\[\(@\.length-(\d+)\)\]|\[['\"]([^'\"]+)['\"]\]")


def pagination(types: TypeBuilder, resolver: Resolver, loc: Located, op: ir.Operation, config: ir.SdkConfig) -> Optional[ir.Pagination]:
    """The operation's paginator: from the extension, else inferred (reported), else None."""
    if op.operation_id in config.no_pagination:
        return None
    if EXTENSION in loc.node:
        return _declared(types, loc.child(EXTENSION), op)
    if not config.infer_pagination or op.method != "GET" or op.stream is not None:
        return None
    found = _inferred(types, resolver, loc, op)
    if found is not None:
        types.warn(loc, f"paginated ({describe(found)}), inferred from its parameters and response; `no_pagination: [{op.operation_id}]` in the config turns it off")
    return found


def describe(p: ir.Pagination) -> str:
    """`cursor: after <- last_id, items data`: what a report or a page of the docs says."""
    if p.kind == "cursor":
        how = f"{p.param} <- {_show(p.next_cursor)}"
    elif p.kind in ("offset", "page"):
        how = p.param
    elif p.kind == "url":
        how = f"next URL {_show(p.next_url)}"
    else:
        how = 'Link header rel="next"'
    return f"{p.kind}: {how}, items {_show(p.results)}" if p.results else f"{p.kind}: {how}"


def _show(path: ir.JsonPath) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else ("." if i else "") + k for i, k in enumerate(path))


# --- x-speakeasy-pagination ----------------------------------------------------------


def _declared(types: TypeBuilder, ext: Located, op: ir.Operation) -> Optional[ir.Pagination]:
    try:
        return _parse_extension(types, as_dict(ext.node), op)
    except ValueError as exc:
        types.warn(ext, f"{EXTENSION}: {exc}; the method returns one page")
        return None


def _parse_extension(types: TypeBuilder, node: Dict[str, Any], op: ir.Operation) -> ir.Pagination:
    kind = node.get("type")
    outputs = as_dict(node.get("outputs"))
    inputs: Dict[str, str] = {}
    for item in node.get("inputs") or ():
        item = as_dict(item)
        role, name, where = str(item.get("type", "")), str(item.get("name", "")), str(item.get("in", "parameters"))
        if role not in ("offset", "page", "limit", "cursor"):
            raise ValueError(f"unknown input type {role!r} (offset, page, limit or cursor)")
        inputs[role] = _keyword(op, name, where)
    results = _jsonpath(outputs["results"]) if "results" in outputs else _default_results(types, op, outputs)
    limit = inputs.get("limit", "")
    if kind == "offsetLimit":
        if "offset" in inputs:
            return ir.Pagination("offset", EXTENSION, inputs["offset"], limit, results)
        if "page" in inputs:
            pages = _jsonpath(outputs["numPages"]) if "numPages" in outputs else ()
            return ir.Pagination("page", EXTENSION, inputs["page"], limit, results, pages=pages)
        raise ValueError("type offsetLimit needs an input of type offset or page")
    if kind == "cursor":
        if "cursor" not in inputs or "nextCursor" not in outputs:
            raise ValueError("type cursor needs an input of type cursor and the output nextCursor")
        return ir.Pagination("cursor", EXTENSION, inputs["cursor"], limit, results, _jsonpath(outputs["nextCursor"]))
    if kind == "url":
        if "nextUrl" not in outputs:
            raise ValueError("type url needs the output nextUrl")
        return ir.Pagination("url", EXTENSION, "", limit, results, next_url=_jsonpath(outputs["nextUrl"]), query=_query(op))
    raise ValueError(f"unknown type {kind!r} (offsetLimit, cursor or url)")


def _default_results(types: TypeBuilder, op: ir.Operation, outputs: Dict[str, Any]) -> ir.JsonPath:
    """Where the items are when the extension does not say (`outputs.results` is optional):
    the list a `nextCursor` path indexes (`$.data[-1].id`), else the response's list field
    (in it, or in one object it holds), else the response itself."""
    cursor = _jsonpath(outputs["nextCursor"]) if "nextCursor" in outputs else ()
    indexed = next((i for i, step in enumerate(cursor) if isinstance(step, int)), None)
    if indexed:
        return cursor[:indexed]
    model = _model(types, op.response.type if op.response else None)
    items = _items(model) if model is not None else None
    if items is not None:
        return (items.wire_name,)
    inner = [(f, _model(types, f.type)) for f in (model.fields if model else ())]
    found = [(f.wire_name, i.wire_name) for f, m in inner if m is not None and (i := _items(m)) is not None]
    return found[0] if len(found) == 1 else ()


def _keyword(op: ir.Operation, name: str, where: str) -> str:
    """The keyword argument of the parameter (`in: parameters`) or body field (`requestBody`) `name`."""
    body = where == "requestBody"
    if where not in ("parameters", "requestBody"):
        raise ValueError(f"input {name!r}: `in` must be parameters or requestBody, not {where!r}")
    for p in op.params:
        if p.wire_name == name and (p.location == "body") == body:
            return p.py_name
    place = "a field of the request body's keyword arguments" if body else "a parameter of the operation"
    raise ValueError(f"input {name!r} is not {place}")


def _jsonpath(text: Any) -> ir.JsonPath:
    """`$.data.items[-1].id` (also `[(@.length-1)]` and `['key']`) -> ("data", "items", -1, "id")."""
    source = str(text)
    if not source.startswith("$"):
        raise ValueError(f"{source!r} is not a JSONPath ($.field...)")
    steps: List[Any] = []
    rest = source[1:]
    while rest:
        match = _JSONPATH_STEP.match(rest)
        if match is None:
            raise ValueError(f"JSONPath {source!r}: cannot read {rest!r} (supported: .field, [index], [(@.length-1)], ['field'])")
        name, index, from_end, quoted = match.groups()
        steps.append(name if name is not None else int(index) if index is not None else -int(from_end) if from_end is not None else quoted)
        rest = rest[match.end():]
    return tuple(steps)


def _query(op: ir.Operation) -> Tuple[Tuple[str, str], ...]:
    return tuple((p.wire_name, p.py_name) for p in op.params if p.location == "query")


# --- inference --------------------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[_\-\[\]. ]", "", name).lower()


def _inferred(types: TypeBuilder, resolver: Resolver, loc: Located, op: ir.Operation) -> Optional[ir.Pagination]:
    response = op.response.type if op.response else None
    if isinstance(_resolved(types, response), ir.ListType):  # a bare list: only a Link header can page it
        return ir.Pagination("link", "inferred", query=_query(op)) if _declares_link(resolver, loc, op) else None
    model = _model(types, response)
    items = _items(model) if model is not None else None
    if model is None or items is None:
        return None
    found = _fields(types, model)
    fields = {name: field for name, (_, field) in found.items()}
    at = {name: path for name, (path, _) in found.items()}
    query = {_norm(p.wire_name): p for p in op.params if p.location == "query"}
    limit = next((query[n].py_name for n in _LIMIT_IN if n in query), "")
    has_more = next((at[n] for n in _HAS_MORE_OUT if n in fields and fields[n].type == ir.Primitive("bool")), ())
    results: ir.JsonPath = (items.wire_name,)
    url_name = next((n for n in _URL_OUT if n in fields and _is_url(fields[n], n)), None)
    url_field = fields[url_name] if url_name is not None else None
    cursor_in = next((query[n] for n in _CURSOR_IN if n in query and _is_scalar(query[n].type)), None)
    if cursor_in is not None and _norm(cursor_in.wire_name) == "marker" and any(n in query for n in _OFFSET_IN):
        cursor_in = None  # Box: markers only where asked for (`usemarker`); offsets page by default
    if cursor_in is None and "page" in query and query["page"].type == ir.Primitive("str"):
        cursor_in = query["page"]  # a page token, not a number
    if cursor_in is not None:
        cursor_out = next((n for n in _CURSOR_OUT if n in fields and fields[n] is not url_field and _is_scalar(fields[n].type)), None)
        if cursor_out is not None:
            return ir.Pagination("cursor", "inferred", cursor_in.py_name, limit, results, at[cursor_out], has_more)
        item_id = _item_id(types, items) if has_more else None
        if item_id is not None:
            return ir.Pagination("cursor", "inferred", cursor_in.py_name, limit, results, (items.wire_name, -1, item_id), has_more)
    if url_name is not None:
        return ir.Pagination("url", "inferred", "", limit, results, has_more=has_more, next_url=at[url_name], query=_query(op))
    if _declares_link(resolver, loc, op):
        return ir.Pagination("link", "inferred", "", limit, results, has_more=has_more, query=_query(op))
    total = next((at[n] for n in _TOTAL_OUT if n in fields and fields[n].type == ir.Primitive("int")), ())
    offset_in = next((query[n] for n in _OFFSET_IN if n in query and query[n].type == ir.Primitive("int")), None)
    if offset_in is not None:
        return ir.Pagination("offset", "inferred", offset_in.py_name, limit, results, has_more=has_more, total=total)
    page_in = next((query[n] for n in _PAGE_IN if n in query and query[n].type == ir.Primitive("int")), None)
    if page_in is not None:
        pages = next((at[n] for n in _PAGES_OUT if n in fields), ())
        return ir.Pagination("page", "inferred", page_in.py_name, limit, results, has_more=has_more, total=total, pages=pages)
    return None


def _fields(types: TypeBuilder, model: ir.Model, at: ir.JsonPath = ()) -> Dict[str, Tuple[ir.JsonPath, ir.Field]]:
    """The page's fields by normalized name, with their paths: its own, then those of the
    objects that usually hold the paging state (`meta`, `pagination`, `pageInfo`,
    `response_metadata`, `links`, `meta.cursors`...), two levels deep; the nearest wins."""
    found: Dict[str, Tuple[ir.JsonPath, ir.Field]] = {}
    nested = []
    for f in model.fields:
        found.setdefault(_norm(f.wire_name), (at + (f.wire_name,), f))
        holder = _model(types, f.type)
        if holder is not None and len(at) < 2 and _norm(f.wire_name) in _HOLDERS:
            nested.append(_fields(types, holder, at + (f.wire_name,)))
    for inner in nested:
        for name, entry in inner.items():
            found.setdefault(name, entry)
    return found


def _resolved(types: TypeBuilder, typ: Optional[ir.TypeRef]) -> Optional[ir.TypeRef]:
    """`typ` with named aliases followed."""
    for _ in range(20):
        definition = types.definitions.get(typ.name) if isinstance(typ, ir.Ref) else None
        if not isinstance(definition, ir.Alias):
            return typ
        typ = definition.type
    return typ


def _model(types: TypeBuilder, typ: Optional[ir.TypeRef]) -> Optional[ir.Model]:
    seen = 0
    typ = typ.inner if isinstance(typ, ir.Nullable) else typ
    while isinstance(typ, ir.Ref) and seen < 20:
        definition = types.definitions.get(typ.name)
        if isinstance(definition, ir.Model):
            return definition
        typ = definition.type if isinstance(definition, ir.Alias) else None
        seen += 1
    return None


def _items(model: ir.Model) -> Optional[ir.Field]:
    """The list of the page's items: a field named like one, else the only list field."""
    lists = [f for f in model.fields if isinstance(f.type, ir.ListType)]
    named = [f for f in lists if _norm(f.wire_name) in _ITEMS_OUT]
    if named:
        return named[0]
    return lists[0] if len(lists) == 1 else None


def _item_id(types: TypeBuilder, items: ir.Field) -> Optional[str]:
    """The wire name of the items' id, shared by every member of a union of items."""
    assert isinstance(items.type, ir.ListType)
    item = items.type.item
    definition = types.definitions.get(item.name) if isinstance(item, ir.Ref) else None
    members = definition.type.members if isinstance(definition, ir.Alias) and isinstance(definition.type, ir.UnionType) else (item,)
    found = set()
    for member in members:
        model = _model(types, member)
        names = [f.wire_name for f in model.fields] if model is not None else []
        # `id` or `_id`; else a first property named `<item>_id` (`file_id`), the usual primary key
        key = next((n for n in _ITEM_IDS if n in names), None)
        found.add(key or (names[0] if names and names[0].endswith("_id") else None))
    key = found.pop() if len(found) == 1 else None
    return key


def _is_scalar(typ: ir.TypeRef) -> bool:
    return typ in (ir.Primitive("str"), ir.Primitive("int"))


def _is_url(field: ir.Field, norm: str) -> bool:
    """A next-page URL: a string field named like one (`next` only when it says it is a URL)."""
    if field.type != ir.Primitive("str"):
        return False
    if norm != "next":
        return True
    text = (field.doc.description + " " + field.doc.summary).lower()
    return "url" in text or "uri" in text or "link" in text


def _declares_link(resolver: Resolver, loc: Located, op: ir.Operation) -> bool:
    if op.response is None:
        return False
    responses = as_dict(loc.node.get("responses"))
    key = op.response.status if op.response.status in responses else int(op.response.status) if op.response.status.isdigit() else None
    if key not in responses:
        return False
    headers = as_dict(resolver.deref(loc.child("responses", key)).node).get("headers")
    return any(str(name).lower() == "link" for name in as_dict(headers))

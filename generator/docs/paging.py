"""What the docs say about a paged method: the page type on its page, and the README's list."""

from __future__ import annotations

from typing import Callable, List, Mapping, Optional, Sequence

from openapi_sdkgen.docs import tables as md
from openapi_sdkgen.emit.paging import item_type
from openapi_sdkgen.model import ir
from openapi_sdkgen.model.pagination import describe


def page_response(op: ir.Operation, cells: md.TypeCells, definitions: Mapping[str, ir.Definition]) -> Optional[str]:
    """The `### Response` text of a paged method, or None when it does not page."""
    if op.pagination is None or op.response is None or op.response.type is None:
        return None
    result = cells.cell(op.response.type)
    item = item_type(op, definitions)
    each = cells.cell(item) if item is not None else "item"
    return (
        f"**Page[{result}, {each}]** (`AsyncPage` from `{op.py_name}_async`): the attributes of {result}; "
        f"iterating it yields every {each} of this page and the following ones, each page fetched as the loop reaches it; "
        f"`next()` returns the next page or `None`, `iter_pages()` yields the pages.\n\n"
        f"Pagination ({_source(op.pagination)}): {md.code_span(describe(op.pagination))}."
    )


def _source(p: ir.Pagination) -> str:
    return "`x-speakeasy-pagination`" if p.source != "inferred" else "inferred from the parameters and the response"


def paged_ops(resources: Sequence[ir.Resource], link: Callable[[ir.Resource, ir.Operation], str]) -> List[str]:
    """One README line per paged method: a link to its page and how it pages."""
    return [f"{link(resource, op)}: {md.code_span(describe(op.pagination))}" for resource in resources for op in resource.operations if op.pagination is not None]

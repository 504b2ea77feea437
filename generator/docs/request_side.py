"""README text about the request side: global parameters, and how writes are keyed for retries."""

from __future__ import annotations

from openapi_sdkgen.docs import tables as md
from openapi_sdkgen.model import ir


def globals_table(api: ir.Api) -> str:
    """The client's keywords of the spec's global parameters (`x-speakeasy-globals`), or ""."""
    if not api.globals:
        return ""
    rows = [["Keyword", "In", "Parameter", "Description"], ["---"] * 4]
    rows += [[f"`{g.py_name}`", g.location, md.code_span(g.wire_name), md.cell(g.doc.description, "")] for g in api.globals]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)  # unpadded: the README stays short


def idempotency_note(api: ir.Api) -> str:
    """How the SDK keys its writes, for the retries section: the config's header, else the
    operations' own idempotency header parameters, else nothing."""
    if api.config.idempotency_header:
        return f"a new `{api.config.idempotency_header}` on every `POST` and `PATCH`, the same on all attempts of a call"
    names = sorted({op.idempotency_header for op in api.operations if op.idempotency_header})
    if names:
        return "a new " + " / ".join(f"`{n}`" for n in names) + " on each call of an operation that declares one, the same on all its attempts"
    return ""

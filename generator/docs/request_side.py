"""README text about the request side: global parameters, and how writes are keyed for retries."""

from __future__ import annotations

from openapi_sdkgen.docs import tables as md
from openapi_sdkgen.model import ir


def globals_table(api: ir.Api) -> str:
    """The client's keywords of the spec's global parameters (`x-speakeasy-globals`), or ""."""
    rows = [[f"`{g.py_name}`", g.location, md.code_span(g.wire_name), md.cell(g.doc.description, "")] for g in api.globals]
    return md.table(["Keyword", "In", "Parameter", "Description"], rows) if rows else ""


def idempotency_note(api: ir.Api) -> str:
    """How the SDK keys its writes, for the retries section: the config's header, else the
    operations' own idempotency header parameters, else nothing."""
    if api.config.idempotency_header:
        return f"this SDK sends a fresh `{api.config.idempotency_header}` with every `POST` and `PATCH`, the same on all the attempts of one call"
    names = sorted({op.idempotency_header for op in api.operations if op.idempotency_header})
    if names:
        return "this SDK sends a fresh " + " / ".join(f"`{n}`" for n in names) + " with each call of an operation that declares it (unless you give one), the same on all its attempts"
    return ""

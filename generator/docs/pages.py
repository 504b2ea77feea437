"""Reference docs (README.md, USAGE.md, docs/sdks, docs/models) from the IR.

Every string a template prints is computed here or in `docs_tables`, `docs_snippets`,
`docs_nested` (the nested views) and `docs_readme` (README.md and USAGE.md);
the templates in templates/docs/ only lay the pages out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import jinja2

from openapi_sdkgen.docs import paging, runtime_tables, tables as md
from openapi_sdkgen.docs.names import PlaceNames, property_place
from openapi_sdkgen.docs.nested import NestedView
from openapi_sdkgen.docs.readme import Readme, ResourcePage, list_item, status_key
from openapi_sdkgen.docs.snippets import Snippets
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.emit.pytypes import MODEL, TypeRenderer
from openapi_sdkgen.model import ir

Files = Dict[str, str]

_RETRIES_ROW = ("`retries`", "[Optional[utils.RetryConfig]](../../models/utils/retryconfig.md)", md.MINUS,
                "Configuration to override the default retry behavior of the client.", "")


@dataclass(frozen=True)
class MethodView:
    name: str
    list_item: str  # its line under "Available Operations"
    description: str
    deprecated: bool
    operation_id: str  # escaped for the UsageSnippet comment
    method: str
    path: str
    snippet: str
    parameters: str
    response: str
    errors: str
    parameters_view: str  # the nested view of the arguments, fenced
    response_views: Tuple[Tuple[str, str], ...]  # (summary, fenced nested view) of the result and events


def render_docs(api: ir.Api, env: jinja2.Environment) -> Files:
    return _DocsRenderer(api, env).files()


def resource_pages(api: ir.Api) -> List[Tuple[str, str]]:
    """(title, path) of each resource's page, in the order of the API's resources."""
    return [(page.title, page.path) for page in _DocsRenderer(api, None).pages()]


class _DocsRenderer:
    def __init__(self, api: ir.Api, env: Optional[jinja2.Environment]) -> None:
        self.api = api
        self.env = env
        self.definitions = {d.name: d for d in api.definitions}
        self.model_files = _model_files(api.definitions)
        self.snippets = Snippets(api)
        self.places = PlaceNames(api.definitions)
        self.nested = NestedView(self.definitions, self.places)
        self.resources = tuple(r for r in api.root.walk() if r.operations)
        self.sdk_dirs = {r.path: r.class_name.lower() for r in self.resources}
        self.fallback_error = fallback_error(api.config, frozenset(e.class_name for op in api.operations for e in op.errors))

    def files(self) -> Files:
        files: Files = {}
        for resource in self.resources:
            files[f"docs/sdks/{self.sdk_dirs[resource.path]}/README.md"] = self._resource_page(resource)
        for definition in self.api.definitions:
            files[f"docs/models/{self.model_files[definition.name]}"] = self._model_page(definition)
        files["docs/models/file.md"] = self._render("docs/file.md.jinja", table=runtime_tables.file_table())
        files["docs/models/utils/retryconfig.md"] = self._render("docs/retryconfig.md.jinja", table=runtime_tables.retry_table(), package=self.api.config.package)
        files["docs/models/utils/backoffstrategy.md"] = self._render("docs/backoffstrategy.md.jinja", table=runtime_tables.backoff_table())
        readme = Readme(self.api, self.env, self.pages(), self.model_files)
        files["USAGE.md"] = readme.usage()
        files["README.md"] = readme.readme(files["USAGE.md"])
        return files

    def pages(self) -> List[ResourcePage]:
        return [ResourcePage(r, _resource_title(r, self.api.config.sdk_class), f"docs/sdks/{self.sdk_dirs[r.path]}/README.md") for r in self.resources]

    def _render(self, template: str, **context: object) -> str:
        assert self.env is not None
        return self.env.get_template(template).render(**context)

    # --- docs/sdks -----------------------------------------------------------------

    def _resource_page(self, resource: ir.Resource) -> str:
        title = _resource_title(resource, self.api.config.sdk_class)
        accessor = ""
        if self.api.config.docs_layout == "current" and resource.path:  # `# Images` and `(*images*)`
            title, accessor = title.rsplit(".", 1)[-1], md.plain(".".join(resource.path))
        methods = [self._method(op) for op in resource.operations]
        return self._render("docs/sdk_page.md.jinja", title=title, accessor=accessor, methods=methods, deprecated=md.DEPRECATED)

    def _method(self, op: ir.Operation) -> MethodView:
        call = self.snippets.call(op, stream=op.stream is not None)
        return MethodView(
            name=op.py_name,
            list_item=list_item(op.py_name, f"#{op.py_name}", op.doc),
            description=md.block(op.doc.description or op.doc.summary),
            deprecated=op.doc.deprecated,
            operation_id=md.html_attribute(op.operation_id),
            method=md.html_attribute(op.method.lower()),
            path=md.html_attribute(op.path),
            snippet=self.snippets.program(call),
            parameters=self._parameters(op),
            response=self._response(op),
            errors=_errors_table(op, self.fallback_error),
            parameters_view=md.fenced(self.nested.parameters(op)),
            response_views=self._response_views(op),
        )

    def _response_views(self, op: ir.Operation) -> Tuple[Tuple[str, str], ...]:
        views = []
        place = f"{op.pointer}/responses" if op.pointer else ""
        if op.response is not None:
            views.append(("Show Response", self.nested.response(op.response.type, place)))
        if op.stream is not None:
            views.append(("Show Events", self.nested.response(op.stream.type, place)))
        return tuple((summary, md.fenced(view)) for summary, view in views if view)

    def _cells(self, base: str) -> md.TypeCells:
        return md.TypeCells(lambda name: base + self.model_files[name], base + "file.md")

    def _parameters(self, op: ir.Operation) -> str:
        cells = self._cells("../../models/")
        rows = []
        for p in op.params:
            t = self.places.at(p.type, self.nested.parameter_place(op, p))
            rows.append(md.row(p.py_name, cells.of(t, p.required, p.nullable), p.required, p.doc))
        return md.field_table("Parameter", rows + [list(_RETRIES_ROW)])

    def _response(self, op: ir.Operation) -> str:
        cells = self._cells("../../models/")
        lines = []
        place = f"{op.pointer}/responses" if op.pointer else ""
        paged = paging.page_response(op, cells, self.definitions)
        if paged is not None:
            lines.append(paged)
        elif op.response is not None and op.response.type is not None:
            lines.append(_bold(cells.cell(self.places.at(op.response.type, place))))
        elif op.stream is None:
            lines.append("**None**")
        if op.stream is not None:
            stream = _bold(_event_stream(cells.cell(self.places.at(op.stream.type, place))))
            lines.append(f"With `{op.stream.switch}=True`: {stream}" if op.stream.switch else stream)
        return "\n\n".join(lines)

    # --- docs/models ------------------------------------------------------------------

    def _model_page(self, definition: ir.Definition) -> str:
        target = ir.target_of(definition)
        if target is not None:  # another name for a definition: its page, under this name and place
            return self._model_page(replace(self.definitions[target], name=definition.name, pointer=definition.pointer))
        description = md.block(definition.doc.description or definition.doc.summary)
        common = {"name": definition.name, "description": description, "deprecated": definition.doc.deprecated and md.DEPRECATED}
        if isinstance(definition, ir.Enum):
            values = [md.code_span(pytext.literal(v)) for v in definition.values]
            example = f"from {self.api.config.package}.models import {definition.name}\n\nvalue: {definition.name} = {pytext.literal(definition.values[0])}\n"
            return self._render("docs/enum.md.jinja", example=example, values=values, **common)
        if isinstance(definition, ir.Alias):
            return self._render("docs/union.md.jinja", members=self._union_members(definition), **common)
        cells = self._cells("")
        rows = []
        for f in definition.fields:
            t = self.places.at(f.type, property_place(definition.pointer, f.wire_name))
            rows.append(md.row(f.py_name, cells.of(t, f.required, f.nullable), f.required, f.doc))
        return self._render("docs/model.md.jinja", table=md.field_table("Field", rows), **common)

    def _union_members(self, alias: ir.Alias) -> List[Tuple[str, str]]:
        """(heading code span, python block) per member, Speakeasy style."""
        renderer = TypeRenderer(self.definitions, frozenset(), prefix="models.")
        t = self.places.at(alias.type, alias.pointer)
        members = t.members if isinstance(t, ir.UnionType) else (t,)
        found = []
        for member in members:
            annotation = renderer.render(member, MODEL, set())
            found.append((md.code_span(annotation), f"value: {annotation} = /* values here */\n"))
        return found

# --- helpers ---------------------------------------------------------------------------


def _model_files(definitions: Sequence[ir.Definition]) -> Dict[str, str]:
    """Definition name -> file name; names are already unique ignoring case (naming.Registry)."""
    taken = {"file.md"}
    files = {}
    for d in definitions:
        stem, n = d.name.lower(), 1
        while f"{stem}.md" in taken:
            n += 1
            stem = f"{d.name.lower()}{n}"
        taken.add(f"{stem}.md")
        files[d.name] = f"{stem}.md"
    return files


def _resource_title(resource: ir.Resource, sdk_class: str) -> str:
    """`Chat.Completions`; the SDK class itself for top-level operations."""
    if not resource.path:
        return sdk_class
    return ".".join("".join(w[:1].upper() + w[1:] for w in segment.split("_")) for segment in resource.path)


def _bold(cell: str) -> str:
    if cell.startswith("*") and cell.endswith("*"):
        return f"**{cell[1:-1]}**"  # an italic primitive becomes plain bold
    return f"**{cell}**"


def _event_stream(cell: str) -> str:
    """Wrap a type cell in `utils.EventStream[...]`, inside the link text when it is a link."""
    if cell.startswith("[") and "](" in cell and cell.endswith(")"):
        text, href = cell[1:].split("](", 1)
        return f"[utils.EventStream[{text}]]({href}"
    if cell.startswith("*") and cell.endswith("*"):
        return f"*utils.EventStream[{cell[1:-1]}]*"
    return f"utils.EventStream[{cell}]"


def fallback_error(config: ir.SdkConfig, declared: FrozenSet[str]) -> str:
    """The error class the docs name for undeclared statuses: `APIError`, or in the current
    layout `<sdk_class>DefaultError` (an alias of it) unless a declared class has that name."""
    name = f"{config.sdk_class}DefaultError"
    return name if config.docs_layout == "current" and name not in declared else "APIError"


def _errors_table(op: ir.Operation, fallback: str) -> str:
    declared = sorted((e for e in op.errors if e.class_name != "APIError"), key=lambda e: status_key(e.status))
    rows = [[f"errors.{e.class_name}", md.plain(e.status), md.plain(e.content_type)] for e in declared]
    rows.append([f"errors.{fallback}", "4XX, 5XX", md.plain("*/*")])
    return md.table(["Error Type", "Status Code", "Content Type"], rows)

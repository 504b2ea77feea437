"""Reference docs (README.md, USAGE.md, docs/sdks, docs/models) from the IR.

Every string a template prints is computed here or in `docs_tables` / `docs_snippets`;
the templates in templates/docs/ only lay the pages out.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import jinja2

from openapi_sdkgen.model import ir
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.docs import paging, request_side, runtime_tables, tables as md
from openapi_sdkgen.docs.snippets import Call, Snippets
from openapi_sdkgen.emit.sdk import default_retry_expr
from openapi_sdkgen.docs.examples import Code
from openapi_sdkgen.emit.pytypes import MODEL, TypeRenderer

Files = Dict[str, str]

_RETRIES_ROW = ("`retries`", "[Optional[utils.RetryConfig]](../../models/utils/retryconfig.md)", md.MINUS,
                "Configuration to override the default retry behavior of the client.", "")
_EXAMPLE_RETRY = (("retries", Code('RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)')),)
_EXAMPLE_RETRY_CONFIG = 'retry_config=RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)'
_ATX = re.compile(r"^(#{1,6}) (.*)$")


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


@dataclass(frozen=True)
class ResourceLink:
    heading: str  # "###" or "####"
    title: str
    href: str
    items: Tuple[str, ...]


def render_docs(api: ir.Api, env: jinja2.Environment) -> Files:
    return _DocsRenderer(api, env).files()


class _DocsRenderer:
    def __init__(self, api: ir.Api, env: jinja2.Environment) -> None:
        self.api = api
        self.env = env
        self.definitions = {d.name: d for d in api.definitions}
        self.model_files = _model_files(api.definitions)
        self.snippets = Snippets(api)
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
        usage = self._render("docs/usage_block.md.jinja", **self._usage_snippets())
        files["USAGE.md"] = usage
        files["README.md"] = self._readme(usage)
        return files

    def _render(self, template: str, **context: object) -> str:
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
            list_item=_list_item(op.py_name, f"#{op.py_name}", op.doc),
            description=md.block(op.doc.description or op.doc.summary),
            deprecated=op.doc.deprecated,
            operation_id=md.html_attribute(op.operation_id),
            method=md.html_attribute(op.method.lower()),
            path=md.html_attribute(op.path),
            snippet=self.snippets.program(call),
            parameters=self._parameters(op),
            response=self._response(op),
            errors=_errors_table(op, self.fallback_error),
        )

    def _cells(self, base: str) -> md.TypeCells:
        return md.TypeCells(lambda name: base + self.model_files[name], base + "file.md")

    def _parameters(self, op: ir.Operation) -> str:
        cells = self._cells("../../models/")
        rows = [md.row(p.py_name, cells.of(p.type, p.required, p.nullable), p.required, p.doc) for p in op.params]
        return md.field_table("Parameter", rows + [list(_RETRIES_ROW)])

    def _response(self, op: ir.Operation) -> str:
        cells = self._cells("../../models/")
        lines = []
        paged = paging.page_response(op, cells, self.definitions)
        if paged is not None:
            lines.append(paged)
        elif op.response is not None and op.response.type is not None:
            lines.append(_bold(cells.cell(op.response.type)))
        elif op.stream is None:
            lines.append("**None**")
        if op.stream is not None:
            stream = _bold(_event_stream(cells.cell(op.stream.type)))
            lines.append(f"With `{op.stream.switch}=True`: {stream}" if op.stream.switch else stream)
        return "\n\n".join(lines)

    # --- docs/models ------------------------------------------------------------------

    def _model_page(self, definition: ir.Definition) -> str:
        target = ir.target_of(definition)
        if target is not None:  # another name for a definition: its page, under this name
            return self._model_page(replace(self.definitions[target], name=definition.name))
        description = md.block(definition.doc.description or definition.doc.summary)
        common = {"name": definition.name, "description": description, "deprecated": definition.doc.deprecated and md.DEPRECATED}
        if isinstance(definition, ir.Enum):
            values = [md.code_span(pytext.literal(v)) for v in definition.values]
            example = f"from {self.api.config.package}.models import {definition.name}\n\nvalue: {definition.name} = {pytext.literal(definition.values[0])}\n"
            return self._render("docs/enum.md.jinja", example=example, values=values, **common)
        if isinstance(definition, ir.Alias):
            return self._render("docs/union.md.jinja", members=self._union_members(definition), **common)
        cells = self._cells("")
        rows = [md.row(f.py_name, cells.of(f.type, f.required, f.nullable), f.required, f.doc) for f in definition.fields]
        return self._render("docs/model.md.jinja", table=md.field_table("Field", rows), **common)

    def _union_members(self, alias: ir.Alias) -> List[Tuple[str, str]]:
        """(heading code span, python block) per member, Speakeasy style."""
        renderer = TypeRenderer(self.definitions, frozenset(), prefix="models.")
        members = alias.type.members if isinstance(alias.type, ir.UnionType) else (alias.type,)
        found = []
        for member in members:
            annotation = renderer.render(member, MODEL, set())
            found.append((md.code_span(annotation), f"value: {annotation} = /* values here */\n"))
        return found

    # --- README and USAGE ----------------------------------------------------------------

    def _usage_op(self) -> Optional[ir.Operation]:
        """The operation the README shows: the first whose plain call returns one result."""
        ops = self.api.operations
        plain = [op for op in ops if not (op.stream and not op.stream.switch)]
        return next(iter(plain or ops), None)

    def _usage_call(self) -> Optional[Call]:
        op = self._usage_op()
        return self.snippets.call(op) if op is not None else None

    def _usage_snippets(self) -> Dict[str, str]:
        call = self._usage_call()
        if call is None:
            return {"sync": "", "async_": ""}
        return {
            "sync": self.snippets.program(call, header="# Synchronous Example"),
            "async_": self.snippets.async_program(call, header="# Asynchronous Example"),
        }

    def _readme(self, usage: str) -> str:
        sections = self._render("docs/readme_sections.md.jinja", usage=usage, **self._readme_context())
        title = self.api.config.distribution
        return self._render(
            "docs/readme.md.jinja",
            title=title,
            description=md.line(self.api.config.description),
            summary=_summary(self.api),
            toc=_toc(title, sections),
            sections=sections,
        )

    def _readme_context(self) -> Dict[str, object]:
        call = self._usage_call()
        config = self.api.config
        context: Dict[str, object] = {
            "config": config,
            "has_ops": call is not None,
            "server_url": self.api.server_url,
            "server_var": f"{config.env_prefix}_SERVER_URL",
            "debug_var": f"{config.env_prefix}_DEBUG",
            "api_key_var": self.snippets.env,
            "sdk_var": self.snippets.var,
            "security_table": _security_table(self.api.security, self.snippets.env),
            "security_description": md.block(self.api.security.doc.description) if self.api.security else "",
            "resources": self._resource_links(),
            "retry": _retry_defaults(self.api),
            "globals_table": request_side.globals_table(self.api),
            "error_classes": self._error_classes(),
            "error_fields": runtime_tables.error_fields_table(),
        }
        if call is None:
            return context
        snippets = self.snippets
        error = next((e for e in call.op.errors if e.class_name != "APIError"), None)
        context.update(
            auth=snippets.program(call),
            retry_call=snippets.program(snippets.call(call.op, extra=_EXAMPLE_RETRY)),
            retry_client=snippets.program(call, client_args=[_EXAMPLE_RETRY_CONFIG], imports=[snippets.retry_import]),
            errors=snippets.error_program(call, error),
            server=snippets.program(call, client_args=[f"server_url={pytext.string(self.api.server_url)}"]),
            custom_client=snippets.custom_client_program(call),
            resource=snippets.resource_program(call),
            debug=snippets.debug_program(call),
            raw=snippets.raw_program(call),
        )
        stream_op = next((op for op in self.api.operations if op.stream), None)
        if stream_op is not None:
            context.update(stream=snippets.program(snippets.call(stream_op, stream=True)), stream_ops=self._stream_ops())
        paged_op = next((op for op in self.api.operations if op.pagination is not None), None)
        if paged_op is not None:
            context.update(pagination=snippets.program(snippets.call(paged_op)), paged_ops=paging.paged_ops(self.resources, self._op_link))
        file_op = next((op for op in self.api.operations if self._takes_file(op)), None)
        if file_op is not None:
            context.update(upload=snippets.program(snippets.call(file_op, files=True)))
        return context

    def _resource_links(self) -> List[ResourceLink]:
        links = []
        for resource in self.resources:
            base = f"docs/sdks/{self.sdk_dirs[resource.path]}/README.md"
            items = tuple(_list_item(op.py_name, f"{base}#{op.py_name}", op.doc) for op in resource.operations)
            heading = "###" if len(resource.path) <= 1 else "####"
            links.append(ResourceLink(heading, _resource_title(resource, self.api.config.sdk_class), base, items))
        return links

    def _op_link(self, resource: ir.Resource, op: ir.Operation) -> str:
        return f"[`{self.snippets.targets[op.operation_id]}`](docs/sdks/{self.sdk_dirs[resource.path]}/README.md#{op.py_name})"

    def _stream_ops(self) -> List[str]:
        found = []
        for resource in self.resources:
            for op in resource.operations:
                if op.stream is not None:
                    target = self.snippets.targets[op.operation_id]
                    how = f" (with `{op.stream.switch}=True`)" if op.stream.switch else ""
                    if not op.stream.switch and any(r.kind == "binary" for r in op.responses):
                        how = " (when the server answers with events; else its bytes)"
                    found.append(f"[`{target}`](docs/sdks/{self.sdk_dirs[resource.path]}/README.md#{op.py_name}){how}")
        return found

    def _takes_file(self, op: ir.Operation) -> bool:
        return any(_mentions_file(p.type, self.definitions, frozenset()) for p in op.params)

    def _error_classes(self) -> List[str]:
        """One line per declared error class: its status and how many methods raise it."""
        seen: Dict[str, Tuple[ir.ErrorResponse, int]] = {}
        for op in self.api.operations:
            for err in op.errors:
                if err.class_name != "APIError":
                    first, count = seen.get(err.class_name, (err, 0))
                    seen[err.class_name] = (first, count + 1)
        total = len(self.api.operations)
        lines = []
        for name, (err, count) in sorted(seen.items(), key=lambda item: (_status_key(item[1][0].status), item[0])):
            data = f" Its `data` is a [models.{err.type.name}](docs/models/{self.model_files[err.type.name]})." if isinstance(err.type, ir.Ref) else ""
            lines.append(f"* `errors.{name}`: Status code `{err.status}`. Applicable to {count} of {total} methods.{data}")
        return lines


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


def _list_item(name: str, href: str, doc: ir.Doc) -> str:
    label = f"~~{name}~~" if doc.deprecated else name
    summary = " ".join(md.inline(doc.summary or doc.description.strip().split("\n")[0]).split())
    item = f"* [{label}]({href})" + (f" - {summary}" if summary else "")
    return item + (" :warning: **Deprecated**" if doc.deprecated else "")


def _summary(api: ir.Api) -> str:
    """`Title: description`, Speakeasy style; a description of several lines gets its own paragraph."""
    title, description = md.line(api.title), md.block(api.doc.description)
    if not description:
        return title
    return f"{title}: {description}" if "\n" not in description else f"{title}\n\n{description}"


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


def _status_key(status: str) -> Tuple[int, str]:
    return (int(status), status) if status.isdigit() else (1000, status)


def fallback_error(config: ir.SdkConfig, declared: FrozenSet[str]) -> str:
    """The error class the docs name for undeclared statuses: `APIError`, or in the current
    layout `<sdk_class>DefaultError` (an alias of it) unless a declared class has that name."""
    name = f"{config.sdk_class}DefaultError"
    return name if config.docs_layout == "current" and name not in declared else "APIError"


def _errors_table(op: ir.Operation, fallback: str) -> str:
    declared = sorted((e for e in op.errors if e.class_name != "APIError"), key=lambda e: _status_key(e.status))
    rows = [[f"errors.{e.class_name}", md.plain(e.status), md.plain(e.content_type)] for e in declared]
    rows.append([f"errors.{fallback}", "4XX, 5XX", md.plain("*/*")])
    return md.table(["Error Type", "Status Code", "Content Type"], rows)


def _mentions_file(t: ir.TypeRef, definitions: Dict[str, ir.Definition], seen: FrozenSet[str]) -> bool:
    """Whether a value of `t` can hold a file (through models, lists and unions)."""
    if isinstance(t, ir.FileType):
        return True
    if isinstance(t, (ir.ListType, ir.Nullable)):
        return _mentions_file(t.item if isinstance(t, ir.ListType) else t.inner, definitions, seen)
    if isinstance(t, ir.UnionType):
        return any(_mentions_file(m, definitions, seen) for m in t.members)
    if isinstance(t, ir.Ref) and t.name not in seen:
        d = definitions.get(t.name)
        if isinstance(d, ir.Model):
            return any(isinstance(f.type, ir.FileType) for f in d.fields)
        if isinstance(d, ir.Alias):
            return _mentions_file(d.type, definitions, seen | {t.name})
    return False


def _toc(title: str, sections: str) -> str:
    """The table of contents from the level-2 headings actually rendered (not in code)."""
    lines = [f"* [{title}](#{md.slug(title)})"]
    in_code = False
    for line in sections.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            continue
        match = _ATX.match(line)
        if match and not in_code and len(match.group(1)) == 2:
            lines.append(f"  * [{match.group(2)}](#{md.slug(match.group(2))})")
    return "\n".join(lines)


def _security_table(security: Optional[ir.Security], env: str) -> str:
    if security is None:
        return ""
    kind, scheme = {
        "bearer": ("http", "HTTP Bearer"),
        "header": ("apiKey", f"API key (`{security.header_name}` header)"),
        "query": ("apiKey", f"API key (`{security.header_name}`)"),
    }.get(security.kind, (security.kind, security.kind))
    return md.table(["Name", "Type", "Scheme", "Environment Variable"], [["`api_key`", kind, scheme, f"`{env}`"]])


def _retry_defaults(api: ir.Api) -> Dict[str, str]:
    """The client's default retry policy, exactly as the SDK constructor spells it."""
    expression, codes_text = default_retry_expr(api.retries)
    codes = [str(c) for c in ast.literal_eval(codes_text)]
    policy = api.retries
    return {
        "expression": expression,
        "codes": ", ".join(f"`{c}`" for c in codes),
        "connection": "yes" if (policy.retry_connection_errors if policy else True) else "no",
        "idempotency": request_side.idempotency_note(api),
    }


def _idempotency_note(api: ir.Api) -> str:
    """How the SDK keys its writes, for the retries section: the config's header, else the
    operations' own idempotency header parameters, else nothing."""
    if api.config.idempotency_header:
        return f"this SDK sends a fresh `{api.config.idempotency_header}` with every `POST` and `PATCH`, the same on all the attempts of one call"
    names = sorted({op.idempotency_header for op in api.operations if op.idempotency_header})
    if names:
        return "this SDK sends a fresh " + " / ".join(f"`{n}`" for n in names) + " with each call of an operation that declares it (unless you give one), the same on all its attempts"
    return ""

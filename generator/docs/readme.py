"""The SDK's README.md and USAGE.md: every string their templates print.

Each README section shows its own point with its own short program: the usage call
with its required arguments only (the resource pages show the full examples), plus
what the section is about (retries, a timeout, a hook, ...). Links go to the files
beside the README, or, when the config names the repository, to the files there: the
README is also the package's long description on the index, where relative links
dangle.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

import jinja2

from openapi_sdkgen.docs import access, paging, request_side, tables as md
from openapi_sdkgen.docs.calls import render
from openapi_sdkgen.docs.examples import Code
from openapi_sdkgen.docs.snippets import Call, Snippets
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.emit.sdk import default_retry_expr
from openapi_sdkgen.model import ir

_EXAMPLE_RETRY_CONFIG = 'retry_config=RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)'
_EXAMPLE_HEADERS = ("http_headers", Code('{"x-request-source": "docs"}'))
_ATX = re.compile(r"^(#{1,6}) (.*)$")


@dataclass(frozen=True)
class ResourceLink:
    heading: str  # "###" or "####"
    title: str
    href: str
    items: Tuple[str, ...]


@dataclass(frozen=True)
class ResourcePage:
    """What the README needs to know of one resource's page."""

    resource: ir.Resource
    title: str
    path: str  # docs/sdks/<dir>/README.md


class Readme:
    def __init__(self, api: ir.Api, env: Optional[jinja2.Environment], pages: Sequence[ResourcePage], model_files: Mapping[str, str]) -> None:
        self.api = api
        self.env = env
        self.usage_snippets = Snippets(api, compact=True)
        self.snippets = Snippets(api, compact=True, key_arg=False)  # the client reads the key from the environment
        self.pages = pages
        self.model_files = model_files
        self.definitions = {d.name: d for d in api.definitions}
        base = api.config.repository.rstrip("/")  # HEAD: the repository's default branch
        self.link: Callable[[str], str] = (lambda path: f"{base}/blob/HEAD/{path}") if base else (lambda path: path)

    def usage(self) -> str:
        return self._render("docs/usage_block.md.jinja", **self._usage_snippets())

    def readme(self, usage: str) -> str:
        sections = self._render("docs/readme_sections.md.jinja", usage=usage, **self._context())
        title = self.api.config.distribution
        return self._render(
            "docs/readme.md.jinja",
            title=title,
            description=md.line(self.api.config.description),
            summary=_summary(self.api),
            toc=_toc(title, sections),
            sections=sections,
        )

    def _render(self, template: str, **context: object) -> str:
        assert self.env is not None
        return self.env.get_template(template).render(**context)

    # --- the example call -------------------------------------------------------------

    def _usage_op(self) -> Optional[ir.Operation]:
        """The operation the README shows: of those whose plain call returns one result, the
        one with the shortest call (the first of them on a tie), an upload only when all are."""
        ops = self.api.operations
        plain = [op for op in ops if not (op.stream and not op.stream.switch)] or list(ops)
        plain = [op for op in plain if not self._takes_file(op)] or plain
        return min(plain, key=self._call_length, default=None)

    def _call_length(self, op: ir.Operation) -> int:
        return sum(len(name) + len(render(value)) for name, value in self.snippets.call(op, short=True).args.args)

    def _usage_call(self, extra: Sequence[Tuple[str, Code]] = ()) -> Optional[Call]:
        op = self._usage_op()
        return self.snippets.call(op, extra=extra, short=True) if op is not None else None

    def _usage_snippets(self) -> Dict[str, str]:
        call = self._usage_call()
        if call is None:
            return {"sync": "", "async_": ""}
        return {
            "sync": self.usage_snippets.program(call, header="# Synchronous Example"),
            "async_": self.usage_snippets.async_program(call, header="# Asynchronous Example"),
        }

    def _server_example(self) -> str:
        """The server URL the examples pass: the spec's, or a placeholder when it names none."""
        return self.api.server_url or "https://api.example.com"

    # --- sections ------------------------------------------------------------------------

    def _context(self) -> Dict[str, object]:
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
            "security_table": access.security_table(self.api, self.snippets.env),
            "security_note": access.security_note(self.api),
            "servers_table": access.servers_table(self.api),
            "own_servers": any(op.server is not None for op in self.api.operations),
            "security_description": md.block(self.api.security.doc.description) if self.api.security else "",
            "resources": self._resource_links(),
            "retry": _retry_defaults(self.api),
            "globals_table": request_side.globals_table(self.api),
            "error_classes": self._error_classes(),
            "links": {name: self.link(path) for name, path in (("retry_config", "docs/models/utils/retryconfig.md"),
                                                                ("backoff", "docs/models/utils/backoffstrategy.md"),
                                                                ("file", "docs/models/file.md"))},
            "default_timeout": self.api.timeout_ms,
        }
        if call is None:
            return context
        snippets = self.snippets
        op = call.op
        error = next((e for e in op.errors if e.class_name != "APIError"), None)
        options = self._usage_call(extra=(("timeout_ms", Code("5000")), _EXAMPLE_HEADERS, ("retries", Code("None")),
                                          ("server_url", Code(pytext.string(self._server_example())))))
        retries = self._usage_call()
        assert options is not None and retries is not None
        context.update(
            target=snippets.targets[op.operation_id],
            retries_program=snippets.program(retries, client_args=[_EXAMPLE_RETRY_CONFIG], imports=[snippets.retry_import]),
            options=snippets.program(options),
            errors=snippets.error_program(call, error),
            server=snippets.program(call, client_args=[f"server_url={pytext.string(self._server_example())}"]),
            custom_client=snippets.custom_client_program(call),
            hooks=snippets.hooks_program(call),
            debug=snippets.debug_program(call),
            raw=snippets.raw_program(call),
        )
        stream_op = next((op for op in self.api.operations if op.stream), None)
        if stream_op is not None:
            context.update(stream=snippets.program(snippets.call(stream_op, stream=True, short=True)), stream_ops=self._stream_ops())
        paged_op = next((op for op in self.api.operations if op.pagination is not None), None)
        if paged_op is not None:
            resources = [page.resource for page in self.pages]
            context.update(pagination=snippets.program(snippets.call(paged_op, short=True)), paged_ops=paging.paged_ops(resources, self._op_link))
        file_op = next((op for op in self.api.operations if self._takes_file(op)), None)
        if file_op is not None:
            context.update(upload=snippets.program(snippets.call(file_op, files=True, short=True)))
        return context

    def _resource_links(self) -> List[ResourceLink]:
        links = []
        for page in self.pages:
            base = self.link(page.path)
            items = tuple(list_item(op.py_name, f"{base}#{op.py_name}", op.doc) for op in page.resource.operations)
            heading = "###" if len(page.resource.path) <= 1 else "####"
            links.append(ResourceLink(heading, page.title, base, items))
        return links

    def _op_link(self, resource: ir.Resource, op: ir.Operation) -> str:
        page = next(p for p in self.pages if p.resource is resource)
        return f"[`{self.snippets.targets[op.operation_id]}`]({self.link(page.path)}#{op.py_name})"

    def _stream_ops(self) -> List[str]:
        found = []
        for page in self.pages:
            for op in page.resource.operations:
                if op.stream is not None:
                    how = f" (with `{op.stream.switch}=True`)" if op.stream.switch else ""
                    if not op.stream.switch and any(r.kind == "binary" for r in op.responses):
                        how = " (when the server answers with events; else its bytes)"
                    found.append(self._op_link(page.resource, op) + how)
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
        for name, (err, count) in sorted(seen.items(), key=lambda item: (status_key(item[1][0].status), item[0])):
            data = ""
            if isinstance(err.type, ir.Ref):
                data = f" Its `data` is a [models.{err.type.name}]({self.link('docs/models/' + self.model_files[err.type.name])})."
            lines.append(f"* `errors.{name}`: Status code `{err.status}`. Applicable to {count} of {total} methods.{data}")
        return lines


# --- helpers ---------------------------------------------------------------------------


def list_item(name: str, href: str, doc: ir.Doc) -> str:
    label = f"~~{name}~~" if doc.deprecated else name
    summary = " ".join(md.inline(doc.summary or doc.description.strip().split("\n")[0]).split())
    item = f"* [{label}]({href})" + (f" - {summary}" if summary else "")
    return item + (" :warning: **Deprecated**" if doc.deprecated else "")


def status_key(status: str) -> Tuple[int, str]:
    return (int(status), status) if status.isdigit() else (1000, status)


def _summary(api: ir.Api) -> str:
    """`Title: description`, Speakeasy style; a description of several lines gets its own paragraph."""
    title, description = md.line(api.title), md.block(api.doc.description)
    if not description:
        return title
    return f"{title}: {description}" if "\n" not in description else f"{title}\n\n{description}"


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

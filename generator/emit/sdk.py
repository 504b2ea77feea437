"""View data for the SDK class, resource classes, errors and package modules.

One view per operation serves both the sync and the async method: the template renders
it twice, and the two differ only in `async`/`await` and the event-stream class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Set, Tuple

from openapi_sdkgen.emit import fit, paging, pytext
from openapi_sdkgen.emit.client_init import requirement_expr
from openapi_sdkgen.emit.requests import content_type_name, request_parts
from openapi_sdkgen.model import ir
from openapi_sdkgen.emit.pytypes import MODEL, PARAM, TypeRenderer, annotated_field

_OPTIONS = (
    ("retries", "OptionalNullable[RetryConfig]", "UNSET", "Configuration to override the default retry behavior of the client."),
    ("server_url", "Optional[str]", "None", "Override the default server URL for this call."),
    ("timeout_ms", "Optional[int]", "None", "Override the default request timeout, in milliseconds."),
    ("http_headers", "Optional[Mapping[str, str]]", "None", "Additional headers to send with this call."),
    ("extra_query", "Optional[Mapping[str, Any]]", "None", "Additional query parameters to send with this call (those the API does not declare)."),
    ("extra_body", "Optional[Mapping[str, Any]]", "None", "Additional body fields to send with this call (those the API does not declare)."),
)



_ARGS = " " * 12  # the indentation of the arguments of a method's `self._client.send(...)`


@dataclass(frozen=True)
class ParamView:
    name: str
    annotation: str
    default: str


@dataclass(frozen=True)
class SignatureView:
    params: Tuple[ParamView, ...]
    returns: str
    async_returns: str

    @classmethod
    def of(cls, params: Tuple[ParamView, ...], returns: str, async_returns: str) -> "SignatureView":
        """A signature whose return annotations are laid out to fit after `    ) -> `."""
        return cls(params, *(fit.subscript(r, ") -> ", "    ", ": ...") for r in (returns, async_returns)))


@dataclass(frozen=True)
class ParamsClassView:
    """The TypedDict of a method's keyword arguments but its stream switch, which the
    method's overloads take as `**params` instead of repeating each one. It is defined for
    type checkers only: at run time its string annotations would cost a compile each."""

    name: str
    docstring: str
    fields: Tuple[ParamView, ...]


@dataclass(frozen=True)
class OperationView:
    name: str
    constant: str
    definition: str  # the `Operation(...)` expression
    docstring: str
    signature: SignatureView
    params_class: Optional[ParamsClassView]
    overloads: Tuple[Tuple[str, str], ...]  # (sync, async) `@overload` stubs: `def ...: ...`
    call_args: Tuple[str, ...]
    result: Tuple[str, str]  # (sync, async) expressions of the result that is not an event stream
    stream_results: Tuple[str, str]  # (sync, async) event-stream expressions, or ("", "")
    stream_switch: str  # the condition under which the result is an event stream, or ""
    decorator: str  # `@deprecated(...)` for a deprecated operation, else ""
    paging: str = ""  # `<constant>_PAGING = utils.Paging(...)` of a paged operation, else ""


@dataclass(frozen=True)
class ChildView:
    attr: str
    class_name: str
    module: str


@dataclass(frozen=True)
class ResourceView:
    class_name: str
    module: str
    docstring: str
    children: Tuple[ChildView, ...]
    operations: Tuple[OperationView, ...]
    imports: Tuple[str, ...]
    is_root: bool
    globals: Tuple[ParamView, ...] = ()  # the client constructor's keywords of global parameters
    globals_expr: str = ""  # their `{(location, name): keyword}` for SDKConfiguration

    @property
    def params_classes(self) -> Tuple[ParamsClassView, ...]:
        return tuple(o.params_class for o in self.operations if o.params_class)


class SdkEmitter:
    def __init__(self, api: ir.Api, renderer: TypeRenderer) -> None:
        self.api = api
        self.base_renderer = renderer
        self.renderer = renderer
        self.utils = "utils"
        self.aliases: Tuple[str, ...] = ()

    def resource(self, resource: ir.Resource) -> ResourceView:
        # A member named `models` or `utils` would shadow the module in annotations (the
        # class scope comes first there), and an argument so named would in a method's
        # body: such classes refer to the module through an alias.
        members = {c.attr_name for c in resource.children} | {n for op in resource.operations for n in (op.py_name, op.py_name + "_async")}
        members |= {p.py_name for op in resource.operations for p in op.params}
        self.aliases = tuple(m for m in ("models", "utils") if m in members)
        self.utils = "utils_" if "utils" in self.aliases else "utils"
        self.renderer = self.base_renderer.with_prefix("models_." if "models" in self.aliases else "models.")
        used: Set[str] = set()
        constants = _constant_names(resource.operations)
        ops = tuple(self._operation(op, constants[op.py_name], used) for op in resource.operations)
        children = tuple(ChildView(c.attr_name, c.class_name, c.module_name) for c in resource.children)
        title = ".".join(_title(p) for p in resource.path) or self.api.title
        is_root = not resource.path
        globals_ = tuple(_signature_param(*self._keyword(g, used)) for g in self.api.globals) if is_root else ()
        pairs = [f"({pytext.string(g.location)}, {pytext.string(g.wire_name)}): {g.py_name}" for g in self.api.globals]
        globals_expr = fit.items("{", pairs, "}", "globals=", " " * 16, ",") if is_root and pairs else ""
        imports = _resource_imports(used, ops, bool(children), is_root, self.aliases)
        return ResourceView(resource.class_name, resource.module_name, pytext.docstring(title, "    "), children, ops, imports, is_root, globals_, globals_expr)

    # --- one operation ---------------------------------------------------------------

    def _operation(self, op: ir.Operation, constant: str, used: Set[str]) -> OperationView:
        keywords = tuple(self._keyword(p, used, _raw_binary(op, p)) for p in op.params) + self._content_type_keyword(op, used) + tuple(option[:3] for option in _OPTIONS)
        json_returns, result = self._result(op, used)
        stream_type = self._stream_type(op, used)
        switch = op.stream.switch if op.stream and op.stream.switch else ""
        paging_constant = ""
        if op.pagination is not None and not op.stream:
            paging_constant = paging.paging_constant(op, constant.lower() + "_paging", self.renderer.definitions)
            item = paging.item_type(op, self.renderer.definitions)
            item_annotation = self.renderer.render(item, MODEL, used) if item is not None else "Any"
            names = [k[0] for k in keywords]
            json_returns, result = paging.page_result(op, json_returns[0], result[0], item_annotation, names, constant.lower() + "_paging", self.utils, used)
        stream_returns = (f"{self.utils}.EventStream[{stream_type}]", f"{self.utils}.AsyncEventStream[{stream_type}]")
        condition = switch or (f"{self.utils}.is_event_stream(response)" if _dispatches(op) else "")
        if op.stream and not condition:
            returns = stream_returns
        elif condition:
            used.add("Union")
            returns = (f"Union[{json_returns[0]}, {stream_returns[0]}]", f"Union[{json_returns[1]}, {stream_returns[1]}]")
        else:
            returns = json_returns
        params_class: Optional[ParamsClassView] = None
        overloads: Tuple[Tuple[str, str], ...] = ()
        if switch:
            params_class = _params_class(op, switch, [k for k in keywords if k[0] != switch], used)
            switch_keyword = next(k for k in keywords if k[0] == switch)
            overloads = _overloads(op.py_name, switch_keyword, params_class.name, (json_returns, stream_returns, returns))
        return OperationView(
            name=op.py_name,
            constant=constant,
            definition=self._definition(op, constant),
            docstring=self._docstring(op),
            signature=SignatureView.of(tuple(_signature_param(*k) for k in keywords), *returns),
            params_class=params_class,
            overloads=overloads,
            call_args=self._call_args(op),
            result=result,
            stream_results=self._stream_results(op, stream_type, bool(condition)) if op.stream else ("", ""),
            stream_switch=condition,
            decorator=f"@deprecated({pytext.string(op.operation_id + ' is deprecated and may be removed in a future version.')})" if op.doc.deprecated else "",
            paging=paging_constant,
        )

    def _content_type_keyword(self, op: ir.Operation, used: Set[str]) -> Tuple[Tuple[str, str, str], ...]:
        """`content_type=`: the media type to send the body as, for a body declared in several."""
        if op.body is None or not op.body.alternatives:
            return ()
        used.update(("Literal", "Optional"))
        values = ", ".join(pytext.string(m) for m in (op.body.content_type,) + op.body.alternatives)
        return ((content_type_name(op), f"Optional[Literal[{values}]]", "None"),)

    def _keyword(self, p: ir.Parameter, used: Set[str], raw: bool = False) -> Tuple[str, str, str]:
        """(name, annotation, default) of a method's keyword parameter; a raw binary body
        takes bytes, a binary file or a path (`utils.RawContent`)."""
        inner = f"{self.utils}.RawContent" if raw else self.renderer.render(p.type, PARAM, used)
        return (p.py_name, *annotated_field(p.required, p.nullable, inner, used))

    def _result(self, op: ir.Operation, used: Set[str]) -> Tuple[Tuple[str, str], Tuple[str, str]]:
        """((sync, async) annotations, (sync, async) expressions) of the result that is not an
        event stream: what each declared status gives, dispatched on the status when they differ."""
        if _downloads(op):
            classes = (f"{self.utils}.BinaryResponse", f"{self.utils}.AsyncBinaryResponse")
            return classes, (f"{self.utils}.BinaryResponse(response)", f"{self.utils}.AsyncBinaryResponse(response)")
        outcomes = [(r.status, r.type) for r in op.responses]
        types = list(dict.fromkeys(t for _, t in outcomes if t is not None))
        if not types:
            return ("None", "None"), ("None", "None")
        annotations = [self.renderer.render(t, MODEL, used) for t in types]
        if len(types) == 1 and len(outcomes) == 1:
            annotation = annotations[0]
            expr = f"{self.utils}.unmarshal_json(response, {annotation})"
            if self._needs_cast(types[0]):
                expr = f"cast({pytext.string(annotation)}, {expr})"
            return (annotation, annotation), (expr, expr)
        used.add("Union")
        annotation = annotations[0] if len(annotations) == 1 else f"Union[{', '.join(annotations)}]"
        if any(t is None for _, t in outcomes):
            annotation = f"Optional[{annotation}]"
        by_status = [f"{pytext.string(status)}: {self.renderer.render(t, MODEL, set()) if t is not None else 'None'}" for status, t in outcomes]
        table = fit.items("{", by_status, "}", "", " " * 12)
        expr = f"cast({pytext.string(annotation)}, {self.utils}.unmarshal_response(response, {table}))"
        return (annotation, annotation), (expr, expr)

    def _stream_type(self, op: ir.Operation, used: Set[str]) -> str:
        return self.renderer.render(op.stream.type, MODEL, used) if op.stream else ""

    def _stream_results(self, op: ir.Operation, stream_type: str, conditional: bool) -> Tuple[str, str]:
        assert op.stream is not None
        is_model = self._is_model(op.stream.type)
        envelope = op.stream.envelope and is_model  # the model gets the whole event, its payload parsed into `data`
        decode = f"{stream_type}.model_validate" if envelope else f"{stream_type}.model_validate_json" if is_model else f"{self.utils}.json_decoder({stream_type})"
        sentinel = pytext.string(op.stream.sentinel) if op.stream.sentinel else "None"
        indent = " " * (12 if conditional else 8)  # under `if stream:`, or the method's own return
        args = ["response", decode, f"sentinel={sentinel}"] + (["envelope=True"] if envelope else [])
        sync, async_ = (fit.call(f"{self.utils}.{cls}", args, "return ", indent) for cls in ("EventStream", "AsyncEventStream"))
        return sync, async_

    def _needs_cast(self, t: ir.TypeRef) -> bool:
        """Type forms that are not classes (unions, literals) make unmarshal_json return Any."""
        if isinstance(t, ir.Ref):
            return not isinstance(self.renderer.definitions.get(t.name), ir.Model)
        return isinstance(t, (ir.UnionType, ir.LiteralType, ir.Nullable))

    def _is_model(self, t: ir.TypeRef) -> bool:
        return isinstance(t, ir.Ref) and isinstance(self.renderer.definitions.get(t.name), ir.Model)

    def _call_args(self, op: ir.Operation) -> Tuple[str, ...]:
        args = []
        for location, keyword in (("path", "path_params"), ("query", "query"), ("header", "headers"), ("cookie", "cookies")):
            pairs = [f"{pytext.string(p.wire_name)}: {p.py_name}" for p in op.params if p.location == location]
            if pairs:
                args.append(f"{keyword}=" + fit.items("{", pairs, "}", f"{keyword}=", _ARGS, ","))
        if op.body is not None:
            args.append(f"body={self._body_expr(op)}")
            if op.body.alternatives:
                args.append(f"content_type={content_type_name(op)}")
        if op.stream is not None and not _dispatches(op):
            args.append(f"stream={'bool(' + op.stream.switch + ')' if op.stream.switch else 'True'}")
        return tuple(args)

    def _body_expr(self, op: ir.Operation) -> str:
        assert op.body is not None
        if not op.body.flattened:
            (argument,) = op.body_params
            if not self._is_model(op.body.type):
                return argument.py_name
            # a model, or a dict of its fields: validated as the model (aliases, nested models)
            model = self.renderer.render(op.body.type, MODEL, set())
            return fit.call(f"{self.utils}.validate_request", [model, argument.py_name], "body=", _ARGS, ",")
        model = self.renderer.render(op.body.type, MODEL, set())
        items = [f"{pytext.string(p.wire_name)}: {p.py_name}" for p in op.body_params]
        arguments = fit.items("{", items, "}", "", _ARGS + "    ")  # on its own line, if the call is split
        # only the arguments the caller gave are validated: the rest are the model's defaults
        return fit.call(f"{self.utils}.validate_arguments", [model, arguments], "body=", _ARGS, ",")

    def _definition(self, op: ir.Operation, constant: str) -> str:
        """The operation's `utils.Operation(...)`, assigned to `constant` at the top level."""
        errors = [f"{pytext.string(e.status)}: errors.{e.class_name}" for e in op.errors]
        parts = [
            f"operation_id={pytext.string(op.operation_id)}",
            f"method={pytext.string(op.method)}",
            f"path={pytext.string(op.path)}",
        ]
        if op.body is not None:
            parts.append(f"request_content_type={pytext.string(op.body.content_type)}")
        if errors:
            parts.append("error_types=" + fit.items("{", errors, "}", "error_types=", "    ", ","))
        if op.retries is not None:
            codes = [pytext.string(c) for c in op.retries.status_codes]
            parts.append("retry_status_codes=" + fit.tuple_of(codes, "retry_status_codes=", "    ", ","))
        if op.timeout_ms is not None:
            parts.append(f"timeout_ms={op.timeout_ms}")
        if not op.secured:
            parts.append("secured=False")
        if op.accept != "application/json":
            parts.append(f"accept={pytext.string(op.accept)}")
        if op.stream_accept != "text/event-stream":
            parts.append(f"stream_accept={pytext.string(op.stream_accept)}")
        if _downloads(op):
            parts.append("download=True")
        if isinstance(op.response_headers, ir.Ref):
            parts.append(f"response_headers={pytext.string(op.response_headers.name)}")
        if op.security is not None:
            parts.append("security=" + requirement_expr(op.security))
        if op.server is not None:
            parts.append(f"server={pytext.string(op.server.url)}")
        parts.extend(request_parts(op))
        return fit.call("utils.Operation", parts, f"{constant} = ")

    def _docstring(self, op: ir.Operation) -> str:
        lines = [op.doc.summary or op.operation_id]
        if op.doc.description and op.doc.description != op.doc.summary:
            lines += ["", op.doc.description]
        if op.doc.deprecated:
            lines += ["", "Deprecated: this operation may be removed in a future version."]
        lines.append("")
        lines += [f":param {p.py_name}: {' '.join(p.doc.description.split())}" for p in op.params if p.doc.description]
        lines += [f":param {name}: {text}" for name, _, _, text in _OPTIONS]
        return pytext.docstring("\n".join(lines), "        ")


def _raw_binary(op: ir.Operation, p: ir.Parameter) -> bool:
    return op.body is not None and not op.body.flattened and p.location == "body" and p.type == ir.Primitive("bytes")


def _downloads(op: ir.Operation) -> bool:
    """The body is handed to the caller as a stream: a binary or text answer is declared."""
    return any(r.kind == "binary" for r in op.responses)


def _dispatches(op: ir.Operation) -> bool:
    """An event stream without a switch beside a download: the answer's type decides."""
    return op.stream is not None and not op.stream.switch and _downloads(op)


def _signature_param(name: str, annotation: str, default: str) -> ParamView:
    """A parameter on a line of its own in a method's signature."""
    trail = f" = {default}," if default else ","
    return ParamView(name, fit.subscript(annotation, f"{name}: ", " " * 8, trail), default)


def _params_class(op: ir.Operation, switch: str, keywords: Sequence[Tuple[str, str, str]], used: Set[str]) -> ParamsClassView:
    """The TypedDict of `keywords`, typed as the method types them: the class is not total,
    so the keywords without a default are marked Required."""
    used.update(("TypedDict", "Unpack"))
    fields = []
    for name, annotation, default in keywords:
        if not default:
            used.add("Required")
            annotation = f"Required[{annotation}]"
        fields.append(ParamView(name, fit.subscript(annotation, f"{name}: ", " " * 8), ""))
    text = f"Keyword arguments of `{op.py_name}` and `{op.py_name}_async` other than `{switch}`."
    return ParamsClassView(op.params_class, pytext.docstring(text, " " * 8), tuple(fields))


def _overloads(method: str, switch: Tuple[str, str, str], params_class: str, returns: Sequence[Tuple[str, str]]) -> Tuple[Tuple[str, str], ...]:
    """The (sync, async) stubs of a method overloaded on its stream switch, with the `returns`
    of each variant: absent or False, True, and a plain bool (e.g. a variable); the other
    arguments come as `**params`."""
    name, annotation, default = switch
    variants = (("Optional[Literal[False]]", "None"), ("Literal[True]", ""), (annotation, default))
    stubs = []
    for (switch_type, switch_default), (sync, async_) in zip(variants, returns):
        args = ["self", "*", f"{name}: {switch_type}" + (f" = {switch_default}" if switch_default else ""), f"**params: Unpack[{params_class}]"]
        stubs.append((_stub(f"def {method}", args, sync), _stub(f"async def {method}_async", args, async_)))
    return tuple(stubs)


def _stub(head: str, args: Sequence[str], returns: str) -> str:
    """`head(args) -> returns: ...` in a class body, laid out to fit."""
    signature = fit.call(head, args, "", "    ", f" -> {returns}: ...")
    return f"{signature} -> {fit.subscript(returns, ') -> ', '    ', ': ...')}: ..."


def _resource_imports(used: Set[str], ops: Sequence[OperationView], has_children: bool, is_root: bool, aliases: Tuple[str, ...]) -> Tuple[str, ...]:
    typing = {"Any", "Mapping", "Optional"} | {n for n in used if n in ("Dict", "List", "Literal", "Union")}
    if any(o.overloads for o in ops):
        typing.update(("overload", "Literal", "Union"))
    if any("cast(" in o.result[0] for o in ops):
        typing.add("cast")
    if has_children or any(o.params_class for o in ops):
        typing.add("TYPE_CHECKING")
    if is_root:
        typing.update(("Callable", "Union"))
    lines = []
    if is_root:
        lines.append("import os")
    if has_children:
        lines.append("from functools import cached_property")
    extensions = {n for n in used if n in ("Required", "TypedDict", "Unpack")} | ({"deprecated"} if any(o.decorator for o in ops) else set())
    if extensions:
        lines.append(fit.import_line("typing_extensions", sorted(extensions, key=str.lower)))
    lines.append(fit.import_line("typing", sorted(typing, key=str.lower)))
    if is_root:
        lines.append("\nimport httpx\n")
    dates = sorted(n for n in used if n in ("date", "datetime"))
    if dates:
        lines.insert(0, fit.import_line("datetime", dates))
    package = "." if is_root else ".."
    lines.append(f"from {package} import errors, models, utils")
    lines.extend(f"from {package} import {name} as {name}_" for name in aliases)
    names = ["UNSET", "OptionalNullable", "RetryConfig"] + (["BackoffStrategy", "Hooks", "Logger", "SDKConfiguration"] if is_root else [])
    names += [n for n in ("Nullable",) if n in used]
    lines.append(fit.import_line(".utils" if is_root else "..utils", sorted(names, key=str.lower)))
    if is_root:
        lines.append("from ._hooks.registration import init_hooks")
        lines.append("from ._version import USER_AGENT")
    return tuple(lines)


def _constant_names(operations: Sequence[ir.Operation]) -> Dict[str, str]:
    return {op.py_name: "_" + op.py_name.upper().strip("_") for op in operations}


def _title(segment: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in segment.split("_"))


# --- errors module -------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorView:
    class_name: str
    docstring: str
    data_type: str  # "" when the body is not typed


def error_views(api: ir.Api) -> Tuple[ErrorView, ...]:
    """Error classes: one per declared status, typed by its body when that is a model."""
    seen: Dict[str, ErrorView] = {}
    for op in api.operations:
        for err in op.errors:
            if err.class_name == "APIError" or err.class_name in seen:
                continue
            data = err.type.name if isinstance(err.type, ir.Ref) else ""
            text = f"{err.status} response" + (f": {err.doc.description}" if err.doc.description else "")
            seen[err.class_name] = ErrorView(err.class_name, pytext.docstring(text, "    "), data)
    return tuple(seen.values())


def default_retry_expr(policy: Optional[ir.RetryPolicy]) -> Tuple[str, str]:
    """(RetryConfig expression, status codes tuple) for the client's default retries."""
    p = policy or ir.RetryPolicy(500, 8000, 2.0, 60000, ("429", "500", "502", "503", "504"), True)
    config = f'RetryConfig("backoff", BackoffStrategy({p.initial_interval}, {p.max_interval}, {p.exponent!r}, {p.max_elapsed_time}), {p.retry_connection_errors})'
    codes = fit.tuple_of([pytext.string(c) for c in p.status_codes], "retry_status_codes=", " " * 16, ",")
    return config, codes

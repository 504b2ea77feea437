"""Example calls of operations for the docs' usage snippets: which arguments a call shows,
with values from `examples`, and the call laid out as Python source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Mapping, Sequence, Tuple

from openapi_sdkgen.docs.examples import INVALID, MISSING, Code, ExampleBuilder, Invalid, Value, option_to_send
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.model import ir


@dataclass(frozen=True)
class CallExample:
    args: Tuple[Tuple[str, Value], ...]  # (python keyword, value), in the method's order

    @property
    def imports(self) -> Tuple[str, ...]:
        found: Dict[str, None] = {}
        for _, value in self.args:
            for code in _codes(value):
                found.update(dict.fromkeys(code.imports))
        return tuple(found)


def call_example(
    definitions: Mapping[str, ir.Definition], op: ir.Operation, stream: bool = False, files: bool = False, short: bool = False
) -> CallExample:
    """Arguments for one call of `op`.

    Required arguments always; optional ones when the example gives them, unless `short`
    (a call that shows something else). `stream` sets the operation's stream switch;
    `files` adds file arguments even when optional (to show an upload).
    """
    builder = ExampleBuilder(definitions)
    body = _body_example(op)
    chosen = _chosen_option(definitions, op, body)
    args: List[Tuple[str, Value]] = []
    for p in op.params:
        given = param_example(op, p, body)
        switch = p.py_name == (op.stream.switch if op.stream else None)
        if switch:
            given = stream if (stream or given is not MISSING) else MISSING
        if short and not p.required and not (switch and stream):
            given = MISSING
        fitted = builder.conform(param_type(p), given) if given is not MISSING else INVALID
        if not isinstance(fitted, Invalid):
            args.append((p.py_name, fitted))
        elif p.required or (files and _has_file(definitions, p.type)) or (p.location == "body" and p.wire_name in chosen):
            args.append((p.py_name, builder.placeholder(param_type(p))))
    return CallExample(tuple(args))


def _body_example(op: ir.Operation) -> Any:
    if op.body is None or not op.body.doc.has_example:
        return MISSING
    return op.body.doc.example


def _chosen_option(definitions: Mapping[str, ir.Definition], op: ir.Operation, body: Any) -> FrozenSet[str]:
    """The body properties a call sends to meet the flattened body's required options."""
    model = definitions.get(op.body.type.name) if op.body and op.body.flattened and isinstance(op.body.type, ir.Ref) else None
    if not isinstance(model, ir.Model):
        return frozenset()
    return option_to_send(model, frozenset(body) if isinstance(body, dict) else frozenset())


def param_example(op: ir.Operation, p: ir.Parameter, body: Any) -> Any:
    """The body example's value for a body parameter, else the parameter's own example."""
    if p.location == "body" and body is not MISSING:
        if not (op.body and op.body.flattened):
            return body
        return body.get(p.wire_name, MISSING) if isinstance(body, dict) else MISSING
    return p.doc.example if p.doc.has_example else MISSING


def param_type(p: ir.Parameter) -> ir.TypeRef:
    return ir.Nullable(p.type) if p.nullable else p.type


def _has_file(definitions: Mapping[str, ir.Definition], t: ir.TypeRef) -> bool:
    if isinstance(t, ir.FileType):
        return True
    if isinstance(t, ir.ListType):
        return _has_file(definitions, t.item)
    if isinstance(t, ir.Ref):
        definition = definitions.get(t.name)
        return isinstance(definition, ir.Model) and any(isinstance(f.type, ir.FileType) and f.required for f in definition.fields)
    return False


def _codes(value: Any) -> List[Code]:
    if isinstance(value, Code):
        return [value]
    if isinstance(value, dict):
        return [c for v in value.values() for c in _codes(v)]
    if isinstance(value, list):
        return [c for v in value for c in _codes(v)]
    return []


# --- rendering -------------------------------------------------------------------------


def render(value: Value, indent: int = 0) -> str:
    """Python source for a value, laid out as `pytext.value_expr` (and the seeds) do."""
    if isinstance(value, Code):
        return value.text
    if isinstance(value, dict) and value:
        pad = "    " * (indent + 1)
        items = "".join(f"{pad}{pytext.string(str(k))}: {render(v, indent + 1)},\n" for k, v in value.items())
        return "{\n" + items + "    " * indent + "}"
    if isinstance(value, list) and value:
        pad = "    " * (indent + 1)
        return "[\n" + "".join(f"{pad}{render(v, indent + 1)},\n" for v in value) + "    " * indent + "]"
    return pytext.value_expr(value, indent)


def render_flat(value: Value) -> str:
    """Python source for a value on one line (for black to lay out)."""
    if isinstance(value, Code):
        return value.text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pytext.string(str(k))}: {render_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render_flat(v) for v in value) + "]"
    return pytext.value_expr(value)


def render_call(target: str, call: CallExample, indent: int, extra: Sequence[Tuple[str, Code]] = ()) -> str:
    """`target(a=..., b=...)` with nested values indented for a statement at `indent`."""
    args = [f"{name}={render(value, indent)}" for name, value in (*call.args, *extra)]
    return f"{target}({', '.join(args)})"

"""Runnable Python snippets for the docs, in the seeds' layout.

Each snippet is a whole program: imports, the client in a `with` block, one call built
by `examples`, and the handling of its result. The test suite executes every one.
"""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from openapi_sdkgen.docs import calls
from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.emit import pytext
from openapi_sdkgen.docs.calls import CallExample
from openapi_sdkgen.docs.examples import Code
from openapi_sdkgen.emit import fit

Lines = List[str]

# Names the snippets use themselves: the client variable must not shadow them.
_TAKEN = frozenset({"os", "asyncio", "httpx", "logging", "date", "datetime", "errors", "models", "utils", "res", "e",
                    "event", "event_stream", "http_client", "main", "amain", "hooks", "add_trace_header",
                    "log_outcome", "HookContext", "Hooks"}) | frozenset(dir(builtins))


@dataclass(frozen=True)
class Call:
    """One example call: which operation, its arguments, and how its result is used."""

    op: ir.Operation
    args: CallExample
    streaming: bool  # the result is an event stream
    extra: Tuple[Tuple[str, Code], ...] = ()  # e.g. retries=RetryConfig(...)


class Snippets:
    def __init__(self, api: ir.Api, compact: bool = False, key_arg: bool = True) -> None:
        """`compact` programs (the README's) leave out the seeds' blank lines and comments
        and are laid out by black; without `key_arg` they leave the API key to the client,
        which reads it from the environment."""
        self.api = api
        self.compact = compact
        self.key_arg = key_arg
        self.definitions: Mapping[str, ir.Definition] = {d.name: d for d in api.definitions}
        self.package = api.config.package
        self.sdk_class = api.config.sdk_class
        self.var = _instance_name(api.config.sdk_class)
        self.env = f"{api.config.env_prefix}_API_KEY" if api.security is not None else ""
        self.targets = _targets(api.root, self.var)
        self.retry_import = f"from {self.package}.utils import BackoffStrategy, RetryConfig"

    # --- calls -------------------------------------------------------------------

    def call(
        self, op: ir.Operation, stream: bool = False, files: bool = False, extra: Sequence[Tuple[str, Code]] = (), short: bool = False
    ) -> Call:
        """`stream` asks for the event stream of an operation that can stream; `short` for
        the required arguments only (and what `stream` and `files` ask for)."""
        args = calls.call_example(self.definitions, op, stream=stream, files=files, short=short)
        streaming = op.stream is not None and (stream or not op.stream.switch)
        return Call(op, args, streaming, tuple(extra))

    # --- whole programs ------------------------------------------------------------

    def program(self, call: Call, client_args: Sequence[str] = (), imports: Sequence[str] = (), header: str = "") -> str:
        """The seed layout: the client in a `with` block and one call."""
        lines = self._imports(call, imports, header)
        if self.compact:
            return self._text(lines + ["", *self._client(False, client_args, 0), *self._statements(call, False, 1)])
        lines += ["", "", *self._client(False, client_args, 0), "", *self._statements(call, False, 1), ""]
        return self._text(lines)

    def async_program(self, call: Call, client_args: Sequence[str] = (), header: str = "") -> str:
        lines = self._imports(call, ["import asyncio"], header, first=True)
        lines += ["", "", "async def main():", "", *self._client(True, client_args, 1), "", *self._statements(call, True, 2), "", ""]
        return self._text(lines + ["asyncio.run(main())"])

    def error_program(self, call: Call, error: Optional[ir.ErrorResponse]) -> str:
        """The usage call inside try/except, printing what an error carries."""
        lines = self._imports(call, (), "", errors=True)
        lines += ["", "", *self._client(False, (), 0), *([] if self.compact else ["    res = None"]), "    try:", ""]
        lines += self._statements(call, False, 2)
        lines += ["", "    except errors.APIError as e:", "        # The base class for HTTP error responses"]
        shown = ("message", "status_code") if self.compact else ("message", "status_code", "body", "headers", "raw_response")
        lines += [f"        print(e.{name})" for name in shown]
        if error is not None:
            lines += ["", "        # Depending on the method, a more specific error class may be raised", f"        if isinstance(e, errors.{error.class_name}):"]
            data = f"Optional[models.{error.type.name}]" if isinstance(error.type, ir.Ref) else "Any"
            lines.append(f"            print(e.data)  # {data}")
        if not self.compact:
            lines += ["    except errors.APIConnectionError as e:", "        # No response at all (errors.APITimeoutError when it timed out)", "        print(e)", ""]
        return self._text(lines)

    def raw_program(self, call: Call) -> str:
        """The call through `with_raw_response`: status, headers and request id, then parse()."""
        lines = self._imports(call, (), "")
        target = self.targets[call.op.operation_id]
        owner, _, method = target.rpartition(".")
        expr = self._expr(f"{owner}.with_raw_response.{method}", call, 1)
        gap = [] if self.compact else [""]
        lines += ["", "", *self._client(False, (), 0), *gap, f"    raw = {expr}", *gap]
        lines += ["    print(raw.status_code, raw.request_id, raw.headers.get(\"content-type\"))", "    res = raw.parse()  # what the method itself returns", *gap, "    # Handle response", "    print(res)", ""]
        return self._text(lines)

    def resource_program(self, call: Call) -> str:
        """Both context-manager forms, each closing what the client opened."""
        lines = self._imports(call, ["import asyncio"], "")
        lines += ["", "", "def main():", *self._client(False, (), 1), "        # Rest of application here...", *self._statements(call, False, 2)]
        lines += ["", "", "# Or when using async:", "async def amain():", *self._client(True, (), 1), "        # Rest of application here..."]
        lines += self._statements(call, True, 2)
        return self._text(lines + ["", "", "main()", "asyncio.run(amain())"])

    def custom_client_program(self, call: Call) -> str:
        """An injected httpx.Client: used for every request, closed by its owner."""
        lines = self._imports(call, ["import httpx"], "")
        if self.compact:
            client = self._client(False, ("client=http_client",), 0)[0][len("with ") :]
            opener = 'with httpx.Client(headers={"x-team": "docs"}) as http_client, ' + client
            return self._text(lines + ["", opener, *self._statements(call, False, 1)])
        lines += ["", 'http_client = httpx.Client(headers={"x-custom-header": "someValue"})', ""]
        lines += [*self._client(False, ("client=http_client",), 0), "", *self._statements(call, False, 1), ""]
        lines += ["# The SDK never closes a client it was given: close it yourself.", "http_client.close()"]
        return self._text(lines)

    def debug_program(self, call: Call) -> str:
        logger = f"debug_logger=logging.getLogger({pytext.string(self.package)})"
        lines = self._imports(call, ["import logging"], "")
        lines += ["", "logging.basicConfig(level=logging.DEBUG)", *([] if self.compact else [""]), *self._client(False, (logger,), 0), "",
                  *self._statements(call, False, 1), ""]
        return self._text(lines)

    def hooks_program(self, call: Call) -> str:
        """A hook registered on a `Hooks` object given to the client."""
        lines = self._imports(call, ["import httpx"], "")
        lines.insert(lines.index(f"from {self.package} import {self.sdk_class}") + 1, f"from {self.package}.utils import HookContext, Hooks")
        lines += ["", "", "def add_trace_header(ctx: HookContext, request: httpx.Request) -> httpx.Request:",
                  '    request.headers["x-trace-id"] = "trace-123"', "    return request", "", "",
                  "hooks = Hooks()", "hooks.register_before_request_hook(add_trace_header)", ""]
        lines += [*self._client(False, ("hooks=hooks",), 0), "", *self._statements(call, False, 1), ""]
        return self._text(lines)

    def _text(self, lines: Lines) -> str:
        """The program's text; compact: without comments in blocks and the blank lines that
        open a block, precede an `except` or end the program."""
        if self.compact:
            lines = [line for line in lines if not (line.startswith(" ") and line.lstrip().startswith("# "))]
            kept: Lines = []
            for i, line in enumerate(lines):
                after = next((n for n in lines[i + 1 :] if n), "")
                if not line and ((kept and kept[-1].endswith(":")) or after.lstrip().startswith("except") or not after):
                    continue
                kept.append(line)
            return _black(_text(kept))
        return _text(lines)

    # --- pieces ----------------------------------------------------------------------

    def _imports(self, call: Call, extra: Sequence[str], header: str, first: bool = False, errors: bool = False) -> Lines:
        names = f"{self.sdk_class}, errors" if errors else self.sdk_class
        own = [f"from {self.package} import {names}"]
        if any("RetryConfig" in code.text for _, code in call.extra):
            own.append(self.retry_import)
        lines = ([header] if header else []) + (list(extra) if first else [])
        lines += sorted(set(call.args.imports)) + own + ([] if first else list(extra))
        return lines + (["import os"] if self.env and self.key_arg else [])

    def _client(self, is_async: bool, client_args: Sequence[str], indent: int) -> Lines:
        pad = "    " * indent
        opener = "async with" if is_async else "with"
        args = list(client_args) + ([f"api_key=os.getenv({pytext.string(self.env)}, \"\")"] if self.env and self.key_arg else [])
        if not args:
            return [f"{pad}{opener} {self.sdk_class}() as {self.var}:"]
        if self.compact:
            return [f"{pad}{opener} {self.sdk_class}({', '.join(args)}) as {self.var}:"]
        return [f"{pad}{opener} {self.sdk_class}(", *(f"{pad}    {a}," for a in args), f"{pad}) as {self.var}:"]

    def _expr(self, target: str, call: Call, indent: int) -> str:
        if self.compact:  # one line: black lays it out (see _text)
            return f"{target}(" + ", ".join(f"{name}={calls.render_flat(value)}" for name, value in (*call.args.args, *call.extra)) + ")"
        return calls.render_call(target, call.args, indent, call.extra)

    def _statements(self, call: Call, is_async: bool, indent: int) -> Lines:
        """The call and the handling of its result, at `indent`."""
        pad = "    " * indent
        target = self.targets[call.op.operation_id] + ("_async" if is_async else "")
        prefix = "await " if is_async else ""
        expr = self._expr(target, call, indent)
        if call.streaming:
            opener, loop = ("async with", "async for") if is_async else ("with", "for")
            if self.compact:
                return [f"{pad}res = {prefix}{expr}", f"{pad}{opener} res as event_stream:", f"{pad}    {loop} event in event_stream:",
                        f"{pad}        print(event, flush=True)"]
            return [f"{pad}res = {prefix}{expr}", "", f"{pad}{opener} res as event_stream:", f"{pad}    {loop} event in event_stream:",
                    f"{pad}        # handle event", f"{pad}        print(event, flush=True)"]
        if any(r.kind == "binary" for r in call.op.responses):
            opener, loop = ("async with", "async for") if is_async else ("with", "for")
            return [f"{pad}res = {prefix}{expr}", "", f"{pad}{opener} res as download:", f"{pad}    {loop} chunk in download.iter_bytes():",
                    f"{pad}        # handle each chunk as it arrives", f"{pad}        print(len(chunk))"]
        if call.op.response is None or call.op.response.type is None:
            return [f"{pad}{prefix}{expr}"]
        if call.op.pagination is not None:  # every item, across pages
            loop = "async for" if is_async else "for"
            if self.compact:
                return [f"{pad}res = {prefix}{expr}", f"{pad}{loop} item in res:", f"{pad}    print(item)"]
            return [f"{pad}res = {prefix}{expr}", "", f"{pad}{loop} item in res:", f"{pad}    # handle each item; the next page is fetched when the loop reaches it",
                    f"{pad}    print(item)"]
        if self.compact:
            return [f"{pad}res = {prefix}{expr}", f"{pad}print(res)"]
        return [f"{pad}res = {prefix}{expr}", "", f"{pad}# Handle response", f"{pad}print(res)"]


def _black(source: str) -> str:
    import black  # takes 0.1 s: imported only when a README is written

    return black.format_str(source, mode=black.Mode(line_length=fit.LINE_LENGTH))


def _text(lines: Lines) -> str:
    return "\n".join(lines) + "\n"


def _instance_name(sdk_class: str) -> str:
    """The variable holding the client, as in the seeds (`Library` -> `library`)."""
    name = naming.snake(sdk_class) or "sdk"
    if keyword.iskeyword(name) or name in _TAKEN or not name.isidentifier():
        name = "sdk_client"
    return name


def _targets(root: ir.Resource, var: str) -> Dict[str, str]:
    """Operation id -> its bound method expression, e.g. `library.books.create`."""
    found: Dict[str, str] = {}

    def visit(resource: ir.Resource, prefix: str) -> None:
        for op in resource.operations:
            found[op.operation_id] = f"{prefix}.{op.py_name}"
        for child in resource.children:
            visit(child, f"{prefix}.{child.attr_name}")

    visit(root, var)
    return found

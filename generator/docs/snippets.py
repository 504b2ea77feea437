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

Lines = List[str]

# Names the snippets use themselves: the client variable must not shadow them.
_TAKEN = frozenset({"os", "asyncio", "httpx", "logging", "date", "datetime", "errors", "models", "utils", "res", "e",
                    "event", "event_stream", "http_client", "main", "amain"}) | frozenset(dir(builtins))


@dataclass(frozen=True)
class Call:
    """One example call: which operation, its arguments, and how its result is used."""

    op: ir.Operation
    args: CallExample
    streaming: bool  # the result is an event stream
    extra: Tuple[Tuple[str, Code], ...] = ()  # e.g. retries=RetryConfig(...)


class Snippets:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.definitions: Mapping[str, ir.Definition] = {d.name: d for d in api.definitions}
        self.package = api.config.package
        self.sdk_class = api.config.sdk_class
        self.var = _instance_name(api.config.sdk_class)
        self.env = f"{api.config.env_prefix}_API_KEY" if api.security is not None else ""
        self.targets = _targets(api.root, self.var)
        self.retry_import = f"from {self.package}.utils import BackoffStrategy, RetryConfig"

    # --- calls -------------------------------------------------------------------

    def call(self, op: ir.Operation, stream: bool = False, files: bool = False, extra: Sequence[Tuple[str, Code]] = ()) -> Call:
        """`stream` asks for the event stream of an operation that can stream."""
        args = calls.call_example(self.definitions, op, stream=stream, files=files)
        streaming = op.stream is not None and (stream or not op.stream.switch)
        return Call(op, args, streaming, tuple(extra))

    # --- whole programs ------------------------------------------------------------

    def program(self, call: Call, client_args: Sequence[str] = (), imports: Sequence[str] = (), header: str = "") -> str:
        """The seed layout: the client in a `with` block and one call."""
        lines = self._imports(call, imports, header)
        lines += ["", "", *self._client(False, client_args, 0), "", *self._statements(call, False, 1), ""]
        return _text(lines)

    def async_program(self, call: Call, client_args: Sequence[str] = (), header: str = "") -> str:
        lines = self._imports(call, ["import asyncio"], header, first=True)
        lines += ["", "async def main():", "", *self._client(True, client_args, 1), "", *self._statements(call, True, 2), ""]
        return _text(lines + ["asyncio.run(main())"])

    def error_program(self, call: Call, error: Optional[ir.ErrorResponse]) -> str:
        """The usage call inside try/except, printing what an error carries."""
        lines = self._imports(call, (), "", errors=True)
        lines += ["", "", *self._client(False, (), 0), "    res = None", "    try:", ""]
        lines += self._statements(call, False, 2)
        lines += ["", "    except errors.APIError as e:", "        # The base class for HTTP error responses"]
        lines += [f"        print(e.{name})" for name in ("message", "status_code", "body", "headers", "raw_response")]
        if error is not None:
            lines += ["", "        # Depending on the method, a more specific error class may be raised", f"        if isinstance(e, errors.{error.class_name}):"]
            data = f"Optional[models.{error.type.name}]" if isinstance(error.type, ir.Ref) else "Any"
            lines.append(f"            print(e.data)  # {data}")
        lines += ["    except errors.APIConnectionError as e:", "        # No response at all (errors.APITimeoutError when it timed out)", "        print(e)", ""]
        return _text(lines)

    def raw_program(self, call: Call) -> str:
        """The call through `with_raw_response`: status, headers and request id, then parse()."""
        lines = self._imports(call, (), "")
        target = self.targets[call.op.operation_id]
        owner, _, method = target.rpartition(".")
        expr = calls.render_call(f"{owner}.with_raw_response.{method}", call.args, 1, call.extra)
        lines += ["", "", *self._client(False, (), 0), "", f"    raw = {expr}", ""]
        lines += ["    print(raw.status_code, raw.request_id, raw.headers.get(\"content-type\"))", "    res = raw.parse()  # what the method itself returns", "", "    # Handle response", "    print(res)", ""]
        return _text(lines)

    def resource_program(self, call: Call) -> str:
        """Both context-manager forms, each closing what the client opened."""
        lines = self._imports(call, ["import asyncio"], "")
        lines += ["", "", "def main():", *self._client(False, (), 1), "        # Rest of application here...", *self._statements(call, False, 2)]
        lines += ["", "", "# Or when using async:", "async def amain():", *self._client(True, (), 1), "        # Rest of application here..."]
        lines += self._statements(call, True, 2)
        return _text(lines + ["", "", "main()", "asyncio.run(amain())"])

    def custom_client_program(self, call: Call) -> str:
        """An injected httpx.Client: used for every request, closed by its owner."""
        lines = self._imports(call, ["import httpx"], "")
        lines += ["", 'http_client = httpx.Client(headers={"x-custom-header": "someValue"})', ""]
        lines += [*self._client(False, ("client=http_client",), 0), "", *self._statements(call, False, 1), ""]
        lines += ["# The SDK never closes a client it was given: close it yourself.", "http_client.close()"]
        return _text(lines)

    def debug_program(self, call: Call) -> str:
        logger = f"debug_logger=logging.getLogger({pytext.string(self.package)})"
        lines = self._imports(call, ["import logging"], "")
        lines += ["", "logging.basicConfig(level=logging.DEBUG)", "", *self._client(False, (logger,), 0), "", *self._statements(call, False, 1), ""]
        return _text(lines)

    # --- pieces ----------------------------------------------------------------------

    def _imports(self, call: Call, extra: Sequence[str], header: str, first: bool = False, errors: bool = False) -> Lines:
        names = f"{self.sdk_class}, errors" if errors else self.sdk_class
        own = [f"from {self.package} import {names}"]
        if call.extra:
            own.append(self.retry_import)
        lines = ([header] if header else []) + (list(extra) if first else [])
        lines += sorted(set(call.args.imports)) + own + ([] if first else list(extra))
        return lines + (["import os"] if self.env else [])

    def _client(self, is_async: bool, client_args: Sequence[str], indent: int) -> Lines:
        pad = "    " * indent
        opener = "async with" if is_async else "with"
        args = list(client_args) + ([f"api_key=os.getenv({pytext.string(self.env)}, \"\")"] if self.env else [])
        if not args:
            return [f"{pad}{opener} {self.sdk_class}() as {self.var}:"]
        return [f"{pad}{opener} {self.sdk_class}(", *(f"{pad}    {a}," for a in args), f"{pad}) as {self.var}:"]

    def _statements(self, call: Call, is_async: bool, indent: int) -> Lines:
        """The call and the handling of its result, at `indent`."""
        pad = "    " * indent
        target = self.targets[call.op.operation_id] + ("_async" if is_async else "")
        expr = calls.render_call(target, call.args, indent, call.extra)
        prefix = "await " if is_async else ""
        if call.streaming:
            opener, loop = ("async with", "async for") if is_async else ("with", "for")
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
            return [f"{pad}res = {prefix}{expr}", "", f"{pad}{loop} item in res:", f"{pad}    # handle each item; the next page is fetched when the loop reaches it",
                    f"{pad}    print(item)"]
        return [f"{pad}res = {prefix}{expr}", "", f"{pad}# Handle response", f"{pad}print(res)"]


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

"""Spec text -> safe Python source fragments (docstrings, string literals, comments).

Text from a spec never becomes code: every fragment is escaped for the exact place it
lands in, and the result is always a literal.
"""

from __future__ import annotations

import json
from typing import Any, Union

_CONTROL = {i: f"\\x{i:02x}" for i in range(32) if chr(i) not in "\n\t"}
_CONTROL.update({0x7F: "\\x7f", 0x2028: "\\u2028", 0x2029: "\\u2029", 0x85: "\\x85"})


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring literal holding `text`, or "" when there is no text."""
    text = text.strip()
    if not text:
        return ""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').translate(_CONTROL)
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    lines = body.split("\n")
    joined = ("\n" + indent).join(line.rstrip() for line in lines)
    return f'"""{joined}"""' if len(lines) == 1 else f'"""{joined}\n{indent}"""'


def string(value: str) -> str:
    """A one-line double-quoted literal; json.dumps escapes quotes, backslashes and controls."""
    return json.dumps(value, ensure_ascii=False).translate({0x2028: "\\u2028", 0x2029: "\\u2029"})


def literal(value: Union[str, int, float, bool, None]) -> str:
    """A Python literal for a JSON scalar."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return string(value)


def value_expr(value: Any, indent: int = 0) -> str:
    """A Python expression for any JSON value (dicts, lists, scalars), for examples."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = "    " * (indent + 1)
        items = "".join(f"{pad}{string(str(k))}: {value_expr(v, indent + 1)},\n" for k, v in value.items())
        return "{\n" + items + "    " * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        pad = "    " * (indent + 1)
        items = "".join(f"{pad}{value_expr(v, indent + 1)},\n" for v in value)
        return "[\n" + items + "    " * indent + "]"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return literal(value)
    return string(str(value))


def comment(text: str) -> str:
    """A single `#` comment line."""
    return "# " + " ".join(text.split()).translate(_CONTROL)

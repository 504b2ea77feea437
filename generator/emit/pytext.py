"""Spec text -> safe Python source fragments (docstrings, string literals, comments).

Text from a spec never becomes code: every fragment is escaped for the exact place it
lands in, and the result is always a literal. Characters that are invisible or reorder
how a line is displayed (control, bidi and zero-width characters: "Trojan Source") are
written as escapes, so the code reads as it runs.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, List, Union

_INVISIBLE = (
    range(0x00, 0x20), range(0x7F, 0xA0),  # C0 and C1 controls
    (0xAD, 0x61C, 0x180E, 0xFEFF),  # soft hyphen, Arabic letter mark, Mongolian vowel separator, BOM
    range(0x200B, 0x2010), range(0x2028, 0x202F), range(0x2060, 0x2070),  # zero-width, line/paragraph separators, bidi
    range(0xFFF9, 0xFFFC),  # interlinear annotation
)
_CONTROL = {cp: (f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}") for block in _INVISIBLE for cp in block if chr(cp) not in "\n\t"}


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring literal holding `text`, laid out as black lays docstrings out
    (PEP 257 indentation, no trailing spaces), or "" when there is no text."""
    text = text.strip()
    if not text:
        return ""
    body = text.replace("\\", "\\\\")
    core = body.rstrip('"')  # quotes at the very end would run into the closing """
    body = (core.replace('"""', '\\"\\"\\"') + '\\"' * (len(body) - len(core))).translate(_CONTROL)
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"""{_padded(body)}"""'
    if re.search(r"\\\s*\n", body):  # black leaves a docstring with a backslash-newline as it is
        return '"""' + ("\n" + indent).join(line.rstrip() for line in lines) + f'\n{indent}"""'
    return f'"""{_padded(lines[0].strip())}\n' + "".join(f"{line}\n" for line in _dedented(lines[1:], indent)) + f'{indent}"""'


def _dedented(lines: List[str], indent: str) -> List[str]:
    """Lines after a docstring's first: their common indentation (leading tabs count 4)
    replaced by `indent`, blank ones empty."""
    expanded = [line[: len(line) - len(line.lstrip())].expandtabs(4) + line.lstrip() for line in lines]
    common = min((len(line) - len(line.lstrip()) for line in expanded if line.strip()), default=0)
    return [indent + line[common:].rstrip() if line.strip() else "" for line in expanded]


def _padded(body: str) -> str:
    """A space keeps a quote at either end from running into the triple quotes."""
    return (" " if body.startswith('"') else "") + body + (" " if body.endswith('"') else "")


def string(value: str) -> str:
    """A one-line double-quoted literal; json.dumps escapes quotes, backslashes and controls."""
    return json.dumps(value, ensure_ascii=False).translate(_CONTROL)


_TOML_CONTROL = {cp: f"\\u{cp:04x}" for cp in _CONTROL}  # TOML has no \\x escape


def toml_string(value: str) -> str:
    """A TOML basic string (pyproject.toml): JSON's escapes, invisible characters as \\u escapes."""
    return json.dumps(value, ensure_ascii=False).translate(_TOML_CONTROL)


def literal(value: Union[str, int, float, bool, None]) -> str:
    """A Python literal for a JSON scalar."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'  # repr gives `inf` and `nan`, which are not literals
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

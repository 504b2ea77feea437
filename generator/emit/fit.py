"""black's layout for statements that do not fit on a line.

Emitters write code the way black writes it, so that the formatter has nothing to do
for it (see format.py). What fits on a line stays on it; what does not is split inside
its brackets as black splits it, one item per line with a magic trailing comma where
black would add one (black keeps such a comma's layout as it is).
"""

from __future__ import annotations

import ast
import re
from typing import Sequence, Tuple

LINE_LENGTH = 100


def width(line: str) -> int:
    """A line's width as black measures it (wide characters count twice)."""
    if line.isascii():
        return len(line)
    from black.strings import str_width  # black takes 0.1 s to import: only when needed

    return int(str_width(line))


def fits(line: str) -> bool:
    if not line.isascii():  # bounds first: black's width table is asked only between them
        if len(line) * 2 <= LINE_LENGTH:  # no character takes more than two columns
            return True
        if sum(" " <= ch <= "~" for ch in line) > LINE_LENGTH:  # printable ASCII takes one column each
            return False
    return width(line) <= LINE_LENGTH


def items(opening: str, parts: Sequence[str], closing: str, lead: str = "", indent: str = "", trail: str = "") -> str:
    """A collection display (`opening + parts + closing`) placed after `indent + lead`: on
    one line when it fits, else one part per line, each with a trailing comma."""
    flat = opening + ", ".join(parts) + closing
    if not parts or fits(indent + lead + flat + trail):
        return flat
    inner = indent + "    "
    return opening + "\n" + "".join(f"{inner}{part},\n" for part in parts) + indent + closing


def call(head: str, arguments: Sequence[str], lead: str = "", indent: str = "", trail: str = "") -> str:
    """`head(arguments)` placed after `indent + lead`: on one line when it fits, else the
    arguments on one line of their own when they fit there (a sole argument also when it
    spans lines, without a comma), else one per line."""
    flat = f"{head}({', '.join(arguments)})"
    inner = indent + "    "
    if fits(indent + lead + flat + trail):
        return flat
    if len(arguments) == 1 or (not any("\n" in a for a in arguments) and fits(inner + ", ".join(arguments))):
        return f"{head}(\n{inner}{', '.join(arguments)}\n{indent})"
    return items(f"{head}(", arguments, ")", lead, indent, trail)


def tuple_of(parts: Sequence[str], lead: str = "", indent: str = "", trail: str = "") -> str:
    """A tuple display of `parts` (a single item keeps its comma), laid out like `items`."""
    return f"({parts[0]},)" if len(parts) == 1 else items("(", parts, ")", lead, indent, trail)


def subscript(expression: str, lead: str, indent: str = "", trail: str = "") -> str:
    """`expression` placed after `indent + lead`: on one line when it fits, else a subscript
    split inside its brackets: one argument per line, or its single argument on a line of its
    own (nested ones likewise). Anything else stays one long line, which the formatter sends
    to black."""
    if fits(indent + lead + expression + trail):
        return expression
    node = ast.parse(expression, mode="eval").body
    if any(bracket in trail for bracket in "([{"):
        return expression  # black splits at the last bracket of the line: here, not ours
    return _split(_Source(expression), expression, node, indent)


class _Source:
    """An expression's text, cut into the text of its nodes (ast offsets count UTF-8 bytes).

    `ast.get_source_segment` splits the whole text into lines on every call (on a large
    spec, most of the rendering's time); this encodes the text once.
    """

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.one_line = "\n" not in expression and "\r" not in expression
        self.encoded = expression.encode()

    def segment(self, node: ast.expr) -> str:
        if not self.one_line:
            return ast.get_source_segment(self.expression, node) or ""
        return self.encoded[node.col_offset : node.end_col_offset].decode()


def _split(source: _Source, text: str, node: ast.expr, indent: str) -> str:
    """`text`, the text of `node`, that does not fit after `indent` (and its lead and trail),
    split inside its subscript's brackets as `subscript` describes."""
    if not isinstance(node, ast.Subscript):
        return text
    inner = indent + "    "
    value = source.segment(node.value)
    if not isinstance(node.slice, ast.Tuple):
        return f"{value}[\n{inner}{_nested(source, node.slice, inner, '')}\n{indent}]"
    if len(node.slice.elts) < 2:
        return text
    parts = "".join(f"{inner}{_nested(source, e, inner, ',')},\n" for e in node.slice.elts)
    return f"{value}[\n{parts}{indent}]"


def _nested(source: _Source, node: ast.expr, indent: str, trail: str) -> str:
    """A subscript's argument on a line of its own at `indent`, split when it does not fit."""
    text = source.segment(node)
    return text if fits(indent + text + trail) else _split(source, text, node, indent)


def annotated(name: str, annotation: str, default: str, indent: str) -> Tuple[str, str]:
    """(annotation, default) of `name: annotation = default` at `indent`, laid out to fit.

    A plain default (a name or a number) goes in parentheses on a line of its own when the
    rest fits; else, and for other defaults, the annotation is split.
    """
    if not default:
        return subscript(annotation, f"{name}: ", indent), default
    head = f"{indent}{name}: {annotation} = "
    if fits(head + default):
        return annotation, default
    if _PLAIN.fullmatch(default) and fits(head + "("):
        return annotation, f"(\n{indent}    {default}\n{indent})"
    return subscript(annotation, f"{name}: ", indent, f" = {default}"), default


_PLAIN = re.compile(r"[\w.]+")


def assignment(target: str, name: str) -> str:
    """`target = name` for a plain `name`: on one line when it fits, else `name` in
    parentheses on a line of its own; black leaves it long when it fits there neither."""
    line = f"{target} = {name}"
    if fits(line) or not fits("    " + name):
        return line
    return f"{target} = (\n    {name}\n)"


def import_line(module: str, names: Sequence[str], indent: str = "") -> str:
    """`from module import names` at `indent`, parenthesized one name per line when too long."""
    head = f"from {module} import "
    line = head + ", ".join(names)
    return line if fits(indent + line) else head + items("(", names, ")", head, indent)

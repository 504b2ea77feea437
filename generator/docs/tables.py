"""Markdown building blocks for the reference docs: escaping, cells and padded tables.

Spec descriptions are CommonMark, so their formatting is kept, but nothing in them may
change the page around them: raw HTML is neutralized (outside code spans), headings and
stray code fences are escaped, and table cells escape `|` and newlines.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence

from openapi_sdkgen.model import ir
from openapi_sdkgen.emit import pytext

BR = "<br/>"
CHECK, MINUS = ":heavy_check_mark:", ":heavy_minus_sign:"
DEPRECATED = ":warning: **DEPRECATED**: This will be removed in a future release, please migrate away from it as soon as possible."

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_CONTROL: Dict[int, Optional[str]] = {i: None for i in range(32) if chr(i) not in "\n\t"}
_CONTROL.update({0x7F: None, ord("\t"): " "})
_HEADING = re.compile(r"^( {0,3})(#|=+\s*$|-+\s*$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_PYTHON_FENCE = re.compile(r"^( {0,3}(?:```+|~~~+))\s*(?:python3?|py3?)\b.*$", re.I)
_LINK = re.compile(r"!?\[([^\[\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)")
_WEB = re.compile(r"(https?|mailto):", re.I)
_TAG = re.compile("<")
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


# --- escaping ----------------------------------------------------------------------


def inline(text: str) -> str:
    """Spec text kept as markdown, with raw HTML (and so comments) shown as text.

    Links other than web URLs are reduced to their text: relative ones point into the
    API's own website and would dangle here, other schemes (javascript:) are not links.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    if "[" in text:  # most spec text holds neither a link nor a tag: skip the scans
        text = _outside_code(text, _LINK, lambda m: m.group(0) if _WEB.match(m.group(2)) else m.group(1))
    return _outside_code(text, _TAG, lambda m: "&lt;") if "<" in text else text


def _outside_code(text: str, pattern: "re.Pattern[str]", repl: Callable[["re.Match[str]"], str]) -> str:
    """Replace matches of `pattern` that do not start inside a code span."""
    if "`" not in text:
        return pattern.sub(repl, text)
    spans = [m.span() for m in _CODE_SPAN.finditer(text)]
    return pattern.sub(lambda m: m.group(0) if any(a <= m.start() < b for a, b in spans) else repl(m), text)


def block(text: str) -> str:
    """A paragraph of spec text that cannot open a heading or swallow the page in a fence.

    Code blocks in spec text lose a Python info string: every ```python block in the
    docs is then one the generator wrote (and the test suite runs).
    """
    lines = inline(text.strip()).split("\n")
    unbalanced = sum(1 for line in lines if _FENCE.match(line)) % 2 == 1
    escaped = []
    for line in lines:
        if _HEADING.match(line) or (unbalanced and _FENCE.match(line)):
            stripped = line.lstrip(" ")
            line = line[: len(line) - len(stripped)] + "\\" + stripped
        escaped.append(_PYTHON_FENCE.sub(r"\1", line))
    return "\n".join(escaped)


def line(text: str) -> str:
    """Spec text that must stay on one line (a title): whitespace runs become one space."""
    return inline(" ".join(text.split()))


def plain(text: str) -> str:
    """Data shown as literal text (never markdown): every special character escaped."""
    return _SPECIAL.sub(r"\\\1", text.translate(_CONTROL)).replace("\n", " ")


def cell(text: str, empty: str = "N/A") -> str:
    """One table cell of spec text: `|` escaped, newlines as <br/>."""
    value = inline(text).strip().replace("|", "\\|").replace("\n", BR)
    return value or empty


def code_span(text: str) -> str:
    """`text` as inline code, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str) -> str:
    """`text` in a code block without an info string, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def html_attribute(text: str) -> str:
    """A double-quoted attribute value inside an HTML comment (cannot end the comment)."""
    text = " ".join(text.translate(_CONTROL).split("\n"))
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def example_cell(value: Any) -> str:
    """An example as Speakeasy shows it: strings as they are, anything else as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, indent=0, ensure_ascii=False, default=str)
    return cell(text, empty="")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading (link markup reduced to its text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return "".join(ch for ch in text if ch in "-_ " or unicodedata.category(ch)[0] in "LN").replace(" ", "-")


# --- tables --------------------------------------------------------------------------


_MAX_WIDTH = 1000  # the seeds' widest padded cell is 844 characters


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table padded as the seeds are: every column as wide as the widest cell.

    As in Speakeasy's output, a <br/> counts as the one newline it stands for when
    measuring, so a cell holding some may overflow the width instead of setting it.
    Cells longer than _MAX_WIDTH overflow too: padding every cell of every row to one
    huge description would multiply the page's size by rows x columns.
    """
    grid = [list(headers)] + [list(row) for row in rows]
    lengths = (len(c) - (len(BR) - 1) * c.count(BR) for row in grid for c in row)
    width = max([3] + [n for n in lengths if n <= _MAX_WIDTH])

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(width) for c in row) + " |"

    separator = "| " + " | ".join("-" * width for _ in headers) + " |"
    return "\n".join([line(grid[0]), separator] + [line(row) for row in grid[1:]])


def field_table(first: str, rows: Sequence[Sequence[str]]) -> str:
    """`Parameter`/`Field` tables: the Example column only when some row has an example."""
    headers = [first, "Type", "Required", "Description", "Example"]
    if any(row[4] for row in rows):
        return table(headers, rows)
    return table(headers[:4], [row[:4] for row in rows])


def name_cell(name: str, deprecated: bool) -> str:
    return f"~~`{name}`~~" if deprecated else f"`{name}`"


def description_cell(doc: ir.Doc) -> str:
    text = cell(doc.description or doc.summary)
    if not doc.deprecated:
        return text
    return DEPRECATED if text == "N/A" else f"{DEPRECATED}{BR}{BR}{text}"


def row(name: str, type_cell: str, required: bool, doc: ir.Doc) -> List[str]:
    example = example_cell(doc.example) if doc.has_example else ""
    return [name_cell(name, doc.deprecated), type_cell, CHECK if required else MINUS, description_cell(doc), example]


# --- type cells ------------------------------------------------------------------------

_KINDS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "bytes": "bytes", "date": "date", "datetime": "datetime"}


def wrapper(required: bool, nullable: bool) -> Optional[str]:
    """The annotation wrapper of a field or parameter (DESIGN section 5)."""
    if required:
        return "Nullable" if nullable else None
    return "OptionalNullable" if nullable else "Optional"


def _wrap(wrapper_name: Optional[str], text: str) -> str:
    return f"{wrapper_name}[{text}]" if wrapper_name else text


class TypeCells:
    """Type cells as in the seeds: primitives in italics, named types as links.

    The wrapper goes inside the italics or the link text (`*Optional[int]*`,
    `[Optional[models.X](x.md)]`); lists and dicts show none (`List[[models.X](x.md)]`).
    """

    def __init__(self, link: Callable[[str], str], file_link: str) -> None:
        self.link = link  # definition name -> relative href
        self.file_link = file_link

    def of(self, t: ir.TypeRef, required: bool, nullable: bool) -> str:
        return self.cell(t, wrapper(required, nullable))

    def cell(self, t: ir.TypeRef, wrapper_name: Optional[str] = None) -> str:
        if isinstance(t, ir.Nullable):
            return self.cell(t.inner, wrapper_name or "Optional")
        if isinstance(t, ir.ListType):
            return f"List[{self.cell(t.item)}]"
        if isinstance(t, ir.MapType):
            return f"Dict[str, {self.cell(t.value)}]"
        if isinstance(t, ir.Ref):
            return f"[{_wrap(wrapper_name, 'models.' + t.name)}]({self.link(t.name)})"
        if isinstance(t, ir.FileType):
            return f"[{_wrap(wrapper_name, 'models.File')}]({self.file_link})"
        if isinstance(t, ir.UnionType) and not all(_is_plain(m) for m in t.members):
            return "Union[" + ", ".join(self.cell(m) for m in t.members) + "]"
        return f"*{_wrap(wrapper_name, plain_type(t))}*"


def _is_plain(t: ir.TypeRef) -> bool:
    return isinstance(t, (ir.Primitive, ir.LiteralType, ir.AnyType)) or (isinstance(t, ir.UnionType) and all(_is_plain(m) for m in t.members))


def plain_type(t: ir.TypeRef) -> str:
    """Annotation text of a type that is not a link (markdown-escaped literal values)."""
    if isinstance(t, ir.Primitive):
        return _KINDS.get(t.kind, "Any")
    if isinstance(t, ir.LiteralType):
        return "Literal[" + ", ".join(plain(pytext.literal(v)) for v in t.values) + "]"
    if isinstance(t, ir.UnionType):
        return "Union[" + ", ".join(plain_type(m) for m in t.members) + "]"
    if isinstance(t, ir.Nullable):
        return f"Optional[{plain_type(t.inner)}]"
    return "Any"

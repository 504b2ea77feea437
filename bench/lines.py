"""Lines of the emitted package, split into code, docstring/comment and blank lines."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import Dict

# orq-ai-sdk 4.17.13's modules of the three Router operations: the model modules
# createchatcompletionop.py (4,529 lines), createimageop.py (762) and
# createimagevariationop.py (764), and the resource modules with their methods,
# orq_completions.py (755), generations.py (395) and variations.py (397): 7,602 lines.
SPEAKEASY_LINES = 7_600
# Not in that figure: the lines of orq-ai-sdk's models/__init__.py that import, list and
# map the names of those three model modules (1,272 of its 26,847).
SPEAKEASY_EXPORT_LINES = 1_272
_PROLOGUE = (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)


def classify(source: str) -> Dict[str, int]:
    lines = source.splitlines()
    kinds = ["blank" if not line.strip() else "code" for line in lines]
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and lines[token.start[0] - 1].lstrip().startswith("#"):
            kinds[token.start[0] - 1] = "doc"
        elif token.type == tokenize.STRING and previous in _PROLOGUE:  # a statement that is only a string
            for row in range(token.start[0], token.end[0] + 1):
                kinds[row - 1] = "doc"
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return {kind: kinds.count(kind) for kind in ("code", "doc", "blank")}


def count(package: Path) -> Dict[str, Dict[str, int]]:
    """Per part of the package: "models" and "resources" (their modules), "exports" (their
    `__init__.py`, which re-export them), "utils" (the runtime) and "top" (the client,
    errors and the package's own `__init__.py`)."""
    parts: Dict[str, Dict[str, int]] = {}
    for path in sorted(package.rglob("*.py")):
        part = path.parent.name if path.parent != package else "top"
        if part in ("models", "resources") and path.name == "__init__.py":
            part = "exports"
        totals = parts.setdefault(part, {"files": 0, "code": 0, "doc": 0, "blank": 0})
        totals["files"] += 1
        for kind, n in classify(path.read_text(encoding="utf-8")).items():
            totals[kind] += n
    for totals in parts.values():
        totals["total"] = totals["code"] + totals["doc"] + totals["blank"]
    return parts

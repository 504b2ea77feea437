"""Lines of the emitted package, split into code, docstring/comment and blank lines."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import Dict

SPEAKEASY_LINES = 7_600  # orq-ai-sdk's resource and model modules of the three Router operations
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
    """Per part of the package ("models", "resources", "utils" = the runtime, "top")."""
    parts: Dict[str, Dict[str, int]] = {}
    for path in sorted(package.rglob("*.py")):
        part = path.parent.name if path.parent != package else "top"
        totals = parts.setdefault(part, {"files": 0, "code": 0, "doc": 0, "blank": 0})
        totals["files"] += 1
        for kind, n in classify(path.read_text(encoding="utf-8")).items():
            totals[kind] += n
    for totals in parts.values():
        totals["total"] = totals["code"] + totals["doc"] + totals["blank"]
    return parts

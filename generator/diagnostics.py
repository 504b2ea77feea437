"""Errors and warnings that name their place in the spec (file, JSON pointer, line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, Optional, Sequence, Tuple, Union

Severity = Literal["error", "warning"]
PathPart = Union[str, int]


def to_pointer(parts: Iterable[PathPart]) -> str:
    """RFC 6901 JSON pointer for a path of keys and indexes."""
    return "#/" + "/".join([str(p).replace("~", "~0").replace("/", "~1") for p in parts])


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    message: str
    path: Tuple[PathPart, ...] = ()
    file: str = ""
    line: Optional[int] = None
    in_spec: bool = True  # False for the output or the config: no JSON pointer to print
    tolerated: str = ""  # for an error --lenient turns into a warning: what the generator does instead

    def under(self, lenient: bool) -> "Diagnostic":
        """This diagnostic as reported with or without --lenient."""
        if not self.tolerated or self.severity != "error":
            return self
        if lenient:
            return Diagnostic("warning", f"{self.message} (tolerated: {self.tolerated})", self.path, self.file, self.line, self.in_spec)
        return Diagnostic("error", f"{self.message} (--lenient tolerates this: {self.tolerated})", self.path, self.file, self.line, self.in_spec)

    @property
    def pointer(self) -> str:
        return to_pointer(self.path)

    def __str__(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        prefix = f"{place}: " if place else ""
        pointer = f"{printable(self.pointer)}: " if self.in_spec else ""
        return f"{prefix}{self.severity}: {pointer}{printable(self.message)}"


def printable(text: str) -> str:
    """Spec text for a terminal: control and bidi characters escaped, so a name cannot
    rewrite the line it is printed on."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class GeneratorError(Exception):
    """User error: the run stops, nothing is written, every diagnostic is reported."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def error(message: str, path: Sequence[PathPart] = (), file: str = "") -> GeneratorError:
    return GeneratorError([Diagnostic("error", message, tuple(path), file)])


def output_error(messages: Sequence[Tuple[str, str]]) -> GeneratorError:
    """Errors about files of the output, each (file, message)."""
    return GeneratorError([Diagnostic("error", message, (), file, in_spec=False) for file, message in messages])


class FormatError(Exception):
    """Emitted code that does not parse: a generator bug, reported with the file."""

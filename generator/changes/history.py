"""What an output directory remembers of its previous generation, and what changed since.

The previous API surface (`.sdkgen/surface.json`) is compared with the new one; the
changes are reported and filed in the output's CHANGELOG.md, which is carried over
unchanged when the API did not change, so regenerating never changes a byte for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

from openapi_sdkgen.diagnostics import error
from openapi_sdkgen.changes.diff import Change, compare
from openapi_sdkgen.changes.report import CHANGELOG, render_body, render_report, update_changelog
from openapi_sdkgen.changes.surface import Json, read_surface

REPORT_HEADING = "API changes since the previous generation"


@dataclass(frozen=True)
class History:
    changes: Tuple[Change, ...] = ()
    report: str = ""  # markdown; empty when nothing changed or nothing was generated before


def apply_history(files: Dict[str, str], surface: Json, out: Path) -> Tuple[Dict[str, str], History]:
    """`files` plus the output's changelog, updated with the changes since the last generation."""
    previous = read_surface(out)
    changes = tuple(compare(previous, surface)) if previous is not None else ()
    old_version = str(previous.get("version", "")) if previous is not None else surface["version"]
    body = render_body(changes, old_version, 3) if changes else ""
    changelog = update_changelog(_read_changelog(out), body, old_version, surface["version"])
    if changelog is None:
        return files, History()
    report = render_report(changes, old_version, REPORT_HEADING) if changes else ""
    return {**files, CHANGELOG: changelog}, History(changes, report)


def _read_changelog(out: Path) -> Optional[str]:
    path = out / CHANGELOG
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read the changelog to update it: {exc}", file=str(path)) from None

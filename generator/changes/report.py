"""The change report in markdown, the version bump it calls for, and the changelog.

`sdkgen diff` prints the report; `sdkgen generate` files it in the output's
CHANGELOG.md, newest first, under `## Unreleased` until the configured version
changes, at which point that section takes the new version's name. A generation
without API changes leaves the changelog untouched, byte for byte.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import List, Optional, Sequence

from openapi_sdkgen.changes.diff import MAJOR, MINOR, MODELS, PATCH, Change

CHANGELOG = "CHANGELOG.md"
UNRELEASED = "Unreleased"
_RELEASE = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def bump_level(changes: Sequence[Change]) -> Optional[str]:
    """The semver level the changes call for, or None when there are none."""
    levels = {change.level for change in changes}
    return next((level for level in (MAJOR, MINOR, PATCH) if level in levels), None)


def next_version(version: str, level: str) -> str:
    """`version` bumped at `level`; a 0.x version moves breaking changes to its minor number."""
    match = _RELEASE.match(version)
    if match is None:
        return version
    major, minor, patch = (int(part or 0) for part in match.groups())
    if major == 0:
        level = MINOR if level == MAJOR else PATCH
    if level == MAJOR:
        return f"{major + 1}.0.0"
    if level == MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def summary(changes: Sequence[Change], version: str) -> str:
    level = bump_level(changes)
    if level is None:
        return "No changes to the API surface."
    breaking = sum(change.breaking for change in changes)
    counts = f"{_plural(breaking, 'breaking change')}, {_plural(len(changes) - breaking, 'other change')}."
    target = next_version(version, level)
    bump = _part_changed(version, target)
    advice = f"Suggested version bump: **{bump}** ({version} -> {target})"
    if bump != level:
        advice += f"; a 0.x version takes {'breaking' if level == MAJOR else 'compatible'} changes in its {bump} number"
    return f"{counts} {advice}."


def render_body(changes: Sequence[Change], version: str, level: int) -> str:
    """The summary, then one section per method (and one for the models package)."""
    lines = [summary(changes, version)]
    for method, group in groupby(changes, key=lambda change: change.method):
        title = "Models" if method == MODELS else f"`{method}`"
        lines += ["", f"{'#' * level} {title}", ""]
        lines += [_line(change) for change in group]
    return "\n".join(lines) + "\n"


def render_report(changes: Sequence[Change], version: str, heading: str) -> str:
    return f"# {heading}\n\n{render_body(changes, version, 2)}"


def update_changelog(existing: Optional[str], entry: str, old_version: str, new_version: str) -> Optional[str]:
    """`existing` with `entry` (a rendered body, or "") filed under its version; None: no changelog."""
    if existing is None and not entry:
        return None
    lines = (existing or "# Changelog\n").splitlines()
    released = new_version != old_version
    if released:
        lines = [f"## {new_version}" if line == f"## {UNRELEASED}" else line for line in lines]
    if entry:
        _file_entry(lines, f"## {new_version if released else UNRELEASED}", entry.rstrip("\n").splitlines())
    return "\n".join(lines).rstrip("\n") + "\n"


def _file_entry(lines: List[str], heading: str, entry: List[str]) -> None:
    """Append to the newest section when it is `heading`, else open that section on top."""
    sections = [i for i, line in enumerate(lines) if line.startswith("## ")]
    if sections and lines[sections[0]] == heading:
        end = sections[1] if len(sections) > 1 else len(lines)
        while end > sections[0] + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = ["", *entry]
        return
    top = sections[0] if sections else len(lines)
    lines[top:top] = [heading, "", *entry, ""] if top < len(lines) else ["", heading, "", *entry]


def _line(change: Change) -> str:
    marker = "**breaking** " if change.breaking else ""
    where = f"`{change.path}`: " if change.path else ""
    return f"- {marker}{where}{change.text}"


def _part_changed(version: str, target: str) -> str:
    old, new = (_RELEASE.match(v) for v in (version, target))
    if old is None or new is None:
        return PATCH
    parts = [int(p or 0) for p in old.groups()], [int(p or 0) for p in new.groups()]
    return MAJOR if parts[0][0] != parts[1][0] else MINOR if parts[0][1] != parts[1][1] else PATCH


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"

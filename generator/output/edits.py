"""Edits users make to generated files, kept across regeneration.

Each generation keeps a pristine copy of what it wrote under `.sdkgen/pristine/`, and its
manifest the digest of each file. A file whose bytes no longer match its digest was edited
by the user: the next generation merges the edit with the new output (merge.py), against
the pristine copy as the common base. The manifest goes on recording the generated text's
digest, so an edit is merged again on every regeneration, and a merged file that could not
be merged cleanly keeps conflict markers and is listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection, Dict, List, NamedTuple, Optional, Tuple

from openapi_sdkgen.output.merge import merge3
from openapi_sdkgen.output.write import digest, read_manifest

PRISTINE = ".sdkgen/pristine/"


class Edits(NamedTuple):
    files: Dict[str, str]  # what the output should hold: the new files with the user's edits merged, and their pristine copies
    recorded: Dict[str, str]  # the manifest's digest of each merged file: that of the generated text
    kept: Tuple[str, ...] = ()  # edited files whose edits were merged in cleanly
    conflicts: Tuple[str, ...] = ()  # edited files left with conflict markers
    orphans: Tuple[str, ...] = ()  # edited files no longer generated: kept as the user's


def with_user_edits(out: Path, files: Dict[str, str], carried: Collection[str] = ()) -> Edits:
    """`files` as the output should hold them, given the edits made in `out` since the last
    generation. `carried` files carry their edits themselves (the changelog) and are left out."""
    tracked = {path: text for path, text in files.items() if _tracked(path, carried)}
    merged = dict(files)
    merged.update({PRISTINE + path: text for path, text in tracked.items()})
    recorded: Dict[str, str] = {}
    kept: List[str] = []
    conflicts: List[str] = []
    orphans: List[str] = []
    for path, generated_digest in sorted(read_manifest(out).items()):
        current = _read(out / path) if _tracked(path, carried) else None
        if current is None or digest(current) == generated_digest:
            continue  # not edited, or gone
        if path not in tracked:
            orphans.append(path)
            continue
        text, conflicted = _merged(_read(out / (PRISTINE + path)), current, tracked[path])
        merged[path], recorded[path] = text, digest(tracked[path])
        (conflicts if conflicted else kept).append(path)
    return Edits(merged, recorded, tuple(kept), tuple(conflicts), tuple(orphans))


def _merged(base: Optional[str], yours: str, generated: str) -> Tuple[str, bool]:
    """The merge, or without a base (an output from before pristine copies) the two whole texts as a conflict."""
    if base is None:
        base = ""
    result = merge3(base, yours, generated)
    return result.text, result.conflicts > 0


def _tracked(path: str, carried: Collection[str]) -> bool:
    return not path.startswith(".sdkgen/") and path not in carried


def _read(path: Path) -> Optional[str]:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None

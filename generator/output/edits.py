"""Edits users make to generated files, kept across regeneration.

Each generation keeps a pristine copy of what it wrote under `.sdkgen/pristine/`, and its
manifest the digest of each file. A file whose bytes no longer match its digest was edited
by the user: the next generation merges the edit with the new output (merge.py), against
the pristine copy as the common base. The manifest goes on recording the generated text's
digest, so an edit is merged again on every regeneration, and a merged file that could not
be merged cleanly keeps conflict markers and is listed.
"""

from __future__ import annotations

import hashlib
import os
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
    for path, current in _edited(out, read_manifest(out), carried):
        if path not in tracked:
            orphans.append(path)
            continue
        text, conflicted = _merged(_read(out / (PRISTINE + path)), current, tracked[path])
        merged[path], recorded[path] = text, digest(tracked[path])
        (conflicts if conflicted else kept).append(path)
    return Edits(merged, recorded, tuple(kept), tuple(conflicts), tuple(orphans))


def _edited(out: Path, manifest: Dict[str, str], carried: Collection[str]) -> List[Tuple[str, str]]:
    """(path, text) of each generated file in `out` that no longer has the digest it was written
    with. Bytes are hashed as read, and decoded only for an edited file: an SDK has thousands."""
    found = []
    root = str(out)
    for path in sorted(manifest):
        if not _tracked(path, carried):
            continue
        try:
            with open(os.path.join(root, path), "rb") as file:  # not pathlib: its objects cost more than the read
                data = file.read()
        except OSError:
            continue  # gone: written anew
        if hashlib.sha256(data).hexdigest() != manifest[path]:
            text = _decoded(data)
            if text is not None:
                found.append((path, text))
    return found


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
        return _decoded(path.read_bytes())
    except OSError:
        return None


def _decoded(data: bytes) -> Optional[str]:
    """The text as written (newlines kept as they are); None for what is not UTF-8 text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None

"""Write the output tree safely: all or nothing, stale files removed, user files kept.

The new tree is assembled in a temporary directory beside the output (same file
system), then swapped in with renames. A manifest of generated files and their hashes
tells generated files (ours to replace or delete) from files a user added (kept).
A run killed midway leaves its staging copy (or, between the two renames, the moved-away
output) beside the output; the next run restores or removes it first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Dict, List

MANIFEST = ".sdkgen/manifest.json"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(out: Path) -> Dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def manifest_text(files: Dict[str, str]) -> str:
    entries = {path: digest(text) for path, text in sorted(files.items())}
    return json.dumps({"generator": "sdkgen", "files": entries}, indent=2, sort_keys=True) + "\n"


def changed_files(out: Path, files: Dict[str, str]) -> List[str]:
    """Paths that a write would create, change or delete (for `sdkgen check`)."""
    changes = []
    for path, text in sorted({**files, MANIFEST: manifest_text(files)}.items()):
        target = out / path
        try:
            current = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            changes.append(path)
    changes.extend(sorted(p for p in read_manifest(out) if p not in files and (out / p).exists()))
    return changes


def write_tree(out: Path, files: Dict[str, str]) -> None:
    """Replace the generated files under `out` with `files`; leaves `out` intact on failure."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    previous = read_manifest(out)
    staging = Path(tempfile.mkdtemp(prefix=_prefix(out, "new"), dir=out.parent))
    try:
        _copy_user_files(out, staging, previous, files)
        for path, text in {**files, MANIFEST: manifest_text(files)}.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _copy_user_files(out: Path, staging: Path, previous: Dict[str, str], files: Dict[str, str]) -> None:
    if not out.is_dir():
        return
    for source in sorted(out.rglob("*")):
        relative = source.relative_to(out).as_posix()
        if source.is_dir() or relative in previous or relative in files or relative == MANIFEST:
            continue
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    backup = Path(tempfile.mkdtemp(prefix=_prefix(out, "old"), dir=out.parent))
    backup.rmdir()
    os.replace(out, backup)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _prefix(out: Path, kind: str) -> str:
    """Staging ("new") and backup ("old") directories carry the writer's process id."""
    return f".{out.name}.{kind}-{os.getpid()}-"


def recover(out: Path) -> None:
    """Clean up after writers of `out` that were killed: bring back a moved-away output, drop staging copies."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(new|old)-(\d+)-")
    if not out.parent.is_dir():
        return
    for leftover in sorted(out.parent.iterdir()):
        match = pattern.match(leftover.name)
        if match is None or not leftover.is_dir() or _alive(int(match.group(2))):
            continue
        if match.group(1) == "old" and not out.exists():
            os.replace(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True

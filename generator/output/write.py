"""Write the output tree safely: all or nothing, stale files removed, user files kept.

The new tree is assembled in a temporary directory beside the output (same file
system), then swapped in with renames. A manifest of generated files and their hashes
tells generated files (ours to replace or delete) from files a user added (kept).
A run killed midway leaves its staging copy (or, between the two renames, the moved-away
output) beside the output; the next run restores or removes it first.

A file whose bytes are the same as in the current output is hard-linked into the staging
copy instead of written again (most files, after a small change to the spec). That is
safe because no file is ever changed in place: the staging copy gets new files, and the
old tree is removed once the new one is in. Where linking fails (another file system,
no hard links), the file is written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from dataclasses import dataclass, field
from typing import Callable, Collection, Dict, List, Mapping

from openapi_sdkgen.diagnostics import output_error

MANIFEST = ".sdkgen/manifest.json"


@dataclass(frozen=True)
class Extras:
    """What a write does besides replacing the generated files."""

    recorded: Mapping[str, str] = field(default_factory=dict)  # manifest digests other than the text's (merged user edits)
    keep: Collection[str] = ()  # generated before, now the user's: kept, and left out of the manifest
    once: Mapping[str, str] = field(default_factory=dict)  # written only where missing, never in the manifest


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(out: Path) -> Dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _manifest(digests: Dict[str, str]) -> str:
    return json.dumps({"generator": "sdkgen", "files": dict(sorted(digests.items()))}, indent=2, sort_keys=True) + "\n"


def changed_files(out: Path, files: Dict[str, str], extras: Extras = Extras()) -> List[str]:
    """Paths that a write would create, change or delete (for `sdkgen check`)."""
    changes = [path for path in sorted(extras.once) if not os.path.lexists(out / path)]
    manifest = _manifest({path: extras.recorded.get(path) or digest(text) for path, text in files.items()})
    for path, text in sorted({**files, MANIFEST: manifest}.items()):
        target = out / path
        try:
            current = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            changes.append(path)
    changes.extend(sorted(p for p in read_manifest(out) if p not in files and p not in extras.keep and (out / p).exists()))
    return changes


def check_output_dir(out: Path) -> None:
    """`out` can be an output directory: it is one, or does not exist yet."""
    if out.exists() and not out.is_dir():
        raise output_error([(str(out), "the output must be a directory, and this is a file: give -o/--output a directory")])


def foreign_files(out: Path, files: Dict[str, str]) -> List[str]:
    """Files in `out` that a write would replace although no generation wrote them (the user's)."""
    previous = read_manifest(out)
    return sorted(path for path in files if path not in previous and os.path.lexists(out / path))


def write_tree(out: Path, files: Dict[str, str], ready: Callable[[], object] = lambda: None, force: bool = False, extras: Extras = Extras()) -> None:
    """Replace the generated files under `out` with `files`; leaves `out` intact on failure.

    `ready` is the caller's last check, called once before `out` changes: an exception
    from it changes nothing. The files are staged meanwhile (the spec's validation may
    still be running), unless `out`'s parent does not exist: it is made only for a run
    that passed.
    """
    out = out.resolve()
    staged_first = out.parent.is_dir()
    if not staged_first:
        ready()
        out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    previous = read_manifest(out)
    foreign = [] if force else foreign_files(out, files)
    if foreign:
        reason = "exists and was not written by sdkgen (it is not in .sdkgen/manifest.json): move it away, or pass --force to replace it"
        raise output_error([(str(out / path), reason) for path in foreign])
    staging = _staging_dir(out)
    try:
        stage = _Staging(out, staging)
        _copy_user_files(stage, {path: d for path, d in previous.items() if path not in extras.keep}, files)
        digests = {}
        for path, text in files.items():
            data = text.encode("utf-8")
            written = hashlib.sha256(data).hexdigest()
            digests[path] = extras.recorded.get(path, written)
            if previous.get(path) != written or not stage.link_same(path, data):
                stage.write(path, text)
        for path, text in extras.once.items():
            if not os.path.lexists(out / path):
                stage.write(path, text)
        stage.write(MANIFEST, _manifest(digests))
        if staged_first:
            ready()
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _staging_dir(out: Path) -> Path:
    """A new directory beside `out` for the new tree; an error naming `out` when there is no room."""
    try:
        return Path(tempfile.mkdtemp(prefix=_prefix(out, "new"), dir=out.parent))
    except OSError as exc:
        raise output_error([(str(out), f"cannot write the output: {exc.strerror or exc} (the new files are staged beside it, in {out.parent}, which must be writable)")]) from None


class _Staging:
    """The staging copy of the output: new files written, unchanged ones linked from the output."""

    def __init__(self, out: Path, staging: Path) -> None:
        self.out, self.staging = out, staging
        self._made = {str(staging)}

    def write(self, path: str, text: str) -> None:
        Path(self._target(path)).write_text(text, encoding="utf-8", newline="\n")

    def link_same(self, path: str, data: bytes) -> bool:
        """Link the output's file at `path` when it holds `data` (a user may have edited it since)."""
        source = os.path.join(self.out, path)
        try:
            info = os.lstat(source)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            with open(source, "rb") as current:
                if current.read() != data:
                    return False
        except OSError:
            return False
        return self._link(source, path)

    def copy_user_file(self, path: str) -> None:
        source = os.path.join(self.out, path)
        if os.path.islink(source) or not self._link(source, path):
            shutil.copy2(source, self._target(path))

    def _link(self, source: str, path: str) -> bool:
        try:
            os.link(source, self._target(path))
        except OSError:
            return False
        return True

    def _target(self, path: str) -> str:
        target = os.path.join(self.staging, path)
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return target


def _copy_user_files(stage: _Staging, previous: Dict[str, str], files: Dict[str, str]) -> None:
    """Files in the output that no generation wrote, into the staging copy (linked where possible),
    and its empty directories (a new git repository's `refs/heads`, say)."""
    if not stage.out.is_dir():
        return
    for directory, subdirectories, names in os.walk(stage.out):
        subdirectories.sort()
        relative = os.path.relpath(directory, stage.out).replace(os.sep, "/")
        if not subdirectories and not names and relative != ".":
            os.makedirs(os.path.join(stage.staging, relative), exist_ok=True)
        for name in sorted(names):
            path = name if relative == "." else f"{relative}/{name}"
            if path not in previous and path not in files and path != MANIFEST:
                stage.copy_user_file(path)


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
    remove_tree(backup)


def remove_tree(root: Path) -> None:
    """shutil.rmtree(root, ignore_errors=True), with the directories removed from a few threads.

    Removing a directory can wait on the file system (about 4 ms each on some virtual disks,
    0.4 s for an SDK's tree); from several threads those waits overlap. Deepest first, as
    a directory must be empty to go.
    """
    levels: Dict[int, List[str]] = {}
    for directory, subdirectories, names in os.walk(root):
        for name in names + [d for d in subdirectories if os.path.islink(os.path.join(directory, d))]:
            _quietly(os.unlink, os.path.join(directory, name))
        levels.setdefault(directory.count(os.sep), []).append(directory)
    with ThreadPoolExecutor(max_workers=8) as pool:
        for depth in sorted(levels, reverse=True):
            list(pool.map(functools.partial(_quietly, os.rmdir), levels[depth]))
    shutil.rmtree(root, ignore_errors=True)  # whatever could not go above, as far as it can


def _quietly(remove: Callable[[str], None], path: str) -> None:
    try:
        remove(path)
    except OSError:
        pass


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

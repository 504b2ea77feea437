"""A small content-addressed cache on disk, so unchanged work is not redone.

Entries are keyed by a hash of everything that determines them (input text and
tool versions); a corrupt or missing entry is simply recomputed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Optional


def cache_root() -> Path:
    explicit = os.environ.get("SDKGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdkgen"


def content_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def source_key(path: str, *parts: str) -> str:
    """A key that changes with the text of the source file at `path` (and `parts`)."""
    return content_key(Path(path).read_text(encoding="utf-8"), *parts)


class DiskCache:
    def __init__(self, namespace: str, enabled: bool = True) -> None:
        self.directory = cache_root() / namespace
        self.enabled = enabled and os.environ.get("SDKGEN_NO_CACHE") is None

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def get(self, key: str) -> Optional[str]:
        data = self.get_bytes(key)
        try:
            return data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            return None

    def put(self, key: str, value: str) -> None:
        self.put_bytes(key, value.encode("utf-8"))

    def get_bytes(self, key: str) -> Optional[bytes]:
        if not self.enabled:
            return None
        try:
            return self._file(key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, key: str, value: bytes) -> None:
        if not self.enabled:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            temporary.write_bytes(value)
            os.replace(temporary, target)
        except OSError:
            pass  # a cache that cannot be written only costs time

"""Shared fixtures: the committed generated/ package on sys.path, shared specs, a mock API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(GENERATED / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: seeds and real-world specs live beside the repository")
    return SHARED


@pytest.fixture
def api_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A known API key in ORQ_API_KEY, and no server or debug override from the environment."""
    monkeypatch.setenv("ORQ_API_KEY", "test-key-123")
    monkeypatch.delenv("ORQ_SERVER_URL", raising=False)
    monkeypatch.delenv("ORQ_DEBUG", raising=False)
    yield "test-key-123"

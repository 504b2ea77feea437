"""Fixtures for tests of the emitted SDK through its public API: servers, a second SDK, fault counts."""

from __future__ import annotations

import importlib
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from faultserver import FaultServer

ROOT = Path(__file__).resolve().parents[2]
SHOP_SPEC = Path(__file__).resolve().parent / "specs" / "shop.yaml"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key, server or debug switch leaks in from the environment."""
    for prefix in ("ORQ", "SHOP"):
        for name in ("API_KEY", "SERVER_URL", "DEBUG"):
            monkeypatch.delenv(f"{prefix}_{name}", raising=False)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as started:
        yield started


@pytest.fixture
def other_host() -> Iterator[FaultServer]:
    """A second server on another loopback host (127.0.0.2, else `localhost`)."""
    try:
        started = FaultServer("127.0.0.2").start()
    except OSError:
        started = FaultServer("127.0.0.1", url_host="localhost").start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The SDK generated from specs/shop.yaml: declared error statuses, an apiKey header."""
    out = tmp_path_factory.mktemp("shop")
    config = out.parent / "shop-sdk.yaml"
    # names from the paths, although the spec uses x-speakeasy-retries (the config key forces it)
    config.write_text("package: shop_sdk\ndistribution: shop-sdk\nsdk_class: Shop\nenv_prefix: SHOP\nversion: 1.0.0\nnaming: resource\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(SHOP_SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT, capture_output=True)
    sys.path.insert(0, str(out / "src"))
    try:
        importlib.import_module("shop_sdk.errors")  # so tests can name shop.errors.X up front
        yield importlib.import_module("shop_sdk")
    finally:
        sys.path.remove(str(out / "src"))


class FaultLog:
    """Counts the client fault scenarios tried and those that ended as expected."""

    def __init__(self) -> None:
        self.tried: List[str] = []
        self.passed: List[str] = []

    @contextmanager
    def scenario(self, name: str) -> Iterator[None]:
        self.tried.append(name)
        yield
        self.passed.append(name)


_FAULTS = FaultLog()


@pytest.fixture
def fault_log() -> FaultLog:
    return _FAULTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _FAULTS.tried:
        return
    failed = len(_FAULTS.tried) - len(_FAULTS.passed)
    terminalreporter.write_line(
        f"client faults: {len(_FAULTS.tried)} scenarios tried against a misbehaving local server, "
        f"{len(_FAULTS.passed)} ended in a typed error or a clean retry with no connection leaked"
        + (f", {failed} FAILED" if failed else "")
    )
